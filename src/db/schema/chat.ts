import type { Generated, Selectable } from 'kysely';
import type { Timestamp, Json, GeneratedTimestamp } from './columns.ts';

/** Chat, routing and ratings (migrations/004_chat.sql, 005_routing.sql, 011_chat_ratings.sql). */
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

export interface ChatTables {
  conversations: ConversationsTable;
  messages: MessagesTable;
  chat_uploads: ChatUploadsTable;
  agent_states: AgentStatesTable;
  service_groups: ServiceGroupsTable;
  service_group_members: ServiceGroupMembersTable;
  routing_settings: RoutingSettingsTable;
  suspend_requests: SuspendRequestsTable;
  conversation_assignments: ConversationAssignmentsTable;
  chat_ratings: ChatRatingsTable;
}

export type Conversation = Selectable<ConversationsTable>;
export type ChatMessageRow = Selectable<MessagesTable>;

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
