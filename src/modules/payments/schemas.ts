import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of payments: bank accounts, the buyers' transfer notices, transfers and the provider's callbacks. */
export const BankAccountOut = z.object({
  bank: z.string(), account_name: z.string(), account_no: z.string(), branch: z.string(),
});

/** A buyer's notice of a bank transfer: its row, every column shown but the shop and the buyer. */
export const NoticeOut = z.looseObject({
  id: Int,
  tid: Int,
  bank: z.string(),
  payer_name: z.string(),
  amount: Int.describe('fen'),
  paid_at: Timestamp,
  reference: z.string(),
  note: z.string(),
  status: z.enum(['pending', 'recorded', 'rejected']),
  reject_reason: z.string().nullable(),
  decided_by: z.string().nullable().describe('the account that recorded or rejected it'),
  decided_at: Timestamp.nullable(),
  created_at: Timestamp,
});
/** The buyer sees their notices without who decided them. */
export const BuyerNoticeOut = NoticeOut.omit({ decided_by: true });

/** A bank transfer recorded on a trade: its row, every column shown. */
export const TransferOut = z.looseObject({
  transfer_no: z.string(),
  shop_id: Int,
  tid: Int,
  bank: z.string(),
  payer_name: z.string(),
  amount: Int.describe('fen'),
  received_at: Timestamp,
  reference: z.string(),
  notice_id: Int.nullable(),
  recorded_by: Int,
  recorded_by_name: z.string(),
  created_at: Timestamp,
});

export const NotificationOut = z.object({
  id: Int,
  notify_id: z.string(),
  tid: Int.nullable(),
  alipay_no: z.string().nullable(),
  amount: Int.nullable().describe('fen'),
  trade_status: z.string(),
  outcome: z.enum(['paid', 'refused', 'ignored']),
  error_code: z.string().nullable().describe('why it was refused'),
  response_status: Int.describe('the HTTP status the provider was answered'),
  received_at: Timestamp,
});

/** What the provider is answered when its callback is taken (paid) or not about a payment (ignored). */
export const CallbackAnswer = z.looseObject({
  result: z.enum(['paid', 'ignored']),
  notify_id: z.string(),
  tid: Int,
  alipay_no: z.string().optional().describe('when paid'),
});
