import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { findShopByName } from '../accounts/store.ts';
import { ItemAnswer, ItemList, PublicShopSchema } from './schemas.ts';
import { getItem, listItems } from './store.ts';

const Text = (max: number) => z.string().max(max).optional();
const Knowledge = {
  material: Text(500).describe('材质'),
  size_chart: Text(2000).describe('尺码表'),
  usage: Text(2000).describe('使用方法'),
  care: Text(1000).describe('洗涤保养'),
  suitable_for: Text(500).describe('适用人群'),
  not_suitable_for: Text(500).describe('不适用人群，如玩具不适合婴儿'),
  notes: Text(2000).describe('备注'),
};
// Prices are 32-bit integers of fen in the database; 10 million yuan is far above any item.
const Money = z.number().int().min(0).max(1_000_000_000);
const ItemAdd = z.object({
  title: z.string().trim().min(1).max(60),
  weight_g: z.number().int().min(0).max(1_000_000).default(0),
  approve_status: z.enum(['onsale', 'instock']).default('onsale'),
  ...Knowledge,
  skus: z
    .array(z.object({
      properties_name: z.string().trim().min(1).max(100).describe('颜色:红色;尺码:M'),
      price: Money,
      quantity: z.number().int().min(0).max(1_000_000),
      weight_g: z.number().int().min(0).max(1_000_000).optional(),
    }))
    .min(1)
    .max(200),
});
const ItemUpdate = z
  .object({ title: z.string().trim().min(1).max(60).optional(), weight_g: z.number().int().min(0).max(1_000_000).optional(),
    approve_status: z.enum(['onsale', 'instock']).optional(), ...Knowledge })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
const NumIid = z.object({ num_iid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Paging = z.object({
  q: z.string().max(60).optional(),
  page_no: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(40),
});

const itemNotFound = (numIid: number) =>
  new AppError('ITEM_NOT_FOUND', 404, `商品 ${numIid} 不存在`, `Item ${numIid} not found`, { num_iid: numIid });

export function registerCatalogRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  async function shopByName(name: string) {
    const shop = await findShopByName(db, name);
    if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, `店铺 ${name} 不存在`, `Shop ${name} not found`);
    return shop;
  }

  app.get('/api/storefront/:shop', {
    schema: { operationId: 'shop.public.get', tags: ['storefront'], summary: 'A shop as buyers see it',
      params: z.object({ shop: z.string().max(32) }), response: { 200: z.object({ shop: PublicShopSchema }) } },
  }, async (request) => {
    const { id, name, title, type } = await shopByName(request.params.shop);
    return { shop: { id, name, title, type } };
  });

  app.get('/api/storefront/:shop/items', {
    schema: { operationId: 'items.onsale.get', tags: ['storefront'], summary: 'Items on sale, with SKUs and knowledge',
      params: z.object({ shop: z.string().max(32) }), querystring: Paging, response: { 200: ItemList } },
  }, async (request) => {
    const shop = await shopByName(request.params.shop);
    const { page_no, page_size, q } = request.query;
    return { items: await listItems(db, shop.id, { onsaleOnly: true, q, limit: page_size, offset: (page_no - 1) * page_size }) };
  });

  app.get('/api/storefront/:shop/items/:num_iid', {
    schema: { operationId: 'item.get', tags: ['storefront'], summary: 'One item on sale',
      params: z.object({ shop: z.string().max(32) }).extend(NumIid.shape), response: { 200: ItemAnswer } },
  }, async (request) => {
    const shop = await shopByName(request.params.shop);
    const item = await getItem(db, shop.id, request.params.num_iid);
    if (!item || item.approve_status !== 'onsale') throw itemNotFound(request.params.num_iid);
    return { item };
  });

  app.get('/api/items', {
    schema: { operationId: 'items.inventory.get', tags: ['catalog'], summary: "All the shop's items, on sale or not",
      querystring: Paging, response: { 200: ItemList } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { page_no, page_size, q } = request.query;
    return { items: await listItems(db, actor.shopId, { onsaleOnly: false, q, limit: page_size, offset: (page_no - 1) * page_size }) };
  });

  app.get('/api/items/:num_iid', {
    schema: { operationId: 'item.seller.get', tags: ['catalog'], summary: 'One item of the shop', params: NumIid,
      response: { 200: ItemAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const item = await getItem(db, actor.shopId, request.params.num_iid);
    if (!item) throw itemNotFound(request.params.num_iid);
    return { item };
  });

  app.post('/api/items', {
    schema: { operationId: 'item.add', tags: ['catalog'], summary: 'Add an item with its SKUs and knowledge', body: ItemAdd,
      response: { 201: ItemAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const { skus, ...fields } = request.body;
    const now = ctx.clock.now();
    const numIid = await inTransaction(ctx, async ({ trx }) => {
      const product = await trx.insertInto('products')
        .values({ ...fields, shop_id: actor.shopId, price: Math.min(...skus.map((s) => s.price)), created_at: now, updated_at: now })
        .returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('skus')
        .values(skus.map((s) => ({ ...s, weight_g: s.weight_g ?? null, num_iid: product.num_iid, shop_id: actor.shopId })))
        .execute();
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'item.add', entity: 'product', entityId: product.num_iid,
        after: request.body, at: now });
      return product.num_iid;
    });
    return reply.status(201).send({ item: (await getItem(db, actor.shopId, numIid))! });
  });

  app.patch('/api/items/:num_iid', {
    schema: { operationId: 'item.update', tags: ['catalog'], summary: "Change an item's title, status or knowledge",
      params: NumIid, body: ItemUpdate, response: { 200: ItemAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const before = await trx.selectFrom('products').selectAll().where('shop_id', '=', actor.shopId)
        .where('num_iid', '=', request.params.num_iid).forUpdate().executeTakeFirst();
      if (!before) throw itemNotFound(request.params.num_iid);
      await trx.updateTable('products').set({ ...request.body, updated_at: now }).where('num_iid', '=', before.num_iid).execute();
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'item.update', entity: 'product', entityId: before.num_iid,
        before, after: request.body, at: now });
    });
    return { item: (await getItem(db, actor.shopId, request.params.num_iid))! };
  });

  app.post('/api/items/:num_iid/quantity', {
    schema: { operationId: 'item.quantity.update', tags: ['catalog'], summary: "Set a SKU's stock",
      params: NumIid, body: z.object({ sku_id: z.number().int().positive(), quantity: z.number().int().min(0).max(1_000_000) }),
      response: { 200: ItemAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const before = await trx.selectFrom('skus').selectAll().where('shop_id', '=', actor.shopId)
        .where('num_iid', '=', request.params.num_iid).where('sku_id', '=', request.body.sku_id).forUpdate().executeTakeFirst();
      if (!before) throw itemNotFound(request.params.num_iid);
      await trx.updateTable('skus').set({ quantity: request.body.quantity }).where('sku_id', '=', before.sku_id).execute();
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'item.quantity.update', entity: 'product',
        entityId: before.num_iid, before: { sku_id: before.sku_id, quantity: before.quantity }, after: request.body, at: now });
    });
    return { item: (await getItem(db, actor.shopId, request.params.num_iid))! };
  });
}
