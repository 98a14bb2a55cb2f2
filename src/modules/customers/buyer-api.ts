import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireBuyer } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { findShopByName } from '../accounts/index.ts';
import * as buyers from './buyer-store.ts';

const ItemParam = z.object({ num_iid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const ShopParam = z.object({ shop: z.string().min(1).max(40) });
const TAGS = ['buyer'];
const FavouriteAnswer = z.object({
  num_iid: Int, favourite: z.boolean(), favourites: Int.describe('how many buyers keep the item among their favourites'),
});
const SubscriptionAnswer = z.object({ shop: z.string(), opt_out: z.boolean().describe("refuses the shop's broadcasts") });

const itemNotFound = (numIid: number) =>
  new AppError('ITEM_NOT_FOUND', 404, `商品 ${numIid} 不存在`, `Item ${numIid} not found`, { num_iid: numIid });

/** The buyer's side: favourite items (收藏), and refusing a shop's broadcasts (拒收群发). */
export function registerCustomerBuyerRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/buyer/favourites', {
    schema: { operationId: 'buyer.favourites.get', tags: TAGS, summary: 'The buyer\'s favourite items, newest first',
      response: {
        200: z.object({
          favourites: z.array(z.object({ num_iid: Int, title: z.string(), price: Int.describe('fen'), shop: z.string(), created_at: Timestamp })),
        }),
      } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    return { favourites: await buyers.listFavourites(db, buyer.id) };
  });

  app.put('/api/buyer/favourites/:num_iid', {
    schema: { operationId: 'buyer.favourite.add', tags: TAGS, params: ItemParam, summary: 'Add an item on sale to the favourites (again: no change)',
      response: { 200: FavouriteAnswer } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { num_iid } = request.params;
    const item = await buyers.productOf(db, num_iid);
    if (!item || item.approve_status !== 'onsale') throw itemNotFound(num_iid);
    await inTransaction(ctx, ({ trx }) => buyers.setFavourite(trx, buyer, item, true, ctx.clock.now()));
    return { num_iid, favourite: true, favourites: await buyers.itemFavouriteCount(db, num_iid) };
  });

  app.delete('/api/buyer/favourites/:num_iid', {
    schema: { operationId: 'buyer.favourite.delete', tags: TAGS, params: ItemParam, summary: 'Take an item off the favourites',
      response: { 200: FavouriteAnswer } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { num_iid } = request.params;
    const item = await buyers.productOf(db, num_iid);
    if (!item) throw itemNotFound(num_iid);
    await inTransaction(ctx, ({ trx }) => buyers.setFavourite(trx, buyer, item, false, ctx.clock.now()));
    return { num_iid, favourite: false, favourites: await buyers.itemFavouriteCount(db, num_iid) };
  });

  async function shopOf(name: string) {
    const shop = await findShopByName(db, name);
    if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, '店铺不存在', 'No such shop');
    return shop;
  }

  app.get('/api/buyer/shops/:shop/subscription', {
    schema: { operationId: 'buyer.subscription.get', tags: TAGS, params: ShopParam, summary: 'Whether the buyer refuses this shop\'s broadcasts',
      response: { 200: SubscriptionAnswer } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const shop = await shopOf(request.params.shop);
    return { shop: shop.name, opt_out: await buyers.optOutOf(db, shop.id, buyer.nick) };
  });

  app.put('/api/buyer/shops/:shop/subscription', {
    schema: { operationId: 'buyer.subscription.update', tags: TAGS, params: ShopParam, body: z.object({ opt_out: z.boolean() }),
      summary: 'Refuse (or accept again) this shop\'s broadcasts', response: { 200: SubscriptionAnswer } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const shop = await shopOf(request.params.shop);
    await inTransaction(ctx, ({ trx }) => buyers.setOptOut(trx, shop.id, buyer, request.body.opt_out, ctx.clock.now()));
    return { shop: shop.name, opt_out: request.body.opt_out };
  });
}
