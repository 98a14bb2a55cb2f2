import type { UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import type { AccountActor, BuyerActor, SystemActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { getTrade, listOrders } from '../trades/index.ts';
import {
  decideChange, decideCloseFollowup, decideContact, decideReviews, type FollowupOutcome, type FollowupStatus, type Result,
} from './rules.ts';
import * as store from './store.ts';

/** The reviews' use cases: each checks with rules.ts, writes with its audit rows, and emits after commit. */
const tradeNotFound = (tid: number) => new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
const reviewExists = () => new AppError('REVIEW_EXISTS', 409, '该子订单已评价', 'This sub-order has been rated already');

export async function addReviews(
  uow: UnitOfWork, buyer: BuyerActor, tid: number, input: { oid: number; result: Result; content: string }[], now: Date,
) {
  const trade = await getTrade(uow.trx, { buyerId: buyer.id }, tid);
  if (!trade) throw tradeNotFound(tid);
  const orders = await listOrders(uow.trx, tid);
  const decided = decideReviews(trade, orders, await store.ratedOids(uow.trx, tid), input, now);
  const byOid = new Map(orders.map((o) => [o.oid, o]));
  const rows = await store.insertReviews(uow.trx, decided.map((r) => ({
    shop_id: trade.shop_id, tid, oid: r.oid, buyer_id: buyer.id, buyer_nick: buyer.nick, num_iid: byOid.get(r.oid)!.num_iid,
    item_title: byOid.get(r.oid)!.title, result: r.result, content: r.content.trim(), created_at: now,
  })));
  // A twin request rated one of these sub-orders in the meantime: all or nothing.
  if (rows.length !== decided.length) throw reviewExists();
  const followups = await store.insertFollowups(uow.trx, rows.filter((r) => r.result !== 'good').map((r) => ({
    shop_id: trade.shop_id, review_id: r.id, tid, oid: r.oid, buyer_nick: buyer.nick, result: r.result, at: now,
  })));
  for (const r of rows) {
    await recordAudit(uow.trx, { shopId: trade.shop_id, actor: buyer, action: 'traderate.add', entity: 'review', entityId: r.id,
      after: { tid, oid: r.oid, result: r.result, content: r.content }, at: now });
    uow.emit({ type: 'review.created', shopId: trade.shop_id, payload: {
      review_id: r.id, tid, oid: r.oid, num_iid: r.num_iid, buyer_id: buyer.id, result: r.result,
    } });
  }
  for (const f of followups) {
    uow.emit({ type: 'review.followup.opened', shopId: trade.shop_id, payload: {
      followup_id: f.id, review_id: f.review_id, tid, oid: f.oid, result: f.result,
    } });
  }
  return rows;
}

const reviewNotFound = (id: number) => new AppError('REVIEW_NOT_FOUND', 404, `评价 ${id} 不存在`, `Review ${id} not found`, { id });

/** The buyer's one change, to good; an open follow-up of the review closes with "changed to good". */
export async function changeReview(uow: UnitOfWork, buyer: BuyerActor, id: number, to: Result, content: string | undefined, now: Date) {
  const review = await store.lockReview(uow.trx, buyer.id, id);
  if (!review) throw reviewNotFound(id);
  const next = decideChange(review, to, now);
  const changed = await store.saveChange(uow.trx, id, { ...next, content: content?.trim() || review.content });
  await recordAudit(uow.trx, { shopId: review.shop_id, actor: buyer, action: 'traderate.update', entity: 'review', entityId: id,
    before: { result: review.result, content: review.content }, after: { result: changed.result, content: changed.content }, at: now });
  uow.emit({ type: 'review.changed', shopId: review.shop_id, payload: {
    review_id: id, tid: review.tid, oid: review.oid, num_iid: review.num_iid, buyer_id: buyer.id, from: review.result, to: changed.result,
  } });
  const followup = await store.lockFollowup(uow.trx, review.shop_id, { reviewId: id });
  if (followup && followup.status !== 'closed') {
    const system: SystemActor = { kind: 'system', name: 'review' };
    await closeLocked(uow, system, followup, changed, 'changed_to_good', '', now);
  }
  return changed;
}

type FollowupRow = NonNullable<Awaited<ReturnType<typeof store.lockFollowup>>>;
const followupNotFound = (id: number) =>
  new AppError('FOLLOWUP_NOT_FOUND', 404, `回访 ${id} 不存在`, `Follow-up ${id} not found`, { id });

export async function contactBuyer(
  uow: UnitOfWork, actor: AccountActor, id: number, c: { channel: 'chat' | 'phone' | 'sms'; note: string }, now: Date,
) {
  const f = await store.lockFollowup(uow.trx, actor.shopId, { id });
  if (!f) throw followupNotFound(id);
  decideContact({ status: f.status as FollowupStatus });
  const next = await store.addContact(uow.trx, f, { ...c, byId: actor.id, byName: actor.login, at: now });
  await recordAudit(uow.trx, { shopId: actor.shopId, actor, action: 'review.followup.contact', entity: 'review', entityId: f.review_id,
    before: { status: f.status }, after: { followup_id: id, status: next.status, ...c }, at: now });
  uow.emit({ type: 'review.followup.contacted', shopId: actor.shopId, payload: {
    followup_id: id, review_id: f.review_id, tid: f.tid, channel: c.channel,
  } });
  return next;
}

export async function closeFollowup(uow: UnitOfWork, actor: AccountActor, id: number, outcome: FollowupOutcome, note: string, now: Date) {
  const f = await store.lockFollowup(uow.trx, actor.shopId, { id });
  if (!f) throw followupNotFound(id);
  const review = await store.getReview(uow.trx, actor.shopId, f.review_id);
  return closeLocked(uow, actor, f, review!, outcome, note, now);
}

async function closeLocked(
  uow: UnitOfWork, actor: AccountActor | SystemActor, f: FollowupRow, review: { result: Result }, outcome: FollowupOutcome,
  note: string, now: Date,
) {
  decideCloseFollowup({ status: f.status as FollowupStatus, contacts: f.contacts }, review, outcome);
  const by = actor.kind === 'account' ? actor.login : actor.name;
  const closed = await store.closeFollowup(uow.trx, f.id, { outcome, note, by, at: now });
  await recordAudit(uow.trx, { shopId: f.shop_id, actor, action: 'review.followup.close', entity: 'review', entityId: f.review_id,
    before: { status: f.status }, after: { followup_id: f.id, status: 'closed', outcome, note }, at: now });
  uow.emit({ type: 'review.followup.closed', shopId: f.shop_id, payload: {
    followup_id: f.id, review_id: f.review_id, tid: f.tid, outcome,
  } });
  return closed;
}
