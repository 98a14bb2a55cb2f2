import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireBuyer } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { findShopByName } from '../accounts/store.ts';
import type { EscrowProvider } from '../payments/index.ts';
import * as actions from './actions.ts';
import { presentTrade } from './present.ts';
import * as s from './schemas.ts';
import * as store from './store.ts';

const BuyerTradeAnswer = z.object({ trade: s.BuyerTradeSchema });

/** The buyer's side of a trade: place it, pay it, change the address before paying, confirm receipt. */
export function registerBuyerTradeRoutes(app: ZodApp, ctx: AppContext, escrow: EscrowProvider) {
  const db = ctx.database.db;

  async function own(buyerId: number, tid: number) {
    const trade = await store.getTrade(db, { buyerId }, tid);
    if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
    return trade;
  }
  async function present(buyer: Awaited<ReturnType<typeof requireBuyer>>, tid: number) {
    const trade = await own(buyer.id, tid);
    const shop = await db.selectFrom('shops').select(['type', 'name', 'title']).where('id', '=', trade.shop_id)
      .executeTakeFirstOrThrow();
    return { ...presentTrade(trade, await store.listOrders(db, tid), shop, buyer), shop_name: shop.name, shop_title: shop.title };
  }

  app.post('/api/storefront/:shop/trades', {
    schema: { operationId: 'trade.add', tags: ['buyer'], summary: 'Place a trade (拍下): one sub-order per SKU line; stock is reserved',
      params: z.object({ shop: z.string().max(32) }), body: s.TradeAddSchema,
      response: { 201: z.object({ tid: Int, payment: Int.describe('fen'), post_fee: Int.describe('fen') }) } },
  }, async (request, reply) => {
    const buyer = await requireBuyer(ctx, request);
    const shop = await findShopByName(db, request.params.shop);
    if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, `店铺 ${request.params.shop} 不存在`, `Shop ${request.params.shop} not found`);
    const trade = await inTransaction(ctx, (uow) => actions.placeTrade(uow, buyer, shop.id, request.body, ctx.clock.now()));
    return reply.status(201).send({ tid: trade.tid, payment: trade.payment, post_fee: trade.post_fee });
  });

  app.get('/api/buyer/trades', {
    schema: { operationId: 'trades.bought.get', tags: ['buyer'], summary: "The buyer's trades, newest first",
      querystring: z.object({ page_no: z.coerce.number().int().min(1).max(1000).default(1),
        page_size: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ trades: z.array(s.BuyerTradeSchema) }) } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { page_no, page_size } = request.query;
    const trades = await store.listBuyerTrades(db, buyer.id, page_size, (page_no - 1) * page_size);
    const orders = await store.listOrdersOf(db, trades.map((t) => t.tid));
    return {
      trades: trades.map(({ shop_name, shop_title, ...t }) => ({
        ...presentTrade(t, orders.get(t.tid) ?? [], { type: 'C' }, buyer), shop_name, shop_title,
      })),
    };
  });

  app.get('/api/buyer/trades/:tid', {
    schema: { operationId: 'trade.bought.get', tags: ['buyer'], summary: 'One of the buyer\'s trades', params: s.Tid,
      response: { 200: BuyerTradeAnswer } },
  }, async (request) => ({ trade: await present(await requireBuyer(ctx, request), request.params.tid) }));

  app.post('/api/buyer/trades/:tid/pay', {
    schema: { operationId: 'trade.pay', tags: ['buyer'], params: s.Tid, body: s.PaySchema,
      response: { 200: BuyerTradeAnswer },
      summary: 'Pay into the sandbox escrow; `payment` (what the buyer saw) is refused if the price changed meanwhile' },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { tid } = request.params;
    await inTransaction(ctx, (uow) => actions.payTrade(uow, buyer, tid, request.body.payment, escrow, ctx.clock.now()));
    return { trade: await present(buyer, tid) };
  });

  app.post('/api/buyer/trades/:tid/confirm', {
    schema: { operationId: 'trade.confirm', tags: ['buyer'], params: s.Tid, body: z.object({}).optional(),
      response: { 200: BuyerTradeAnswer },
      summary: 'Confirm receipt: the trade finishes and the escrow releases the money to the shop' },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { tid } = request.params;
    await inTransaction(ctx, (uow) => actions.finishTrade(uow, buyer, tid, escrow, ctx.clock.now()));
    return { trade: await present(buyer, tid) };
  });

  app.post('/api/buyer/trades/:tid/address', {
    schema: { operationId: 'trade.bought.address.update', tags: ['buyer'], params: s.Tid, body: s.ReceiverSchema,
      response: { 200: BuyerTradeAnswer },
      summary: 'The buyer corrects the receiver before paying' },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { tid } = request.params;
    await inTransaction(ctx, (uow) => actions.changeAddress(uow, buyer, tid, request.body, ctx.clock.now()));
    return { trade: await present(buyer, tid) };
  });
}
