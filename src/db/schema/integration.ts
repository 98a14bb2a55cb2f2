import type { Generated } from 'kysely';
import type { Json, Timestamp } from './columns.ts';

/** API tokens and webhooks (migrations/019_integration.sql, 021_message_webhooks.sql). */
export interface ApiTokensTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  scopes: string[];
  max_discount_pct: Generated<number>;
  created_by: number;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}

export interface WebhooksTable {
  id: Generated<number>;
  shop_id: number;
  url: string;
  description: Generated<string>;
  events: string[];
  secret: string;
  enabled: Generated<boolean>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  shop_id: number;
  webhook_id: number;
  outbox_id: number | null;
  /** What a delivery of something outside the outbox is about, e.g. `message:<conversation_id>:<seq>` (021). */
  source_key: string | null;
  event_type: string;
  payload: Json;
  is_test: Generated<boolean>;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookAttemptsTable {
  delivery_id: number;
  attempt: number;
  shop_id: number;
  started_at: Timestamp;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export interface IntegrationTables {
  api_tokens: ApiTokensTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
