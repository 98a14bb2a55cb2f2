import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, RefundsTable } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { DEFAULT_SETTINGS, OPEN_STATUSES, type DisputeType, type RefundSettings, type RefundStatus } from './rules.ts';

type Q = Kysely<DB> | Trx;
export type Refund = Selectable<RefundsTable>;

/** Who may see a refund: its shop's accounts, or its buyer. */
export type RefundScope = { shopId: number } | { buyerId: number };

const scoped = <T extends { where: (...args: any[]) => T }>(q: T, scope: RefundScope): T =>
  'shopId' in scope ? q.where('refunds.shop_id', '=', scope.shopId) : q.where('refunds.buyer_id', '=', scope.buyerId);

/** A refund with what its sub-order shows: the item's title, SKU and number of pieces. */
const withOrder = (db: Q) =>
  db.selectFrom('refunds')
    .innerJoin('orders', 'orders.oid', 'refunds.oid')
    .selectAll('refunds')
    .select(['orders.title', 'orders.sku_properties_name', 'orders.num', 'orders.num_iid', 'orders.sku_id']);
export type RefundWithOrder = Refund & { title: string; sku_properties_name: string; num: number; num_iid: number; sku_id: number };

export function getRefund(db: Q, scope: RefundScope, refundId: number): Promise<RefundWithOrder | undefined> {
  return scoped(withOrder(db).where('refunds.refund_id', '=', refundId), scope).executeTakeFirst();
}

/** The refund's row, locked for the rest of the transaction (its trade is locked first, always). */
export function lockRefund(trx: Trx, refundId: number) {
  return trx.selectFrom('refunds').selectAll().where('refund_id', '=', refundId).forUpdate().executeTakeFirstOrThrow();
}

/** Where a refund belongs, read without a lock: the trade to lock before it. */
export function findRefundHead(db: Q, scope: RefundScope, refundId: number) {
  return scoped(db.selectFrom('refunds').select(['refunds.refund_id', 'refunds.tid', 'refunds.shop_id']).where('refunds.refund_id', '=', refundId), scope)
    .executeTakeFirst();
}

/**
 * Locks the trade a refund is about: every refund command on a trade queues here, so two refunds of its sub-orders
 * never decide on the same money at once. With `skipLocked` (a timer) a trade held by someone else comes back undefined.
 */
export async function lockTrade(trx: Trx, scope: { shopId: number } | { buyerId: number }, tid: number, opts: { skipLocked?: boolean } = {}) {
  let q = trx.selectFrom('trades')
    .select(['tid', 'shop_id', 'buyer_id', 'buyer_nick', 'status', 'pay_method', 'consign_time', 'flag', 'memo'])
    .where('tid', '=', tid);
  q = 'shopId' in scope ? q.where('shop_id', '=', scope.shopId) : q.where('buyer_id', '=', scope.buyerId);
  return (opts.skipLocked ? q.forUpdate().skipLocked() : q.forUpdate()).executeTakeFirst();
}
export type LockedTrade = NonNullable<Awaited<ReturnType<typeof lockTrade>>>;

export function tradeExists(db: Q, tid: number) {
  return db.selectFrom('trades').select('tid').where('tid', '=', tid).executeTakeFirst();
}

/** A sub-order and what its refunds did so far: refunded (by refunds that succeeded) and whether one is in progress. */
export async function orderStanding(db: Q, tid: number, oid: number, except?: number) {
  const order = await db.selectFrom('orders').select(['oid', 'tid', 'status', 'total_fee']).where('oid', '=', oid)
    .where('tid', '=', tid).executeTakeFirst();
  if (!order) return undefined;
  let q = db.selectFrom('refunds')
    .select([
      sql<number>`coalesce(sum(refund_fee) filter (where status = 'SUCCESS'), 0)::int`.as('refunded'),
      sql<boolean>`coalesce(bool_or(status in (${sql.join(OPEN_STATUSES)})), false)`.as('has_open'),
    ])
    .where('oid', '=', oid);
  if (except !== undefined) q = q.where('refund_id', '<>', except);
  const r = await q.executeTakeFirstOrThrow();
  return { ...order, refunded: r.refunded, hasOpenRefund: r.has_open };
}

export async function insertRefund(trx: Trx, row: Insertable<RefundsTable>) {
  return trx.insertInto('refunds').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateRefund(trx: Trx, refundId: number, patch: Updateable<RefundsTable>) {
  return trx.updateTable('refunds').set({ ...patch, version: sql`version + 1` }).where('refund_id', '=', refundId)
    .returningAll().executeTakeFirstOrThrow();
}

export interface RefundSearch {
  scope: RefundScope;
  status?: RefundStatus;
  disputeType?: DisputeType;
  tid?: number;
  offset: number;
  limit: number;
}

/** refunds.receive.get: the nearest deadline first (those waiting for nobody last), served by the shop's indexes. */
export async function searchRefunds(db: Q, s: RefundSearch) {
  let q = scoped(withOrder(db), s.scope);
  if (s.status) q = q.where('refunds.status', '=', s.status);
  if (s.disputeType) q = q.where('refunds.dispute_type', '=', s.disputeType);
  if (s.tid !== undefined) q = q.where('refunds.tid', '=', s.tid);
  q = 'shopId' in s.scope
    ? q.orderBy(sql`refunds.timeout asc nulls last`).orderBy('refunds.refund_id', 'asc')
    : q.orderBy('refunds.created', 'desc').orderBy('refunds.refund_id', 'desc');
  const rows = await q.offset(s.offset).limit(s.limit + 1).execute();
  return { refunds: rows.slice(0, s.limit), hasNext: rows.length > s.limit };
}

export async function countByStatus(db: Q, shopId: number) {
  const rows = await db.selectFrom('refunds').select(['status', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Partial<Record<RefundStatus, number>>;
}

export async function getSettings(db: Q, shopId: number): Promise<RefundSettings> {
  const row = await db.selectFrom('refund_settings').select(['agree_hours_before_ship', 'agree_days_after_ship'])
    .where('shop_id', '=', shopId).executeTakeFirst();
  return row ?? { ...DEFAULT_SETTINGS };
}

export async function saveSettings(trx: Trx, shopId: number, s: RefundSettings, now: Date) {
  await trx.insertInto('refund_settings').values({ shop_id: shopId, ...s, updated_at: now })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ ...s, updated_at: now })).execute();
}

export function escrowOf(db: Q, tid: number) {
  return db.selectFrom('escrow_payments').select(['alipay_no', 'amount', 'refunded', 'released', 'status']).where('tid', '=', tid)
    .executeTakeFirst();
}
