import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import { DISPUTE_TYPES, REFUND_STATUSES } from './rules.ts';

/** Request and answer schemas with the platform's field names; lengths and amounts are checked by rules.ts with clear codes. */
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Fen = z.number().int().max(2_147_483_647).describe('integer fen (分)');

export const RefundId = z.object({ refund_id: Id });
export const Tid = z.object({ tid: Id });

const Paging = {
  page_no: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(40),
};

export const RefundsQuery = z.object({
  status: z.enum(REFUND_STATUSES).optional(),
  dispute_type: z.enum(DISPUTE_TYPES).optional(),
  tid: Id.optional(),
  ...Paging,
});
export const BuyerRefundsQuery = z.object(Paging);

export const RefundAddSchema = z.object({
  oid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('the sub-order'),
  dispute_type: z.enum(DISPUTE_TYPES).describe('REFUND 仅退款, REFUND_AND_RETURN 退货退款, EXCHANGE 换货'),
  refund_fee: Fen.optional().describe('fen asked back: at most what was paid for the sub-order less what was refunded; 0 for an exchange'),
  reason: z.string().max(1000).describe('2–100 characters'),
  desc: z.string().max(2000).default('').describe('up to 500 characters'),
});

export const ReapplySchema = z.object({
  refund_fee: Fen.optional(),
  reason: z.string().max(1000).optional(),
  desc: z.string().max(2000).optional(),
});

export const RefuseSchema = z.object({ refuse_reason: z.string().max(2000).describe('2–200 characters, shown to the buyer') });
export const ReturnGoodsSchema = z.object({
  company_code: z.string().min(1).max(20).describe('courier code, e.g. SF'),
  sid: z.string().min(1).max(60).describe('tracking number of the return parcel'),
});
export const ExchangeSendSchema = z.object({
  company_code: z.string().min(1).max(20),
  out_sid: z.string().min(1).max(60).describe('tracking number of the exchange parcel'),
});
export const SettingsSchema = z.object({
  agree_hours_before_ship: z.number().int().optional().describe('1–72 hours, default 48'),
  agree_days_after_ship: z.number().int().optional().describe('1–15 days, default 5'),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const Empty = z.object({}).optional();

/** The answers' shapes: a refund as presentRefund shows it (the row's own columns all pass). */
export const RefundSchema = z.looseObject({
  refund_id: Int,
  tid: Int,
  oid: Int,
  buyer_nick: z.string(),
  dispute_type: z.enum(DISPUTE_TYPES),
  dispute_type_name: z.string(),
  status: z.enum(REFUND_STATUSES),
  status_name: z.string(),
  shipped: z.boolean().describe('whether the trade had been shipped when it was asked'),
  has_good_return: z.boolean(),
  total_fee: Int.describe('fen paid for the sub-order'),
  refund_fee: Int.describe('fen asked back'),
  reason: z.string(),
  desc: z.string(),
  refuse_reason: z.string().nullable(),
  refuse_times: Int,
  company_code: z.string().nullable(),
  sid: z.string().nullable().describe('tracking number of the return parcel'),
  good_return_time: Timestamp.nullable(),
  good_received_time: Timestamp.nullable(),
  exchange_company_code: z.string().nullable(),
  exchange_out_sid: z.string().nullable(),
  timeout: Timestamp.nullable().describe('when the refund moves on by itself if nobody answers'),
  created: Timestamp,
  modified: Timestamp,
  end_time: Timestamp.nullable(),
  title: z.string(),
  sku_properties_name: z.string(),
  num: Int,
  num_iid: Int,
  sku_id: Int,
  allowed_actions: z.array(z.string()).describe('the commands the caller may give now'),
});
export const RefundAnswer = z.object({ refund: RefundSchema });
export const RefundPage = z.object({ refunds: z.array(RefundSchema), has_next: z.boolean(), page_no: Int });
export const RefundSettingsSchema = z.object({ agree_hours_before_ship: Int, agree_days_after_ship: Int });
