import type { Generated } from 'kysely';
import type { GeneratedJson, Json, Timestamp } from './columns.ts';

/** Logistics and payments (migrations/015_logistics_payments.sql). */
export interface CourierSecretsTable {
  shop_id: number;
  company_code: string;
  secret: string;
  created_at: Timestamp;
}

export interface ParcelEventsTable {
  id: Generated<number>;
  shop_id: number;
  company_code: string;
  out_sid: string;
  event_key: string;
  status: string;
  description: string;
  location: Generated<string>;
  occurred_at: Timestamp;
  source: 'warehouse' | 'courier';
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface ParcelCasesTable {
  id: Generated<number>;
  shop_id: number;
  tid: number;
  kind: string;
  status: 'open' | 'closed';
  company_code: string | null;
  out_sid: string | null;
  detail: GeneratedJson;
  note: Generated<string>;
  amount: number | null;
  outcome: string | null;
  outcome_note: string | null;
  compensation: number | null;
  opened_by: string;
  opened_at: Timestamp;
  closed_by: string | null;
  closed_at: Timestamp | null;
}

export interface PaymentSettingsTable {
  shop_id: number;
  provider_secret: string | null;
  bank_accounts: GeneratedJson;
  updated_at: Timestamp;
}

export interface PaymentNotificationsTable {
  id: Generated<number>;
  shop_id: number;
  notify_id: string;
  tid: number | null;
  alipay_no: string | null;
  amount: number | null;
  trade_status: string;
  outcome: 'paid' | 'refused' | 'ignored';
  error_code: string | null;
  response_status: number;
  response_body: Json;
  received_at: Timestamp;
}

export interface BankTransferNoticesTable {
  id: Generated<number>;
  shop_id: number;
  tid: number;
  buyer_id: number;
  bank: string;
  payer_name: string;
  amount: number;
  paid_at: Timestamp;
  reference: Generated<string>;
  note: Generated<string>;
  status: 'pending' | 'recorded' | 'rejected';
  reject_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface BankTransfersTable {
  transfer_no: string;
  shop_id: number;
  tid: number;
  bank: string;
  payer_name: string;
  amount: number;
  received_at: Timestamp;
  reference: Generated<string>;
  notice_id: number | null;
  recorded_by: number;
  recorded_by_name: string;
  created_at: Timestamp;
}

export interface LogisticsTables {
  courier_secrets: CourierSecretsTable;
  parcel_events: ParcelEventsTable;
  parcel_cases: ParcelCasesTable;
  payment_settings: PaymentSettingsTable;
  payment_notifications: PaymentNotificationsTable;
  bank_transfer_notices: BankTransferNoticesTable;
  bank_transfers: BankTransfersTable;
}
