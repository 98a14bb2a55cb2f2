import { z } from 'zod';
import { CLOSE_REASONS, RECEIVE_DELAY_DAYS, TRADE_STATUSES } from './rules.ts';

/** Request schemas with the platform's field names; the web app imports them too. */
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
