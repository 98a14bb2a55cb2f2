import type { Order, Trade } from '../../db/schema.ts';
import type { BusEvent } from '../../bus/bus.ts';
import type { AppContext } from '../../context.ts';
import { inTransaction, outboxRow, type UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { cancelTimer, scheduleTimer } from '../../jobs/timers.ts';
import { JobBusy } from '../../jobs/worker.ts';
import { getShop, type AccountActor, type Actor, type BuyerActor } from '../accounts/index.ts';
import { auditRow, recordAudit } from '../audit/index.ts';
import type { EscrowProvider } from '../payments/index.ts';
import { priceBasket, type OrderLine } from './placement.ts';
import * as rules from './rules.ts';
import * as store from './store.ts';
import type { TradeScope } from './store.ts';

/**
 * The trade's use cases. Each one: lock the trade, let rules.ts decide, persist the state with its audit row
 * and its event, all inside the caller's transaction.
 */
export const AUTO_CLOSE = 'trade.auto_close';
export const AUTO_FINISH = 'trade.auto_finish';

export interface Receiver {
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
}

const scopeOf = (actor: Actor, shopId?: number): TradeScope => {
  if (actor.kind === 'account') return { shopId: actor.shopId };
  if (actor.kind === 'buyer') return { buyerId: actor.id };
  return { shopId: shopId! };
};

const tradeNotFound = (tid: number) =>
  new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });

async function load(uow: UnitOfWork, actor: Actor, tid: number, shopId?: number) {
  const scope = scopeOf(actor, shopId);
  // A timer holds its own row and must not wait for a person's command, which may want that row next: see JobBusy.
  const locked = await store.lockTrade(uow.trx, scope, tid, { skipLocked: actor.kind === 'system' });
  if (!locked) {
    if (actor.kind === 'system' && (await store.getTrade(uow.trx, scope, tid))) throw new JobBusy(`trade ${tid} is busy`);
    throw tradeNotFound(tid);
  }
  return viewOf(locked);
}

/** What the rules see of a loaded trade. */
function viewOf({ trade, shopType, orders }: NonNullable<Awaited<ReturnType<typeof store.readTrade>>>) {
  const status = trade.status as rules.TradeStatus;
  const view = {
    ...trade,
    status,
    openOrders: orders.filter((o) => o.status === status).length,
    receiveDelayDays: trade.receive_delay_days,
  };
  const priced = orders.map((o) => ({ ...o, status: o.status as rules.TradeStatus }));
  return { trade, view, orders: priced, shop: { type: shopType as 'C' | 'B' } };
}

/** A command's event and audit row: what the trade becomes, known before it is written. */
function changeOf(actor: Actor, action: string, before: Trade, patch: Partial<Trade>, now: Date, audit: { before: unknown; after: unknown }) {
  const { status, buyer_id, flag } = { ...before, ...patch };
  const event: BusEvent = { type: 'trade.changed', shopId: before.shop_id, payload: { tid: before.tid, action, status, buyer_id, flag } };
  return { event, audit: auditRow({ shopId: before.shop_id, actor, action, entity: 'trade', entityId: before.tid, ...audit, at: now }) };
}

/** Persists a command's outcome, its sub-orders' changes, its audit row and its event, in one statement. */
async function commit(
  uow: UnitOfWork, actor: Actor, action: string, before: Trade, patch: Partial<Trade>, now: Date,
  audit: { before: unknown; after: unknown }, orders: store.OrderPatch[] = [],
) {
  // The trade is locked, so its next state is known before it is written; the event can go in the same statement.
  const change = changeOf(actor, action, before, patch, now, audit);
  uow.emit(change.event);
  const saved = await store.saveTrade(uow.trx, before.tid, patch, now, { orders, audit: change.audit, outbox: uow.takeOutbox() });
  if (!saved) throw new Error(`trade ${before.tid} vanished under its lock`);
  return saved;
}

/** The sub-orders that follow their trade from one status to the next. */
const moving = (orders: readonly Order[], from: rules.TradeStatus, to: rules.TradeStatus, endTime?: Date): store.OrderPatch[] =>
  orders.filter((o) => o.status === from).map((o) => ({ oid: o.oid, status: to, ...(endTime ? { end_time: endTime } : {}) }));

/** Stock rows are always locked in sku_id order, so trades over the same SKUs never wait on each other in a circle. */
const bySku = <T extends { sku_id: number }>(lines: readonly T[]) => [...lines].sort((a, b) => a.sku_id - b.sku_id);

export async function placeTrade(
  uow: UnitOfWork, buyer: BuyerActor, shopId: number, input: { orders: OrderLine[] } & Receiver, now: Date,
) {
  const shop = await getShop(uow.trx, shopId);
  const skus = await store.skusForSale(uow.trx, shopId, input.orders.map((l) => l.sku_id));
  const template = await store.defaultShippingTemplate(uow.trx, shopId);
  const basket = priceBasket(input.orders, skus, template, input.receiver_state);
  for (const o of bySku(basket.orders)) {
    if (!(await store.reserveStock(uow.trx, o.sku_id, o.num))) {
      throw new AppError('OUT_OF_STOCK', 409, `「${o.title}」库存不足`, `Not enough stock of "${o.title}"`, { sku_id: o.sku_id });
    }
  }
  const { orders: _lines, ...receiver } = input;
  const orders = basket.orders;
  const trade = await store.insertTrade(
    uow.trx,
    {
      shop_id: shopId, buyer_id: buyer.id, buyer_nick: buyer.nick, status: 'WAIT_BUYER_PAY', ...receiver,
      total_fee: basket.total_fee, post_fee: basket.post_fee, original_post_fee: basket.post_fee,
      payment: basket.payment, created: now, modified: now,
    },
    orders.map(({ weight_g: _w, ...o }) => ({ ...o, shop_id: shopId, status: 'WAIT_BUYER_PAY' })),
  );
  await scheduleTimer(uow.trx, {
    kind: AUTO_CLOSE, key: trade.tid, shopId, runAt: rules.autoCloseAt(now, shop.unpaid_close_hours),
  });
  await recordAudit(uow.trx, {
    shopId, actor: buyer, action: 'trade.add', entity: 'trade', entityId: trade.tid,
    after: { payment: trade.payment, post_fee: trade.post_fee, orders: orders.map((o) => [o.sku_id, o.num, o.price]) },
    at: now,
  });
  uow.emit({ type: 'trade.created', shopId, payload: { tid: trade.tid, buyer_id: buyer.id, payment: trade.payment } });
  return trade;
}

export async function payTrade(
  uow: UnitOfWork, buyer: BuyerActor, tid: number, expected: number | undefined, escrow: EscrowProvider, now: Date,
) {
  const { trade, view, orders } = await load(uow, buyer, tid);
  const next = rules.decidePay(view, buyer, expected);
  const { alipay_no, method = 'escrow' } = await escrow.hold(uow.trx, { shopId: trade.shop_id, tid, amount: trade.payment, at: now });
  await cancelTimer(uow.trx, AUTO_CLOSE, tid, now);
  return commit(uow, buyer, 'trade.pay', trade,
    { status: next.status, pay_time: now, alipay_no, pay_method: method }, now,
    { before: { status: trade.status }, after: { status: next.status, payment: trade.payment, alipay_no } },
    moving(orders, 'WAIT_BUYER_PAY', next.status));
}

export async function changePrice(uow: UnitOfWork, actor: AccountActor, tid: number, change: { oid: number; price: number }, now: Date) {
  const loaded = await load(uow, actor, tid);
  const next = priceChange(loaded, actor, change);
  return commit(uow, actor, 'trade.price.update', loaded.trade, next.patch, now, next.audit, next.orders);
}

/**
 * A price change as the back-office makes it, in two round trips instead of four (begin, lock, write, commit): the
 * trade is read without a lock, the rules decide, and one statement writes the change, its audit row and its event
 * only if the trade still has the version the rules saw. If another command changed the trade in between, nothing
 * was written and the change runs again the locking way (changePrice), against the trade as it now is; so the
 * outcome, the rules and the errors are changePrice's.
 */
export async function repriceTrade(
  ctx: Pick<AppContext, 'database' | 'bus'>, actor: AccountActor, tid: number, change: { oid: number; price: number }, now: Date,
) {
  const read = await store.readTrade(ctx.database.db, { shopId: actor.shopId }, tid);
  if (!read) throw tradeNotFound(tid);
  const loaded = viewOf(read);
  const next = priceChange(loaded, actor, change);
  const { event, audit } = changeOf(actor, 'trade.price.update', loaded.trade, next.patch, now, next.audit);
  const saved = await store.saveTrade(ctx.database.db, tid, next.patch, now,
    { orders: next.orders, audit, outbox: [outboxRow(event)] }, { version: loaded.trade.version });
  if (!saved) return inTransaction(ctx, (uow) => changePrice(uow, actor, tid, change, now));
  await ctx.bus.publish(event);
  return saved;
}

/** The rules' decision on a price change, as the trade's new totals, the sub-order's new price and the audit. */
function priceChange(loaded: ReturnType<typeof viewOf>, actor: AccountActor, change: { oid: number; price: number }) {
  const { trade, view, orders, shop } = loaded;
  const next = rules.decidePriceChange(shop, view, orders, change, actor);
  const before = orders.find((o) => o.oid === change.oid)!;
  return {
    patch: { total_fee: next.total_fee, payment: next.payment },
    audit: {
      before: { oid: change.oid, price: before.price, payment: trade.payment },
      after: { oid: change.oid, price: change.price, payment: next.payment },
    },
    orders: [{ oid: change.oid, price: change.price, total_fee: change.price * before.num }],
  };
}

export async function changePostage(uow: UnitOfWork, actor: AccountActor, tid: number, postFee: number, now: Date) {
  const { trade, view, orders } = await load(uow, actor, tid);
  const next = rules.decidePostageChange(view, orders, postFee, actor);
  return commit(uow, actor, 'trade.postage.update', trade, next, now, {
    before: { post_fee: trade.post_fee, payment: trade.payment },
    after: { post_fee: next.post_fee, payment: next.payment },
  });
}

export async function changeAddress(uow: UnitOfWork, actor: AccountActor | BuyerActor, tid: number, receiver: Receiver, now: Date) {
  const { trade, view } = await load(uow, actor, tid);
  rules.authorize(view.status, 'change_address', actor);
  const before = Object.fromEntries(Object.keys(receiver).map((k) => [k, trade[k as keyof Receiver]]));
  return commit(uow, actor, 'trade.shippingaddress.update', trade, receiver, now, { before, after: receiver });
}

export async function closeTrade(
  uow: UnitOfWork, actor: Actor, tid: number, reason: string, oid: number | undefined, now: Date, shopId?: number,
) {
  const { trade, view, orders } = await load(uow, actor, tid, shopId);
  const next = rules.decideClose(view, orders, reason, actor, oid);
  const closing = orders.filter((o) => next.closedOids.includes(o.oid));
  for (const o of bySku(closing)) await store.releaseStock(uow.trx, o.sku_id, o.num);
  const closed = next.status === 'TRADE_CLOSED_BY_TAOBAO';
  if (closed) await cancelTimer(uow.trx, AUTO_CLOSE, tid, now);
  const action = actor.kind === 'system' ? 'trade.auto_close' : 'trade.close';
  return commit(uow, actor, action, trade,
    { status: next.status, total_fee: next.total_fee, payment: next.payment, ...(closed ? { close_reason: reason, end_time: now } : {}) },
    now,
    { before: { status: trade.status, payment: trade.payment }, after: { status: next.status, payment: next.payment, reason, oids: next.closedOids } },
    closing.map((o) => ({ oid: o.oid, status: 'TRADE_CLOSED_BY_TAOBAO', end_time: now })));
}

export async function updateMemo(uow: UnitOfWork, actor: AccountActor, tid: number, memo: string, flag: number, now: Date) {
  const { trade, view } = await load(uow, actor, tid);
  const next = rules.decideMemo(view, memo, flag, actor);
  return commit(uow, actor, 'trade.memo.update', trade, next, now, {
    before: { memo: trade.memo, flag: trade.flag }, after: next,
  });
}

export async function shipTrade(uow: UnitOfWork, actor: AccountActor, tid: number, ship: { company_code: string; out_sid: string }, now: Date) {
  const { trade, view, orders } = await load(uow, actor, tid);
  const next = rules.decideShip(view, ship, actor, now);
  await scheduleTimer(uow.trx, { kind: AUTO_FINISH, key: tid, shopId: trade.shop_id, runAt: next.autoFinishAt });
  return commit(uow, actor, 'logistics.offline.send', trade,
    { status: next.status, consign_time: now, company_code: ship.company_code, out_sid: ship.out_sid }, now,
    { before: { status: trade.status }, after: { status: next.status, ...ship } },
    moving(orders, 'WAIT_SELLER_SEND_GOODS', next.status));
}

export async function delayReceive(uow: UnitOfWork, actor: AccountActor, tid: number, days: number, now: Date) {
  const { trade, view } = await load(uow, actor, tid);
  const next = rules.decideReceiveDelay({ ...view, consign_time: trade.consign_time as Date | null }, days, actor);
  await scheduleTimer(uow.trx, { kind: AUTO_FINISH, key: tid, shopId: trade.shop_id, runAt: next.autoFinishAt });
  return commit(uow, actor, 'trade.receivetime.delay', trade, { receive_delay_days: next.receive_delay_days }, now, {
    before: { receive_delay_days: trade.receive_delay_days },
    after: { receive_delay_days: next.receive_delay_days, auto_finish_at: next.autoFinishAt },
  });
}

/** The buyer confirms receipt, or the timer does it for them: the trade finishes and escrow pays the shop. */
export async function finishTrade(uow: UnitOfWork, actor: BuyerActor | Actor, tid: number, escrow: EscrowProvider, now: Date, shopId?: number) {
  const { trade, view, orders } = await load(uow, actor, tid, shopId);
  const command = actor.kind === 'system' ? 'auto_finish' : 'confirm';
  rules.authorize(view.status, command, actor);
  if (command === 'auto_finish' && rules.autoFinishAt(new Date(trade.consign_time!), trade.receive_delay_days) > now) {
    throw new AppError('NOT_DUE', 409, '尚未到自动确认收货时间', 'Automatic receipt is not due yet');
  }
  await escrow.release(uow.trx, { tid, at: now });
  await cancelTimer(uow.trx, AUTO_FINISH, tid, now);
  return commit(uow, actor, command === 'confirm' ? 'trade.confirm' : 'trade.auto_finish', trade,
    { status: 'TRADE_FINISHED', end_time: now }, now,
    { before: { status: trade.status }, after: { status: 'TRADE_FINISHED' } },
    moving(orders, 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', now));
}

/**
 * After-sales paid back the whole of a sub-order: it closes, and when nothing paid is left open the trade closes
 * (TRADE_CLOSED) and its receipt timer ends. The caller holds the trade already (its refund is decided under it).
 */
export async function closeRefundedOrder(uow: UnitOfWork, tid: number, oid: number, refundId: number, now: Date, shopId: number) {
  const system = { kind: 'system' as const, name: 'refund' };
  const { trade, view, orders } = await load(uow, system, tid, shopId);
  const next = rules.decideRefundClose(view, orders, oid, system);
  const closed = next.status === 'TRADE_CLOSED';
  if (closed) await cancelTimer(uow.trx, AUTO_FINISH, tid, now);
  return commit(uow, system, 'trade.refund_close', trade, closed ? { status: next.status, end_time: now } : {}, now,
    { before: { status: trade.status }, after: { status: next.status, oid, refund_id: refundId } },
    [{ oid, status: 'TRADE_CLOSED', end_time: now }]);
}
