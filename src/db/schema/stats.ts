import type { Generated } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './columns.ts';

/** Performance of the team (migrations/017_stats.sql): kept by triggers, rebuilt by `stats recompute`. */
export interface StatsSettingsTable {
  shop_id: number;
  attribution_days: Generated<number>;
  attribution_rule: Generated<'order_first' | 'payment' | 'order'>;
  version: Generated<number>;
  updated_at: GeneratedTimestamp;
}

export interface StatsAssignmentMarksTable {
  assignment_id: number;
  shop_id: number;
  conversation_id: number;
  agent_id: number;
  start_seq: number;
  end_seq: number | null;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface StatsConversationsTable {
  conversation_id: number;
  shop_id: number;
  unanswered_since: Timestamp | null;
  pending_msgs: Generated<number>;
}

/** A calendar day of the shop, as PostgreSQL's `date` (read back as text: 'YYYY-MM-DD'). */
type Day = string;

export interface StatsContactsTable {
  shop_id: number;
  agent_id: number;
  day: Day;
  buyer_id: number;
  buyer_msgs: Generated<number>;
  agent_msgs: Generated<number>;
  first_buyer_at: Timestamp | null;
  first_agent_at: Timestamp | null;
  last_agent_at: Timestamp | null;
  responses: Generated<number>;
  response_ms: Generated<number>;
  first_response_ms: number | null;
  inquiry: Generated<boolean>;
  converted: Generated<boolean>;
  ordered: Generated<number>;
  paid: Generated<number>;
}

export interface StatsAgentDaysTable {
  shop_id: number;
  day: Day;
  agent_id: number;
  consulted: Generated<number>;
  received: Generated<number>;
  inquired: Generated<number>;
  converted: Generated<number>;
  buyer_msgs: Generated<number>;
  agent_msgs: Generated<number>;
  responses: Generated<number>;
  response_ms: Generated<number>;
  first_responses: Generated<number>;
  first_response_ms: Generated<number>;
  ordered_buyers: Generated<number>;
  paid_buyers: Generated<number>;
  paid_trades: Generated<number>;
  sales: Generated<number>;
  items: Generated<number>;
  refunded_trades: Generated<number>;
  refund_fee: Generated<number>;
  ratings: Generated<number>;
  satisfied: Generated<number>;
  rating_sum: Generated<number>;
}

export interface StatsShopDaysTable {
  shop_id: number;
  day: Day;
  trades: Generated<number>;
  ordered_buyers: Generated<number>;
  paid_trades: Generated<number>;
  paid_buyers: Generated<number>;
  sales: Generated<number>;
  items: Generated<number>;
  refunded_trades: Generated<number>;
  refund_fee: Generated<number>;
}

export interface StatsBuyerDaysTable {
  shop_id: number;
  day: Day;
  buyer_id: number;
  ordered: Generated<number>;
  paid: Generated<number>;
}

export interface StatsProductDaysTable {
  shop_id: number;
  day: Day;
  num_iid: number;
  paid_trades: Generated<number>;
  items: Generated<number>;
  sales: Generated<number>;
}

export interface StatsTradesTable {
  tid: number;
  shop_id: number;
  buyer_id: number;
  created: Timestamp;
  order_agent_id: number | null;
  pay_time: Timestamp | null;
  pay_agent_id: number | null;
  credited_agent_id: number | null;
  payment: Generated<number>;
  items: Generated<number>;
  refunded: Generated<boolean>;
  refund_fee: Generated<number>;
}

export interface StatsKpiTargetsTable {
  shop_id: number;
  month: Day;
  targets: Json;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface StatsTables {
  stats_settings: StatsSettingsTable;
  stats_assignment_marks: StatsAssignmentMarksTable;
  stats_conversations: StatsConversationsTable;
  stats_contacts: StatsContactsTable;
  stats_agent_days: StatsAgentDaysTable;
  stats_shop_days: StatsShopDaysTable;
  stats_buyer_days: StatsBuyerDaysTable;
  stats_product_days: StatsProductDaysTable;
  stats_trades: StatsTradesTable;
  stats_kpi_targets: StatsKpiTargetsTable;
}
