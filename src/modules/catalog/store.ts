import type { Kysely } from 'kysely';
import type { DB, Product, Sku } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Q = Kysely<DB> | Trx;

export const KNOWLEDGE_FIELDS = ['material', 'size_chart', 'usage', 'care', 'suitable_for', 'not_suitable_for', 'notes'] as const;

export async function listItems(db: Q, shopId: number, opts: { onsaleOnly: boolean; limit: number; offset: number; q?: string }) {
  let query = db.selectFrom('products').selectAll().where('shop_id', '=', shopId);
  if (opts.onsaleOnly) query = query.where('approve_status', '=', 'onsale');
  if (opts.q) query = query.where('title', 'ilike', `%${opts.q.replace(/[%_\\]/g, '\\$&')}%`);
  const products = await query.orderBy('num_iid').offset(opts.offset).limit(opts.limit).execute();
  return withSkus(db, products);
}

export async function getItem(db: Q, shopId: number, numIid: number) {
  const product = await db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('num_iid', '=', numIid)
    .executeTakeFirst();
  return product ? (await withSkus(db, [product]))[0] : undefined;
}

async function withSkus(db: Q, products: Product[]) {
  if (!products.length) return [];
  const skus = await db.selectFrom('skus').selectAll().where('num_iid', 'in', products.map((p) => p.num_iid))
    .orderBy('sku_id').execute();
  const byItem = new Map<number, Sku[]>();
  for (const s of skus) byItem.set(s.num_iid, [...(byItem.get(s.num_iid) ?? []), s]);
  return products.map((p) => {
    const list = byItem.get(p.num_iid) ?? [];
    return { ...p, skus: list, num: list.reduce((n, s) => n + s.quantity, 0) };
  });
}
