import type { Generated, Insertable, Selectable } from 'kysely';
import type { AftersalesTables } from './schema/aftersales.ts';
import type { ChatTables } from './schema/chat.ts';
import type { GeneratedJson, GeneratedTimestamp, Json, Timestamp } from './schema/columns.ts';
import type { BroadcastTables } from './schema/broadcasts.ts';
import type { CustomerTables } from './schema/customers.ts';
import type { IntegrationTables } from './schema/integration.ts';
import type { KnowledgeTables } from './schema/knowledge.ts';
import type { LogisticsTables } from './schema/logistics.ts';
import type { ReplyTables } from './schema/replies.ts';
import type { ReviewTables } from './schema/reviews.ts';
import type { StatsTables } from './schema/stats.ts';
import type { SupervisionTables } from './schema/supervision.ts';

/**
 * Row types of the tables in migrations/, one place for Kysely to check queries against: accounts, catalogue and
 * trades here, each later area in src/db/schema/.
 */
export type * from './schema/aftersales.ts';
export type * from './schema/broadcasts.ts';
export type * from './schema/chat.ts';
export type * from './schema/customers.ts';
export type * from './schema/integration.ts';
export type * from './schema/knowledge.ts';
export type * from './schema/logistics.ts';
export type * from './schema/replies.ts';
export type * from './schema/reviews.ts';
export type * from './schema/stats.ts';
export type * from './schema/supervision.ts';

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
  /** Paid back to the buyer, and paid to the shop, so far (fen): the rest is still held. */
  refunded: Generated<number>;
  released: Generated<number>;
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
  method: Generated<string>;
}

export interface DB extends ChatTables, KnowledgeTables, ReplyTables, CustomerTables, BroadcastTables, LogisticsTables,
  ReviewTables, AftersalesTables, IntegrationTables, StatsTables, SupervisionTables {
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
