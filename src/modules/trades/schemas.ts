import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import { CLOSE_REASONS, RECEIVE_DELAY_DAYS, TRADE_STATUSES } from './rules.ts';

/** Request and answer schemas with the platform's field names; the web app imports them too. */
export const Fen = z.number().int().min(0).max(100_000_000_00).describe('integer fen (分)');
export const Tid = z.object({ tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const ReceiverSchema = z.object({
  receiver_name: z.string().trim().min(1).max(50),
  receiver_mobile: z.string().regex(/^1\d{10}$/, '11-digit mobile number'),
  receiver_state: z.string().trim().min(2).max(20).describe('province 省'),
  receiver_city: z.string().trim().min(1).max(30),
  receiver_district: z.string().trim().min(1).max(30),
  receiver_address: z.string().trim().min(2).max(200),
});

export const TradeAddSchema = ReceiverSchema.extend({
  orders: z
    .array(z.object({
      num_iid: z.number().int().positive(),
      sku_id: z.number().int().positive(),
      num: z.number().int().min(1).max(999),
    }))
    .min(1)
    .max(20),
});

export const CalculatorSchema = z.object({
  orders: TradeAddSchema.shape.orders,
  receiver_state: z.string().trim().min(2).max(20).describe('province 省, for its postage'),
});

export const TradesSoldQuery = z.object({
  buyer_nick: z.string().min(1).max(32).optional(),
  tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  status: z.enum(TRADE_STATUSES).optional(),
  flag: z.coerce.number().int().min(0).max(5).optional(),
  start_created: z.coerce.date().optional(),
  end_created: z.coerce.date().optional(),
  sort: z.enum(['created_desc', 'pay_time_asc']).default('created_desc'),
  page_no: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(40),
});

export const PriceUpdateSchema = z.object({ oid: z.number().int().positive(), price: z.number().int().max(100_000_000_00) });
export const PostageUpdateSchema = z.object({ post_fee: z.number().int().max(100_000_000_00) });
export const CloseSchema = z.object({ close_reason: z.enum(CLOSE_REASONS), oid: z.number().int().positive().optional() });
export const MemoSchema = z.object({ memo: z.string().max(4000), flag: z.number().int().min(0).max(5) });
export const ShipSchema = z.object({ out_sid: z.string().min(1).max(60), company_code: z.string().min(1).max(20) });
export const DelaySchema = z.object({
  days: z.number().int().refine((d) => (RECEIVE_DELAY_DAYS as readonly number[]).includes(d), 'days must be 3, 5, 7 or 10'),
});
export const PaySchema = z.object({ payment: Fen.optional().describe('the amount the buyer saw; refused if it changed') });

/** The answers' shapes: a trade as presentTrade shows it (the row's own columns all pass). */
export const OrderSchema = z.looseObject({
  oid: Int, tid: Int, num_iid: Int, sku_id: Int, title: z.string(), sku_properties_name: z.string(),
  original_price: Int.describe('fen'), price: Int.describe('fen'), num: Int, total_fee: Int.describe('fen'),
  status: z.string(), status_name: z.string(), end_time: Timestamp.nullable(),
});

export const TradeSchema = z.looseObject({
  tid: Int,
  buyer_nick: z.string(),
  status: z.string(),
  status_name: z.string(),
  receiver_name: z.string(),
  receiver_mobile: z.string(),
  receiver_state: z.string(),
  receiver_city: z.string(),
  receiver_district: z.string(),
  receiver_address: z.string(),
  total_fee: Int.describe('fen'),
  post_fee: Int.describe('fen'),
  original_post_fee: Int.describe('fen'),
  payment: Int.describe('fen'),
  pay_method: z.string().nullable(),
  alipay_no: z.string().nullable(),
  memo: z.string().optional().describe("the seller's memo: never shown to the buyer"),
  flag: Int.optional().describe('0 none, 1 red … 5 purple: never shown to the buyer'),
  flag_name: z.string().optional(),
  company_code: z.string().nullable(),
  out_sid: z.string().nullable(),
  close_reason: z.string().nullable(),
  receive_delay_days: Int,
  created: Timestamp,
  pay_time: Timestamp.nullable(),
  consign_time: Timestamp.nullable(),
  end_time: Timestamp.nullable(),
  modified: Timestamp,
  orders: z.array(OrderSchema),
  allowed_actions: z.array(z.string()).describe('the commands the caller may give now'),
});

export const EscrowSchema = z.object({
  alipay_no: z.string(), amount: Int, status: z.string(), refunded: Int, released: Int, settled_at: Timestamp.nullable(),
});

/** One trade in the seller centre: with its deadline and the escrow holding its money. */
export const TradeDetailSchema = TradeSchema.extend({
  timeout_action_time: Timestamp.nullable().describe('when the trade closes or finishes by itself'),
  escrow: EscrowSchema.nullable(),
});

/** One trade as its buyer sees it: with the shop it was bought from. */
export const BuyerTradeSchema = TradeSchema.extend({ shop_name: z.string(), shop_title: z.string() });

export const QuoteSchema = z.object({
  orders: z.array(z.object({
    num_iid: Int, sku_id: Int, title: z.string(), sku_properties_name: z.string(), price: Int, num: Int, total_fee: Int,
    weight_g: z.number(),
  })),
  total_fee: Int, post_fee: Int, payment: Int, weight_g: z.number(),
});

export const TradeCountsSchema = z.record(z.string(), Int).describe('trades per status; a status without any is left out');
