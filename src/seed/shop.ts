import type { Trx } from '../db/transaction.ts';
import { recordAudit } from '../modules/audit/index.ts';
import type { ShippingTemplate } from '../modules/logistics/index.ts';
import type { SeedProduct } from './products.ts';

/** Provinces a parcel takes longest and costs most to reach; they pay more postage. */
export const REMOTE_STATES = ['新疆', '西藏', '青海', '宁夏', '甘肃', '内蒙古'];

/** 首重 1 kg 8 元, 续重每 500 g 4 元; remote provinces 15 元 + 8 元; free from 99 元 of items. */
export const DEFAULT_SHIPPING_TEMPLATE: ShippingTemplate & { name: string } = {
  name: '默认运费模板',
  first_weight_g: 1000,
  first_fee: 800,
  additional_weight_g: 500,
  additional_fee: 400,
  free_threshold: 9900,
  region_fees: [{ states: REMOTE_STATES, first_fee: 1500, additional_fee: 800 }],
};

const seeder = { kind: 'system' as const, name: 'seed' };

/** A shop with its main account (log-in = the shop name), as signing up makes it. */
export async function createShop(
  trx: Trx, s: { name: string; title: string; type: 'C' | 'B'; passwordHash: string; now: Date },
) {
  const shop = await trx
    .insertInto('shops')
    .values({ name: s.name, title: s.title, type: s.type, created_at: s.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  const main = await trx
    .insertInto('accounts')
    .values({
      shop_id: shop.id, login: s.name, display_name: s.title, is_main: true, role: 'owner',
      password_hash: s.passwordHash, created_at: s.now, updated_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    shopId: shop.id, actor: seeder, action: 'shop.create', entity: 'shop', entityId: shop.id, after: shop, at: s.now,
  });
  return { shop, main };
}

export async function addShippingTemplate(trx: Trx, shopId: number, t = DEFAULT_SHIPPING_TEMPLATE) {
  const { region_fees, ...fields } = t;
  await trx
    .insertInto('shipping_templates')
    .values({ ...fields, shop_id: shopId, is_default: true, region_fees: JSON.stringify(region_fees) })
    .execute();
}

/** Inserts the products with their SKUs; returns the SKUs in catalogue order, each with its item's title. */
export async function addProducts(trx: Trx, shopId: number, products: readonly SeedProduct[], now: Date) {
  const skus = [];
  for (const { skus: lines, ...fields } of products) {
    const product = await trx
      .insertInto('products')
      .values({ ...fields, shop_id: shopId, price: Math.min(...lines.map((l) => l.price)), created_at: now, updated_at: now })
      .returning(['num_iid', 'title', 'weight_g'])
      .executeTakeFirstOrThrow();
    const rows = await trx
      .insertInto('skus')
      .values(lines.map((l) => ({ ...l, weight_g: l.weight_g ?? null, num_iid: product.num_iid, shop_id: shopId })))
      .returning(['sku_id', 'num_iid', 'properties_name', 'price', 'weight_g'])
      .execute();
    for (const r of rows.sort((a, b) => a.sku_id - b.sku_id)) {
      skus.push({ ...r, title: product.title, weight_g: r.weight_g ?? product.weight_g });
    }
    await recordAudit(trx, {
      shopId, actor: seeder, action: 'item.add', entity: 'product', entityId: product.num_iid, after: { ...fields, skus: lines }, at: now,
    });
  }
  return skus;
}
