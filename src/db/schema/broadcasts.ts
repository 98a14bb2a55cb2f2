import type { Generated } from 'kysely';
import type { Timestamp, Json } from './columns.ts';

/** Broadcasts (migrations/013_broadcasts.sql). */
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

export interface BroadcastTables {
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
}
