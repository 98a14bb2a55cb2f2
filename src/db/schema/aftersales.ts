import type { Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

/** Refunds, returns and exchanges, and the escrow's refund ledger (migrations/014_refunds.sql). */
export interface RefundsTable {
  refund_id: Generated<number>;
  shop_id: number;
  tid: number;
  oid: number;
  buyer_id: number;
  buyer_nick: string;
  dispute_type: 'REFUND' | 'REFUND_AND_RETURN' | 'EXCHANGE';
  status: 'WAIT_SELLER_AGREE' | 'WAIT_BUYER_RETURN_GOODS' | 'WAIT_SELLER_CONFIRM_GOODS' | 'SELLER_REFUSE_BUYER' | 'CLOSED' | 'SUCCESS';
  shipped: boolean;
  total_fee: number;
  refund_fee: number;
  reason: string;
  description: Generated<string>;
  refuse_reason: string | null;
  refuse_times: Generated<number>;
  company_code: string | null;
  sid: string | null;
  good_return_time: Timestamp | null;
  good_received_time: Timestamp | null;
  exchange_company_code: string | null;
  exchange_out_sid: string | null;
  timeout: Timestamp | null;
  created: Timestamp;
  modified: Timestamp;
  end_time: Timestamp | null;
  version: Generated<number>;
}

export interface RefundSettingsTable {
  shop_id: number;
  agree_hours_before_ship: Generated<number>;
  agree_days_after_ship: Generated<number>;
  updated_at: Timestamp;
}

export interface EscrowRefundsTable {
  refund_id: number;
  alipay_no: string;
  tid: number;
  shop_id: number;
  amount: number;
  status: 'reserved' | 'refunded' | 'cancelled';
  created_at: Timestamp;
  settled_at: Timestamp | null;
}

export interface AftersalesTables {
  refunds: RefundsTable;
  refund_settings: RefundSettingsTable;
  escrow_refunds: EscrowRefundsTable;
}
