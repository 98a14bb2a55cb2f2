import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, NewOrder, NewTrade, Order, Trade } from '../../db/schema.ts';
import type { OutboxRow, Trx } from '../../db/transaction.ts';
import type { ShippingTemplate } from '../logistics/rules.ts';
import type { SkuForSale } from './placement.ts';
import type { TradeStatus } from './rules.ts';

type Q = Kysely<DB> | Trx;

/** Who may see the trade: its shop's accounts, or its buyer. */
export type TradeScope = { shopId: number } | { buyerId: number };

/** A sub-order as json_agg gives it: every field as it is, but the time as text. */
type OrderJson = Omit<Order, 'end_time'> & { end_time: string | null };
const orderFromJson = (o: OrderJson): Order => ({ ...o, end_time: o.end_time === null ? null : new Date(o.end_time) });

/** The trade with its shop's type and its sub-orders, in one statement. */
function tradeWithOrders(q: Q, scope: TradeScope, tid: number) {
  const query = q.selectFrom('trades').selectAll()
    .select((eb) => [
      eb.selectFrom('shops').select('type').whereRef('shops.id', '=', 'trades.shop_id').$asScalar().as('shop_type'),
      sql<OrderJson[]>`(select coalesce(json_agg(o order by o.oid), '[]') from orders o where o.tid = trades.tid)`.as('orders'),
      sql<number>`(select s.version from trades s where s.tid = trades.tid)`.as('seen_version'),
    ])
    .where('tid', '=', tid);
  return 'shopId' in scope ? query.where('shop_id', '=', scope.shopId) : query.where('buyer_id', '=', scope.buyerId);
}

/**
 * Loads and locks the trade, with its shop's type and its sub-orders, for the rest of the transaction; concurrent
 * commands on it queue here. With `skipLocked` it does not queue: a trade locked by someone else comes back undefined.
 */
export async function lockTrade(trx: Trx, scope: TradeScope, tid: number, opts: { skipLocked?: boolean } = {}) {
  // One round trip: the shop's row and the sub-orders come along (read, not locked).
  const q = tradeWithOrders(trx, scope, tid);
  const row = await (opts.skipLocked ? q.forUpdate().skipLocked() : q.forUpdate()).executeTakeFirst();
  if (!row) return undefined;
  const { shop_type: shopType, orders, seen_version: seenVersion, ...trade } = row;
  // The row locked is the trade's latest version, but subqueries read the statement's snapshot, taken before the lock
  // was granted. Sub-orders change only with their trade's version (saveTrade), so when the two versions differ (this
  // waited for another command on the trade), the sub-orders are read again, now that the trade is ours.
  const fresh = seenVersion === trade.version ? orders.map(orderFromJson) : await listOrders(trx, tid);
  return { trade, shopType, orders: fresh };
}

/**
 * The same trade, shop type and sub-orders without a lock, all from one snapshot: for a command that writes only if
 * the trade still has this version (saveTrade's `version`).
 */
export async function readTrade(db: Q, scope: TradeScope, tid: number) {
  const row = await tradeWithOrders(db, scope, tid).executeTakeFirst();
  if (!row) return undefined;
  const { shop_type: shopType, orders, seen_version: _seen, ...trade } = row;
  return { trade, shopType, orders: orders.map(orderFromJson) };
}

export function getTrade(db: Q, scope: TradeScope, tid: number) {
  let q = db.selectFrom('trades').selectAll().where('tid', '=', tid);
  q = 'shopId' in scope ? q.where('shop_id', '=', scope.shopId) : q.where('buyer_id', '=', scope.buyerId);
  return q.executeTakeFirst();
}

export function listOrders(db: Q, tid: number) {
  return db.selectFrom('orders').selectAll().where('tid', '=', tid).orderBy('oid').execute();
}

export async function listOrdersOf(db: Q, tids: number[]) {
  if (!tids.length) return new Map<number, Order[]>();
  const rows = await db.selectFrom('orders').selectAll().where('tid', 'in', tids).orderBy('oid').execute();
  const byTid = new Map<number, Order[]>();
  for (const o of rows) byTid.set(o.tid, [...(byTid.get(o.tid) ?? []), o]);
  return byTid;
}

/** A sub-order's change: a field left out keeps its value. */
export type OrderPatch = { oid: number } & Partial<Pick<Order, 'price' | 'total_fee' | 'status' | 'end_time'>>;

/**
 * A command's outcome in one statement, one round trip: the trade (its version + 1), the changed sub-orders, the audit
 * row and the outbox rows (at least one). Returns the trade as it now stands.
 * With `version`, nothing is written unless the trade still has that version (a command that read the trade without
 * locking it): then it returns undefined. Every other part of the statement hangs on the trade's row, so it is all
 * or nothing.
 */
export function saveTrade(
  q: Q, tid: number, patch: Partial<Omit<Trade, 'tid' | 'version'>>, now: Date,
  changes: { orders: OrderPatch[]; audit: Insertable<DB['audit_log']>; outbox: OutboxRow[] },
  opts: { version?: number } = {},
): Promise<Trade | undefined> {
  const column = <K extends keyof OrderPatch>(k: K) => changes.orders.map((o) => o[k] ?? null);
  const a = changes.audit;
  const events = changes.outbox;
  return q
    .with('saved', (db) => {
      const update = db.updateTable('trades').set({ ...patch, modified: now, version: sql`version + 1` }).where('tid', '=', tid);
      return (opts.version === undefined ? update : update.where('version', '=', opts.version)).returningAll();
    })
    .with('changed_orders', () => sql`(
      update orders o set price = coalesce(v.price, o.price), total_fee = coalesce(v.total_fee, o.total_fee),
        status = coalesce(v.status, o.status), end_time = coalesce(v.end_time, o.end_time)
      from unnest(${column('oid')}::bigint[], ${column('price')}::int[], ${column('total_fee')}::int[],
        ${column('status')}::text[], ${column('end_time')}::timestamptz[]) as v(oid, price, total_fee, status, end_time), saved
      where o.oid = v.oid and o.tid = saved.tid)`)
    .with('audit', () => sql`(
      insert into audit_log (shop_id, actor_kind, actor_id, actor_name, action, entity, entity_id, before, after, created_at)
      select ${a.shop_id}::bigint, ${a.actor_kind}::text, ${a.actor_id ?? null}::bigint, ${a.actor_name}::text, ${a.action}::text,
        ${a.entity}::text, ${a.entity_id}::text, ${a.before ?? null}::jsonb, ${a.after ?? null}::jsonb,
        coalesce(${a.created_at ?? null}::timestamptz, now())
      from saved)`)
    .with('events', () => sql`(
      insert into outbox (shop_id, type, payload)
      select e.shop_id, e.type, e.payload
      from unnest(${events.map((e) => e.shop_id)}::bigint[], ${events.map((e) => e.type)}::text[],
        ${events.map((e) => e.payload)}::jsonb[]) with ordinality as e(shop_id, type, payload, n), saved
      order by e.n)`)
    .selectFrom('saved')
    .selectAll()
    .executeTakeFirst();
}

export async function insertTrade(trx: Trx, trade: NewTrade, orders: Omit<NewOrder, 'tid'>[]) {
  const row = await trx.insertInto('trades').values(trade).returningAll().executeTakeFirstOrThrow();
  await trx.insertInto('orders').values(orders.map((o) => ({ ...o, tid: row.tid }))).execute();
  return row;
}

/** Takes stock only if enough is left, in one statement, so two buyers can never take the last piece twice. */
export async function reserveStock(trx: Trx, skuId: number, num: number) {
  const r = await trx
    .updateTable('skus')
    .set({ quantity: sql`quantity - ${num}` })
    .where('sku_id', '=', skuId)
    .where('quantity', '>=', num)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function releaseStock(trx: Trx, skuId: number, num: number) {
  await trx.updateTable('skus').set({ quantity: sql`quantity + ${num}` }).where('sku_id', '=', skuId).execute();
}

export async function skusForSale(db: Q, shopId: number, skuIds: number[]): Promise<Map<number, SkuForSale>> {
  if (!skuIds.length) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.num_iid', 'skus.num_iid')
    .select([
      'skus.sku_id', 'skus.num_iid', 'products.title', 'skus.properties_name', 'skus.price', 'skus.quantity',
      sql<number>`coalesce(skus.weight_g, products.weight_g)`.as('weight_g'),
      sql<boolean>`products.approve_status = 'onsale'`.as('onsale'),
    ])
    .where('skus.shop_id', '=', shopId)
    .where('skus.sku_id', 'in', skuIds)
    .execute();
  return new Map(rows.map((r) => [r.sku_id, r]));
}

export async function defaultShippingTemplate(db: Q, shopId: number): Promise<ShippingTemplate | undefined> {
  const t = await db
    .selectFrom('shipping_templates')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return t && { ...t, region_fees: t.region_fees as unknown as ShippingTemplate['region_fees'] };
}

export interface TradeSearch {
  shopId: number;
  buyerNick?: string;
  tid?: number;
  status?: TradeStatus;
  flag?: number;
  startCreated?: Date;
  endCreated?: Date;
  /** The warehouse works paid trades oldest payment first. */
  sort: 'created_desc' | 'pay_time_asc';
  offset: number;
  limit: number;
}

/** trades.sold.get: every filter is served by an index that starts with shop_id (migrations/003). */
export async function searchTrades(db: Q, s: TradeSearch) {
  let q = db.selectFrom('trades').selectAll().where('shop_id', '=', s.shopId);
  if (s.tid !== undefined) q = q.where('tid', '=', s.tid);
  if (s.buyerNick !== undefined) q = q.where('buyer_nick', '=', s.buyerNick);
  if (s.status !== undefined) q = q.where('status', '=', s.status);
  if (s.flag !== undefined) q = q.where('flag', '=', s.flag);
  if (s.startCreated) q = q.where('created', '>=', s.startCreated);
  if (s.endCreated) q = q.where('created', '<', s.endCreated);
  q = s.sort === 'pay_time_asc' ? q.orderBy('pay_time', 'asc').orderBy('tid', 'asc') : q.orderBy('created', 'desc').orderBy('tid', 'desc');
  // One row more than asked tells whether another page follows, without counting the whole shop.
  const rows = await q.offset(s.offset).limit(s.limit + 1).execute();
  return { trades: rows.slice(0, s.limit), hasNext: rows.length > s.limit };
}

export async function countByStatus(db: Q, shopId: number) {
  const rows = await db
    .selectFrom('trades')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .where('shop_id', '=', shopId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.count])) as Partial<Record<TradeStatus, number>>;
}

export function listBuyerTrades(db: Q, buyerId: number, limit: number, offset: number) {
  return db
    .selectFrom('trades')
    .innerJoin('shops', 'shops.id', 'trades.shop_id')
    .selectAll('trades')
    .select(['shops.name as shop_name', 'shops.title as shop_title'])
    .where('buyer_id', '=', buyerId)
    .orderBy('created', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export function escrowOf(db: Q, tid: number) {
  return db.selectFrom('escrow_payments').select(['alipay_no', 'amount', 'status', 'refunded', 'released', 'settled_at']).where('tid', '=', tid)
    .executeTakeFirst();
}

/** Statuses of some buyers' open trades in a shop: chat routing reads the buyer's situation from them. */
export function openTradeStatuses(db: Q, shopId: number, buyerIds: number[]) {
  if (!buyerIds.length) return Promise.resolve([]);
  return db.selectFrom('trades').select(['buyer_id', 'status']).where('shop_id', '=', shopId)
    .where('buyer_id', '=', sql<number>`any(${buyerIds}::bigint[])`)
    .where('status', 'in', ['WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'])
    .execute();
}
