import { AppError } from '../../errors.ts';
import { calculatePostage, type ShippingTemplate } from '../logistics/rules.ts';
import { checkAmounts } from './rules.ts';

export interface OrderLine {
  num_iid: number;
  sku_id: number;
  num: number;
}

export interface SkuForSale {
  sku_id: number;
  num_iid: number;
  title: string;
  properties_name: string;
  price: number;
  quantity: number;
  weight_g: number;
  onsale: boolean;
}

/**
 * Prices a basket: one sub-order per SKU line at the current price, postage from the shop's template
 * (none when the shop has none). Stock is checked here and again, atomically, when it is reserved.
 */
export function priceBasket(
  lines: readonly OrderLine[], skus: ReadonlyMap<number, SkuForSale>, template: ShippingTemplate | undefined,
  receiverState: string, opts: { checkStock: boolean } = { checkStock: true },
) {
  const seen = new Set<number>();
  const orders = lines.map((line) => {
    if (seen.has(line.sku_id)) {
      throw new AppError('DUPLICATE_SKU', 400, '同一个 SKU 只能出现在一行里', 'Each SKU may appear on one line only', line);
    }
    seen.add(line.sku_id);
    const sku = skus.get(line.sku_id);
    if (!sku || sku.num_iid !== line.num_iid) {
      throw new AppError('ITEM_NOT_FOUND', 404, '商品或 SKU 不存在', 'No such item or SKU in this shop', line);
    }
    if (!sku.onsale) {
      throw new AppError('ITEM_NOT_ON_SALE', 409, `「${sku.title}」已下架`, `"${sku.title}" is not on sale`, line);
    }
    if (opts.checkStock && line.num > sku.quantity) {
      throw new AppError('OUT_OF_STOCK', 409, `「${sku.title}」库存不足（剩 ${sku.quantity} 件）`,
        `Not enough stock of "${sku.title}" (${sku.quantity} left)`, { ...line, quantity: sku.quantity });
    }
    return {
      num_iid: sku.num_iid,
      sku_id: sku.sku_id,
      title: sku.title,
      sku_properties_name: sku.properties_name,
      original_price: sku.price,
      price: sku.price,
      num: line.num,
      total_fee: sku.price * line.num,
      weight_g: sku.weight_g * line.num,
    };
  });
  const total_fee = orders.reduce((s, o) => s + o.total_fee, 0);
  const weightG = orders.reduce((s, o) => s + o.weight_g, 0);
  const post_fee = template ? calculatePostage(template, { weightG, itemsTotal: total_fee, state: receiverState }) : 0;
  checkAmounts(orders, total_fee + post_fee);
  return { orders, total_fee, post_fee, payment: total_fee + post_fee, weight_g: weightG };
}
