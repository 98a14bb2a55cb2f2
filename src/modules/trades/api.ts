import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Trade } from '../../db/schema.ts';
import { inTransaction, type UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { findTimer } from '../../jobs/timers.ts';
import { assertCan, getShop, type AccountActor } from '../accounts/index.ts';
import * as actions from './actions.ts';
import { priceBasket } from './placement.ts';
import { presentTrade } from './present.ts';
import * as s from './schemas.ts';
import * as store from './store.ts';

const TradeAnswer = z.object({ trade: s.TradeDetailSchema });

/** The seller centre's trade back-office (已卖出的宝贝): search, detail and every action of seed 002. */
export function registerTradeRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  /** `known`: the trade as a command just committed it, so it is not read again. */
  async function detail(actor: AccountActor, tid: number, known?: Trade) {
    const trade = known ?? (await store.getTrade(db, { shopId: actor.shopId }, tid));
    if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
    const [orders, shop, escrow, close, finish] = await Promise.all([
      store.listOrders(db, tid),
      getShop(db, actor.shopId),
      store.escrowOf(db, tid),
      findTimer(db, actions.AUTO_CLOSE, tid),
      findTimer(db, actions.AUTO_FINISH, tid),
    ]);
    const extra = { timeout_action_time: (close ?? finish)?.run_at ?? null, escrow: escrow ?? null };
    return { ...presentTrade(trade, orders, shop, actor, extra), ...extra };
  }

  /** A trade command: the session's account, one transaction, then the trade as it now stands. */
  function command<B extends z.ZodTypeAny>(
    path: string, operationId: string, summary: string, body: B,
    run: (uow: UnitOfWork, actor: AccountActor, tid: number, body: z.infer<B>, now: Date) => Promise<Trade>,
  ) {
    ownCommand(path, operationId, summary, body, (actor, tid, b, now) => inTransaction(ctx, (uow) => run(uow, actor, tid, b, now)));
  }

  /** A trade command that opens its own transactions (a price change: actions.repriceTrade). */
  function ownCommand<B extends z.ZodTypeAny>(
    path: string, operationId: string, summary: string, body: B,
    run: (actor: AccountActor, tid: number, body: z.infer<B>, now: Date) => Promise<Trade>,
  ) {
    const schema = { operationId, summary, tags: ['trades'], params: s.Tid, body, response: { 200: TradeAnswer } };
    app.post(path, { schema }, async (request) => {
      const actor = await requireAccount(ctx, request);
      const { tid } = request.params as { tid: number };
      const trade = await run(actor, tid, request.body as z.infer<B>, ctx.clock.now());
      return { trade: await detail(actor, tid, trade) };
    });
  }

  app.get(
    '/api/trades',
    {
      schema: {
        operationId: 'trades.sold.get',
        tags: ['trades'],
        summary: 'Search the shop\'s trades by buyer nick or trade number; filter by status, flag and time',
        querystring: s.TradesSoldQuery,
        response: { 200: z.object({ trades: z.array(s.TradeSchema), has_next: z.boolean(), page_no: Int }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'trade.view');
      const q = request.query;
      const { trades, hasNext } = await store.searchTrades(db, {
        shopId: actor.shopId, buyerNick: q.buyer_nick, tid: q.tid, status: q.status, flag: q.flag,
        startCreated: q.start_created, endCreated: q.end_created, sort: q.sort,
        offset: (q.page_no - 1) * q.page_size, limit: q.page_size,
      });
      const [orders, shop] = await Promise.all([
        store.listOrdersOf(db, trades.map((t) => t.tid)),
        getShop(db, actor.shopId),
      ]);
      return {
        trades: trades.map((t) => presentTrade(t, orders.get(t.tid) ?? [], shop, actor)),
        has_next: hasNext,
        page_no: q.page_no,
      };
    },
  );

  app.get(
    '/api/trades/counts',
    {
      schema: {
        operationId: 'trades.sold.count', tags: ['trades'], summary: 'Number of trades in each status',
        response: { 200: z.object({ counts: s.TradeCountsSchema }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'trade.view');
      return { counts: await store.countByStatus(db, actor.shopId) };
    },
  );

  app.get(
    '/api/trades/:tid',
    {
      schema: {
        operationId: 'trade.fullinfo.get', tags: ['trades'], params: s.Tid,
        summary: 'One trade: buyer, address, sub-orders, totals, logistics, times, escrow, and allowed_actions',
        response: { 200: TradeAnswer },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'trade.view');
      return { trade: await detail(actor, request.params.tid) };
    },
  );

  app.post('/api/tools/calculator', {
    schema: { operationId: 'trade.calculator', tags: ['trades'], body: s.CalculatorSchema,
      summary: 'The calculator (小工具): items at their prices plus postage from the shop\'s shipping template',
      response: { 200: s.QuoteSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { orders, receiver_state } = request.body;
    const [skus, template] = await Promise.all([
      store.skusForSale(db, actor.shopId, orders.map((o) => o.sku_id)),
      store.defaultShippingTemplate(db, actor.shopId),
    ]);
    const quote = priceBasket(orders, skus, template, receiver_state, { checkStock: false });
    return { ...quote, orders: quote.orders.map(({ original_price: _o, ...line }) => line) };
  });

  ownCommand('/api/trades/:tid/price', 'trade.price.update',
    'Change a sub-order\'s unit price (fen) while unpaid; C-shop only, within the max discount',
    s.PriceUpdateSchema, (actor, tid, b, now) => actions.repriceTrade(ctx, actor, tid, b, now));

  command('/api/trades/:tid/postage', 'trade.postage.update', 'Change the postage (fen, may be 0) while unpaid',
    s.PostageUpdateSchema, (uow, actor, tid, b, now) => actions.changePostage(uow, actor, tid, b.post_fee, now));

  command('/api/trades/:tid/address', 'trade.shippingaddress.update',
    'Change the receiver: before payment, or until shipping with the address-after-payment permission',
    s.ReceiverSchema, (uow, actor, tid, b, now) => actions.changeAddress(uow, actor, tid, b, now));

  command('/api/trades/:tid/close', 'trade.close',
    'Close the trade, or one sub-order (`oid`), before payment, for a reason from the platform\'s list',
    s.CloseSchema, (uow, actor, tid, b, now) => actions.closeTrade(uow, actor, tid, b.close_reason, b.oid, now));

  command('/api/trades/:tid/memo', 'trade.memo.update',
    'Set the seller\'s memo (≤ 1000 bytes, never shown to the buyer) and flag (0 none, 1 red … 5 purple)',
    s.MemoSchema, (uow, actor, tid, b, now) => actions.updateMemo(uow, actor, tid, b.memo, b.flag, now));

  command('/api/trades/:tid/ship', 'logistics.offline.send', 'Ship a paid trade with courier code and tracking number',
    s.ShipSchema, (uow, actor, tid, b, now) => actions.shipTrade(uow, actor, tid, b, now));

  command('/api/trades/:tid/receivetime', 'trade.receivetime.delay',
    'Extend the time the buyer has to confirm receipt by 3, 5, 7 or 10 days',
    s.DelaySchema, (uow, actor, tid, b, now) => actions.delayReceive(uow, actor, tid, b.days, now));
}
