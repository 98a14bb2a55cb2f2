import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of the catalogue: an item is its product row with its SKUs and the stock they add up to. */
export const SkuSchema = z.looseObject({
  sku_id: Int,
  num_iid: Int,
  shop_id: Int,
  properties_name: z.string().describe('颜色:红色;尺码:M'),
  price: Int.describe('fen'),
  quantity: Int,
  weight_g: Int.nullable().describe("null: the item's weight"),
});

export const ItemSchema = z.looseObject({
  num_iid: Int,
  shop_id: Int,
  title: z.string(),
  price: Int.describe('fen: the lowest of its SKUs when added'),
  weight_g: Int,
  approve_status: z.enum(['onsale', 'instock']),
  material: z.string(),
  size_chart: z.string(),
  usage: z.string(),
  care: z.string(),
  suitable_for: z.string(),
  not_suitable_for: z.string(),
  notes: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  skus: z.array(SkuSchema),
  num: Int.describe('pieces in stock over all SKUs'),
});

export const ItemAnswer = z.object({ item: ItemSchema });
export const ItemList = z.object({ items: z.array(ItemSchema) });
export const PublicShopSchema = z.object({ id: Int, name: z.string(), title: z.string(), type: z.enum(['C', 'B']) });
