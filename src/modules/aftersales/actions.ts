import type { UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { cancelTimer, scheduleTimer } from '../../jobs/timers.ts';
import { JobBusy } from '../../jobs/worker.ts';
import type { AccountActor, Actor, BuyerActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { EscrowProvider } from '../payments/index.ts';
import { closeRefundedOrder, tradeRules, updateMemo } from '../trades/index.ts';
import * as requests from './requests.ts';
import * as rules from './rules.ts';
import * as store from './store.ts';
import type { LockedTrade, Refund } from './store.ts';

/**
 * The refund's use cases. Each one locks the trade, then the refund, lets rules.ts decide, moves the money in escrow,
 * and persists the refund with its audit row, its timer and its events, all inside the caller's transaction.
 */
export const REFUND_TIMEOUT = 'refund.timeout';
/** One timer per refund and status: a timer that fires moves the refund on and may start the next status's. */
export const timerKey = (r: Pick<Refund, 'refund_id' | 'status'>) => `${r.refund_id}:${r.status}`;

export const refundNotFound = (refundId: number) =>
  new AppError('REFUND_NOT_FOUND', 404, `退款 ${refundId} 不存在`, `Refund ${refundId} not found`, { refund_id: refundId });

export const viewOf = (r: Refund): rules.RefundView => ({
  status: r.status, dispute_type: r.dispute_type, shipped: r.shipped, refund_fee: r.refund_fee,
  good_received_time: r.good_received_time, timeout: r.timeout,
});

const scopeOf = (actor: Actor, shopId?: number): store.RefundScope =>
  actor.kind === 'buyer' ? { buyerId: actor.id } : { shopId: actor.kind === 'account' ? actor.shopId : shopId! };

interface Loaded {
  trade: LockedTrade;
  refund: Refund;
}

async function load(uow: UnitOfWork, actor: Actor, refundId: number, shopId?: number): Promise<Loaded> {
  const head = await store.findRefundHead(uow.trx, scopeOf(actor, shopId), refundId);
  if (!head) throw refundNotFound(refundId);
  // A timer must not wait for a person's command on the same trade, which may want the timer's row next: see JobBusy.
  const trade = await store.lockTrade(uow.trx, { shopId: head.shop_id }, head.tid, { skipLocked: actor.kind === 'system' });
  if (!trade) throw new JobBusy(`trade ${head.tid} is busy`);
  return { trade, refund: await store.lockRefund(uow.trx, refundId) };
}

const audited = (r: Refund) => ({
  status: r.status, refund_fee: r.refund_fee, reason: r.reason, refuse_reason: r.refuse_reason, company_code: r.company_code,
  sid: r.sid, exchange_company_code: r.exchange_company_code, exchange_out_sid: r.exchange_out_sid, timeout: r.timeout,
});

/** The refund's audit row, its timer moved to the new status's deadline, and its events (published after commit). */
async function record(uow: UnitOfWork, actor: Actor, action: string, before: Refund | undefined, after: Refund, events: string[], now: Date) {
  await recordAudit(uow.trx, {
    shopId: after.shop_id, actor, action, entity: 'refund', entityId: after.refund_id,
    before: before && audited(before), after: audited(after), at: now,
  });
  if (before && before.status !== after.status) await cancelTimer(uow.trx, REFUND_TIMEOUT, timerKey(before), now);
  const moved = before?.status !== after.status || after.timeout?.getTime() !== before?.timeout?.getTime();
  if (after.timeout && moved) {
    await scheduleTimer(uow.trx, { kind: REFUND_TIMEOUT, key: timerKey(after), shopId: after.shop_id, runAt: after.timeout });
  }
  // Like trade.changed: one event for every change after the request, besides the step's own, for webhooks and stats.
  for (const type of before ? [...events, 'refund.changed'] : events) {
    uow.emit({ type, shopId: after.shop_id, payload: {
      refund_id: after.refund_id, tid: after.tid, oid: after.oid, buyer_id: after.buyer_id, dispute_type: after.dispute_type,
      status: after.status, refund_fee: after.refund_fee, action, by: actor.kind,
    } });
  }
  return after;
}

/**
 * The money of a refund that succeeded leaves escrow (once: the escrow's reserve turns into a refund). A sub-order paid
 * back in full closes; the trade closes with the last one, and what is left in escrow (the postage) goes back to the
 * buyer if nothing was shipped, or to the shop that paid the courier.
 */
async function payOut(uow: UnitOfWork, { trade, refund }: Loaded, escrow: EscrowProvider, now: Date) {
  await escrow.refund(uow.trx, { tid: refund.tid, refundId: refund.refund_id, amount: refund.refund_fee, at: now });
  const order = (await store.orderStanding(uow.trx, refund.tid, refund.oid, refund.refund_id))!;
  const closes = order.refunded + refund.refund_fee >= order.total_fee
    && tradeRules.ORDER_MACHINE[order.status as tradeRules.TradeStatus]?.refund !== undefined
    && tradeRules.TRADE_MACHINE[trade.status as tradeRules.TradeStatus]?.refund_order !== undefined;
  if (!closes) return;
  const after = await closeRefundedOrder(uow, refund.tid, refund.oid, refund.refund_id, now, refund.shop_id);
  if (after.status === 'TRADE_CLOSED') {
    await escrow.settle(uow.trx, { tid: refund.tid, to: trade.consign_time ? 'shop' : 'buyer', at: now });
  }
}

/** Any step of the machine: decided (or given a decision), money moved, persisted, recorded. */
async function step(
  uow: UnitOfWork, actor: Actor, loaded: Loaded, command: rules.RefundCommand, escrow: EscrowProvider, now: Date,
  extra: { decision?: { status: rules.RefundStatus; timeout: Date | null }; patch?: Partial<Refund> } = {},
) {
  const { refund } = loaded;
  const settings = await store.getSettings(uow.trx, refund.shop_id);
  const d = extra.decision ?? rules.decideStep(viewOf(refund), command, actor, settings, now);
  const money = rules.movesMoney(refund.dispute_type);
  if (d.status === 'SUCCESS' && money) await payOut(uow, loaded, escrow, now);
  if (d.status === 'CLOSED' && money) await escrow.cancelRefund(uow.trx, { tid: refund.tid, refundId: refund.refund_id, at: now });
  const ended = !rules.isOpen(d.status);
  const after = await store.updateRefund(uow.trx, refund.refund_id, {
    ...extra.patch, status: d.status, timeout: d.timeout, modified: now, ...(ended ? { end_time: now } : {}),
  });
  return record(uow, actor, `refund.${command}`, refund, after, rules.eventsOf(refund.status, command, d.status), now);
}

export async function applyRefund(
  uow: UnitOfWork, buyer: BuyerActor, tid: number, input: requests.Request & { oid: number }, escrow: EscrowProvider, now: Date,
) {
  const trade = await store.lockTrade(uow.trx, { buyerId: buyer.id }, tid);
  if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
  const order = await store.orderStanding(uow.trx, tid, input.oid);
  if (!order) throw new AppError('ORDER_NOT_FOUND', 404, '子订单不存在', 'No such sub-order in this trade', { oid: input.oid });
  const settings = await store.getSettings(uow.trx, trade.shop_id);
  const d = requests.decideApply(input, {
    tradeStatus: trade.status, paidInEscrow: trade.pay_method === 'escrow', orderStatus: order.status,
    total_fee: order.total_fee, refunded: order.refunded, hasOpenRefund: order.hasOpenRefund,
  }, settings, now);
  const refund = await store.insertRefund(uow.trx, {
    shop_id: trade.shop_id, tid, oid: input.oid, buyer_id: buyer.id, buyer_nick: buyer.nick, dispute_type: d.dispute_type,
    status: d.status, shipped: d.shipped, total_fee: order.total_fee, refund_fee: d.refund_fee, reason: d.reason,
    description: d.description, timeout: d.timeout, created: now, modified: now,
  });
  if (rules.movesMoney(d.dispute_type)) {
    await escrow.reserveRefund(uow.trx, { tid, refundId: refund.refund_id, amount: d.refund_fee, at: now });
  }
  return record(uow, buyer, 'refund.add', undefined, refund, ['refund.created'], now);
}

export async function reapplyRefund(
  uow: UnitOfWork, buyer: BuyerActor, refundId: number, change: Partial<Omit<requests.Request, 'dispute_type'>>,
  escrow: EscrowProvider, now: Date,
) {
  const loaded = await load(uow, buyer, refundId);
  const { trade, refund } = loaded;
  const order = (await store.orderStanding(uow.trx, refund.tid, refund.oid, refund.refund_id))!;
  const settings = await store.getSettings(uow.trx, refund.shop_id);
  const d = requests.decideReapply({ ...viewOf(refund), reason: refund.reason, description: refund.description }, change, {
    tradeStatus: trade.status, paidInEscrow: trade.pay_method === 'escrow', orderStatus: order.status,
    total_fee: order.total_fee, refunded: order.refunded, hasOpenRefund: false,
  }, settings, buyer, now);
  if (rules.movesMoney(refund.dispute_type)) {
    await escrow.reserveRefund(uow.trx, { tid: refund.tid, refundId, amount: d.refund_fee, at: now });
  }
  return step(uow, buyer, loaded, 'reapply', escrow, now, {
    decision: d,
    patch: { refund_fee: d.refund_fee, reason: d.reason, description: d.description, shipped: d.shipped },
  });
}

/** A seller's or buyer's command that needs nothing but the refund: agree, returngoods_agree, confirm, cancel. */
export async function simpleStep(
  uow: UnitOfWork, actor: AccountActor | BuyerActor, refundId: number, command: rules.RefundCommand, escrow: EscrowProvider, now: Date,
) {
  return step(uow, actor, await load(uow, actor, refundId), command, escrow, now);
}

export async function refuseRefund(uow: UnitOfWork, actor: AccountActor, refundId: number, reason: string, escrow: EscrowProvider, now: Date) {
  const loaded = await load(uow, actor, refundId);
  const settings = await store.getSettings(uow.trx, loaded.refund.shop_id);
  const d = rules.decideRefuse(viewOf(loaded.refund), reason, actor, now, settings);
  return step(uow, actor, loaded, 'refuse', escrow, now, {
    decision: d, patch: { refuse_reason: d.refuse_reason, refuse_times: loaded.refund.refuse_times + 1 },
  });
}

/** The buyer sends the goods back, with the courier and the tracking number. */
export async function returnGoods(
  uow: UnitOfWork, buyer: BuyerActor, refundId: number, parcel: { company_code: string; sid: string }, escrow: EscrowProvider, now: Date,
) {
  const { company_code, sid } = rules.checkParcel(parcel);
  return step(uow, buyer, await load(uow, buyer, refundId), 'return_goods', escrow, now, {
    patch: { company_code, sid, good_return_time: now },
  });
}

/** The warehouse has the returned parcel: the green flag tells after-sales (seed 002, 仓储部→售后部). */
export async function receiveGoods(uow: UnitOfWork, actor: AccountActor, refundId: number, escrow: EscrowProvider, now: Date) {
  const loaded = await load(uow, actor, refundId);
  const after = await step(uow, actor, loaded, 'receive_goods', escrow, now, { patch: { good_received_time: now } });
  const note = `[退货已收到] 退款 ${refundId}：${after.company_code ?? ''} ${after.sid ?? ''}`.trim();
  await updateMemo(uow, actor, loaded.trade.tid, rules.memoWithNote(loaded.trade.memo, note, tradeRules.MEMO_MAX_BYTES), 3, now);
  return after;
}

/** The warehouse re-ships an exchange: the blue flag gives customer service the new number (仓储部→客服部). */
export async function sendExchange(
  uow: UnitOfWork, actor: AccountActor, refundId: number, parcel: { company_code: string; out_sid: string }, escrow: EscrowProvider, now: Date,
) {
  const { company_code, sid } = rules.checkParcel({ company_code: parcel.company_code, sid: parcel.out_sid });
  const loaded = await load(uow, actor, refundId);
  const after = await step(uow, actor, loaded, 'send_exchange', escrow, now, {
    patch: { exchange_company_code: company_code, exchange_out_sid: sid },
  });
  const note = `[换货单号] ${company_code} ${sid}（退款 ${refundId}）`;
  await updateMemo(uow, actor, loaded.trade.tid, rules.memoWithNote(loaded.trade.memo, note, tradeRules.MEMO_MAX_BYTES), 4, now);
  return after;
}

const SYSTEM = { kind: 'system' as const, name: 'timer' };

/** The deadline passed: the party who had to act is taken to have acted (rules.REFUND_MACHINE, `timeout`). */
export async function timeoutRefund(uow: UnitOfWork, key: string, shopId: number, escrow: EscrowProvider, now: Date) {
  const [id, status] = key.split(':');
  const loaded = await load(uow, SYSTEM, Number(id), shopId);
  if (loaded.refund.status !== status) {
    throw new AppError('REFUND_MOVED_ON', 409, '退款已进入下一步', 'The refund has moved on since this deadline was set');
  }
  return step(uow, SYSTEM, loaded, 'timeout', escrow, now);
}
