import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of the tables in migrations/, one place for Kysely to check queries against. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type GeneratedJson = ColumnType<unknown, string | undefined, string>;

export interface ShopsTable {
  id: Generated<number>;
  name: string;
  title: string;
  type: 'C' | 'B';
  timezone: Generated<string>;
  unpaid_close_hours: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface AccountsTable {
  id: Generated<number>;
  shop_id: number;
  login: string;
  display_name: string;
  is_main: Generated<boolean>;
  role: string;
  permissions: Generated<string[]>;
  max_discount_pct: Generated<number>;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface BuyersTable {
  id: Generated<number>;
  nick: string;
  password_hash: string;
  mobile: string | null;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number | null;
  buyer_id: number | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  shop_id: number;
  actor_kind: 'account' | 'buyer' | 'system';
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  created_at: GeneratedTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  shop_id: number;
  type: string;
  payload: Json;
  created_at: GeneratedTimestamp;
}

export interface ProductsTable {
  num_iid: Generated<number>;
  shop_id: number;
  title: string;
  price: number;
  weight_g: Generated<number>;
  approve_status: Generated<'onsale' | 'instock'>;
  material: Generated<string>;
  size_chart: Generated<string>;
  usage: Generated<string>;
  care: Generated<string>;
  suitable_for: Generated<string>;
  not_suitable_for: Generated<string>;
  notes: Generated<string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface SkusTable {
  sku_id: Generated<number>;
  num_iid: number;
  shop_id: number;
  properties_name: string;
  price: number;
  quantity: number;
  weight_g: number | null;
}

export interface TradesTable {
  tid: Generated<number>;
  shop_id: number;
  buyer_id: number;
  buyer_nick: string;
  status: string;
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
  total_fee: number;
  post_fee: number;
  original_post_fee: number;
  payment: number;
  pay_method: string | null;
  alipay_no: string | null;
  flag: Generated<number>;
  memo: Generated<string>;
  company_code: string | null;
  out_sid: string | null;
  close_reason: string | null;
  receive_delay_days: Generated<number>;
  created: Timestamp;
  pay_time: Timestamp | null;
  consign_time: Timestamp | null;
  end_time: Timestamp | null;
  modified: Timestamp;
  version: Generated<number>;
}

export interface OrdersTable {
  oid: Generated<number>;
  tid: number;
  shop_id: number;
  num_iid: number;
  sku_id: number;
  title: string;
  sku_properties_name: string;
  original_price: number;
  price: number;
  num: number;
  total_fee: number;
  status: string;
  end_time: Timestamp | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  key: string;
  shop_id: number | null;
  payload: GeneratedJson;
  run_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  done_at: Timestamp | null;
}

export interface EscrowPaymentsTable {
  alipay_no: string;
  shop_id: number;
  tid: number;
  amount: number;
  status: 'held' | 'released' | 'refunded';
  created_at: Timestamp;
  settled_at: Timestamp | null;
}

export interface ShippingTemplatesTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  is_default: Generated<boolean>;
  first_weight_g: number;
  first_fee: number;
  additional_weight_g: number;
  additional_fee: number;
  free_threshold: number | null;
  region_fees: GeneratedJson;
}

export interface DB {
  shops: ShopsTable;
  accounts: AccountsTable;
  buyers: BuyersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  products: ProductsTable;
  skus: SkusTable;
  trades: TradesTable;
  orders: OrdersTable;
  jobs: JobsTable;
  escrow_payments: EscrowPaymentsTable;
  shipping_templates: ShippingTemplatesTable;
}

export type Trade = Selectable<TradesTable>;
export type Order = Selectable<OrdersTable>;
export type Shop = Selectable<ShopsTable>;
export type Account = Selectable<AccountsTable>;
export type Product = Selectable<ProductsTable>;
export type Sku = Selectable<SkusTable>;
export type NewTrade = Insertable<TradesTable>;
export type NewOrder = Insertable<OrdersTable>;

// Chat and routing (migrations/004_chat.sql, 005_routing.sql); merged into DB above.
export type ConversationStatus = 'new' | 'waiting' | 'queued' | 'active' | 'ended';
export type Situation = 'presales' | 'unshipped' | 'aftersales';

export interface ConversationsTable {
  id: Generated<number>;
  shop_id: number;
  buyer_id: number;
  buyer_nick: string;
  status: Generated<ConversationStatus>;
  agent_id: number | null;
  situation: Situation | null;
  group_id: number | null;
  queue_seq: number | null;
  queued_at: Timestamp | null;
  assigned_at: Timestamp | null;
  last_agent_id: number | null;
  last_agent_at: Timestamp | null;
  last_seq: Generated<number>;
  last_message_at: Timestamp | null;
  last_buyer_message_at: Timestamp | null;
  buyer_read_seq: Generated<number>;
  agent_read_seq: Generated<number>;
  ended_at: Timestamp | null;
  route_pending: Generated<boolean>;
  sessions_ended: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface MessagesTable {
  conversation_id: number;
  seq: number;
  shop_id: number;
  sender_kind: 'buyer' | 'agent' | 'system';
  sender_id: number | null;
  sender_name: string;
  client_msg_id: string;
  kind: 'text' | 'emoji' | 'image' | 'product' | 'trade' | 'system';
  body: Json;
  created_at: Timestamp;
}

export interface ChatUploadsTable {
  id: string;
  shop_id: number;
  conversation_id: number;
  uploader_kind: 'buyer' | 'agent';
  uploader_id: number;
  mime: string;
  size: number;
  data: Buffer;
  created_at: Timestamp;
}

export interface AgentStatesTable {
  account_id: number;
  shop_id: number;
  status: Generated<'online' | 'busy' | 'suspended' | 'offline'>;
  reception_limit: Generated<number>;
  weight: Generated<number>;
  status_changed_at: Timestamp;
  last_assigned_at: Timestamp | null;
  assigned_count: Generated<number>;
}

export interface ServiceGroupsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface ServiceGroupMembersTable {
  group_id: number;
  account_id: number;
  shop_id: number;
}

export interface RoutingSettingsTable {
  shop_id: number;
  mode: Generated<'balanced' | 'round_robin' | 'weighted'>;
  presales_group_id: number | null;
  unshipped_group_id: number | null;
  aftersales_group_id: number | null;
  recent_contact_days: Generated<number>;
  idle_end_minutes: Generated<number>;
  queue_counter: Generated<number>;
}

export interface SuspendRequestsTable {
  id: Generated<number>;
  shop_id: number;
  account_id: number;
  reason: string;
  status: 'pending' | 'approved' | 'refused' | 'cancelled' | 'ended';
  requested_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  note: string | null;
  ended_at: Timestamp | null;
}

export interface ConversationAssignmentsTable {
  id: Generated<number>;
  shop_id: number;
  conversation_id: number;
  agent_id: number;
  via: 'recent' | 'group' | 'shop' | 'transfer' | 'reassign' | 'claim';
  from_agent_id: number | null;
  note: string | null;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface DB {
  conversations: ConversationsTable;
  messages: MessagesTable;
  chat_uploads: ChatUploadsTable;
  agent_states: AgentStatesTable;
  service_groups: ServiceGroupsTable;
  service_group_members: ServiceGroupMembersTable;
  routing_settings: RoutingSettingsTable;
  suspend_requests: SuspendRequestsTable;
  conversation_assignments: ConversationAssignmentsTable;
}

export type Conversation = Selectable<ConversationsTable>;
export type ChatMessageRow = Selectable<MessagesTable>;

// Post-chat satisfaction ratings (migrations/011_chat_ratings.sql); merged into DB above.
export interface ChatRatingsTable {
  id: Generated<number>;
  shop_id: number;
  conversation_id: number;
  session_no: number;
  buyer_id: number;
  agent_id: number | null;
  score: number;
  comment: string | null;
  created_at: Timestamp;
}

export interface DB {
  chat_ratings: ChatRatingsTable;
}

// Knowledge (migrations/008_knowledge.sql); merged into DB above.
export interface KnowledgeEntriesTable {
  id: Generated<number>;
  shop_id: number;
  question: string;
  similar_questions: Generated<string[]>;
  answer: string;
  num_iid: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface KnowledgeSettingsTable {
  shop_id: number;
  auto_reply_enabled: Generated<boolean>;
  auto_reply_threshold: Generated<number>;
  auto_reply_when_nobody_online: Generated<boolean>;
  auto_reply_offline_threshold: Generated<number>;
  auto_reply_prefix: Generated<string>;
  updated_at: GeneratedTimestamp;
}

export interface DB {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_settings: KnowledgeSettingsTable;
}

// Quick replies (migrations/010_quick_replies.sql); merged into DB above.
export interface ReplyGroupsTable {
  id: Generated<number>;
  shop_id: number;
  owner_id: number | null;
  name: string;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
}

export interface QuickRepliesTable {
  id: Generated<number>;
  shop_id: number;
  owner_id: number | null;
  group_id: number;
  code: string | null;
  text: string;
  used: Generated<number>;
  sort_order: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface DB {
  reply_groups: ReplyGroupsTable;
  quick_replies: QuickRepliesTable;
}

// Customers (migrations/012_customers.sql); merged into DB above.
export interface CustomersTable {
  id: Generated<number>;
  shop_id: number;
  nick: string;
  buyer_id: number | null;
  origin: 'trade' | 'chat' | 'import' | 'favourite' | 'buyer';
  mobile: string | null;
  notes: Generated<string>;
  opt_out: Generated<boolean>;
  trade_count: Generated<number>;
  paid_trade_count: Generated<number>;
  total_spend: Generated<number>;
  first_purchase_at: Timestamp | null;
  last_purchase_at: Timestamp | null;
  last_trade_at: Timestamp | null;
  favourites_count: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CustomerHistoryTradesTable {
  shop_id: number;
  tid: string;
  nick: string;
  status: string;
  created: Timestamp;
  pay_time: Timestamp | null;
  payment: number;
  title: string;
  num: number;
  num_iid: number | null;
  import_id: number | null;
}

export interface CustomerItemsTable {
  shop_id: number;
  num_iid: number;
  customer_id: number;
}

export interface CustomerTagsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  color: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface CustomerTagLinksTable {
  tag_id: number;
  customer_id: number;
  shop_id: number;
}

export interface CustomerSettingsTable {
  shop_id: number;
  levels: Json;
  updated_at: Timestamp;
}

export interface CustomerSegmentsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  rule: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerImportsTable {
  id: Generated<number>;
  shop_id: number;
  kind: 'customers' | 'trades';
  status: 'running' | 'done' | 'failed';
  file_name: Generated<string>;
  total: Generated<number>;
  processed: Generated<number>;
  imported: Generated<number>;
  rejected: Generated<number>;
  errors: GeneratedJson;
  failure: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ItemFavouritesTable {
  buyer_id: number;
  num_iid: number;
  shop_id: number;
  created_at: Timestamp;
}

export interface DB {
  customers: CustomersTable;
  customer_history_trades: CustomerHistoryTradesTable;
  customer_items: CustomerItemsTable;
  customer_tags: CustomerTagsTable;
  customer_tag_links: CustomerTagLinksTable;
  customer_settings: CustomerSettingsTable;
  customer_segments: CustomerSegmentsTable;
  customer_imports: CustomerImportsTable;
  item_favourites: ItemFavouritesTable;
}

// Broadcasts (migrations/013_broadcasts.sql); merged into DB above.
export interface BroadcastsTable {
  id: Generated<number>;
  shop_id: number;
  segment_id: number | null;
  segment_name: string;
  rule: Json;
  text: string;
  status: 'sending' | 'done' | 'cancelled';
  rate_per_minute: number;
  total: Generated<number>;
  sent: Generated<number>;
  skipped_opt_out: Generated<number>;
  failed: Generated<number>;
  batches: Generated<number>;
  created_by: number;
  created_by_name: string;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface BroadcastRecipientsTable {
  broadcast_id: number;
  customer_id: number;
  shop_id: number;
  nick: string;
  buyer_id: number | null;
  status: Generated<'pending' | 'sent' | 'skipped_opt_out' | 'failed'>;
  reason: string | null;
  conversation_id: number | null;
  seq: number | null;
  updated_at: Timestamp;
}

export interface DB {
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
}
