import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of the accounts module: accounts as shown (never the password hash), shops and buyers. */
export const AccountSchema = z.object({
  id: Int,
  shop_id: Int,
  login: z.string().describe('the shop name for the main account, `shop:name` for a sub-account'),
  display_name: z.string(),
  is_main: z.boolean(),
  role: z.string().describe('owner, service, warehouse, aftersales, finance or supervisor'),
  permissions: z.array(z.string()).describe('as stored; the main account holds them all whatever this says'),
  max_discount_pct: z.number(),
  disabled: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** The shop's row: every column is shown. */
export const ShopSchema = z.looseObject({
  id: Int,
  name: z.string(),
  title: z.string(),
  type: z.enum(['C', 'B']).describe('C: 集市店 C-shop; B: 商城店 mall shop'),
  timezone: z.string(),
  unpaid_close_hours: z.number(),
  created_at: Timestamp,
});

export const BuyerSchema = z.object({ id: Int, nick: z.string(), mobile: z.string().nullable() });
