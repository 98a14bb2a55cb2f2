import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Counts, FollowupOutcome, Result, StatsGroup } from './rules.ts';

type Q = Kysely<DB> | Trx;

export async function ratedOids(db: Q, tid: number) {
  const rows = await db.selectFrom('reviews').select('oid').where('tid', '=', tid).execute();
  return new Set(rows.map((r) => r.oid));
}

export interface NewReview {
  shop_id: number;
  tid: number;
  oid: number;
  buyer_id: number;
  buyer_nick: string;
  num_iid: number;
  item_title: string;
  result: Result;
  content: string;
  created_at: Date;
}

/** Writes the reviews; a sub-order rated meanwhile by a twin request is skipped, and the caller sees fewer rows. */
export function insertReviews(trx: Trx, rows: NewReview[]) {
  return trx.insertInto('reviews')
    .values(rows.map((r) => ({ ...r, original_result: r.result, original_content: r.content })))
    .onConflict((oc) => oc.column('oid').doNothing())
    .returningAll().execute();
}

export async function insertFollowups(trx: Trx, rows: { shop_id: number; review_id: number; tid: number; oid: number; buyer_nick: string; result: string; at: Date }[]) {
  if (!rows.length) return [];
  return trx.insertInto('review_followups')
    .values(rows.map(({ at, ...r }) => ({ ...r, status: 'open' as const, created_at: at, updated_at: at })))
    .returningAll().execute();
}

export function lockReview(trx: Trx, buyerId: number, id: number) {
  return trx.selectFrom('reviews').selectAll().where('id', '=', id).where('buyer_id', '=', buyerId).forUpdate().executeTakeFirst();
}

export function getReview(db: Q, shopId: number, id: number) {
  return db.selectFrom('reviews').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export function saveChange(trx: Trx, id: number, c: { result: Result; content: string; changed_at: Date }) {
  return trx.updateTable('reviews').set({ ...c, version: sql`version + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function lockFollowup(trx: Trx, shopId: number, where: { id: number } | { reviewId: number }) {
  let q = trx.selectFrom('review_followups').selectAll().where('shop_id', '=', shopId);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('review_id', '=', where.reviewId);
  return q.forUpdate().executeTakeFirst();
}

export async function addContact(trx: Trx, f: { id: number; shop_id: number }, c: { channel: 'chat' | 'phone' | 'sms'; note: string; byId: number; byName: string; at: Date }) {
  await trx.insertInto('review_followup_contacts')
    .values({ followup_id: f.id, shop_id: f.shop_id, channel: c.channel, note: c.note, by_id: c.byId, by_name: c.byName, at: c.at })
    .execute();
  return trx.updateTable('review_followups')
    .set({ status: 'contacted', contacts: sql`contacts + 1`, updated_at: c.at })
    .where('id', '=', f.id).returningAll().executeTakeFirstOrThrow();
}

export function closeFollowup(trx: Trx, id: number, c: { outcome: FollowupOutcome; note: string; by: string; at: Date }) {
  return trx.updateTable('review_followups')
    .set({ status: 'closed', outcome: c.outcome, outcome_note: c.note, closed_by: c.by, closed_at: c.at, updated_at: c.at })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function contactsOf(db: Q, followupIds: number[]) {
  if (!followupIds.length) return Promise.resolve([]);
  return db.selectFrom('review_followup_contacts').select(['id', 'followup_id', 'channel', 'note', 'by_name', 'at'])
    .where('followup_id', 'in', followupIds).orderBy('id').execute();
}

export interface ReviewQuery {
  shopId?: number;
  buyerId?: number;
  tid?: number;
  numIid?: number;
  result?: Result;
  start?: Date;
  end?: Date;
  beforeId?: number;
  limit: number;
}

export function listReviews(db: Q, q: ReviewQuery) {
  let query = db.selectFrom('reviews').selectAll();
  if (q.shopId !== undefined) query = query.where('shop_id', '=', q.shopId);
  if (q.buyerId !== undefined) query = query.where('buyer_id', '=', q.buyerId);
  if (q.tid !== undefined) query = query.where('tid', '=', q.tid);
  if (q.numIid !== undefined) query = query.where('num_iid', '=', q.numIid);
  if (q.result) query = query.where('result', '=', q.result);
  if (q.start) query = query.where('created_at', '>=', q.start);
  if (q.end) query = query.where('created_at', '<', q.end);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export function listFollowups(db: Q, shopId: number, q: { status?: string; beforeId?: number; limit: number }) {
  let query = db.selectFrom('review_followups')
    .innerJoin('reviews', 'reviews.id', 'review_followups.review_id')
    .selectAll('review_followups')
    .select(['reviews.result as review_result', 'reviews.content as review_content', 'reviews.num_iid', 'reviews.item_title',
      'reviews.changed_at as review_changed_at'])
    .where('review_followups.shop_id', '=', shopId);
  if (q.status === 'active') query = query.where('review_followups.status', '<>', 'closed');
  else if (q.status) query = query.where('review_followups.status', '=', q.status as 'open');
  if (q.beforeId) query = query.where('review_followups.id', '<', q.beforeId);
  return query.orderBy('review_followups.id', 'desc').limit(q.limit).execute();
}

/**
 * Counts by current result in [start, end), by review time: the whole shop, or per item, or per day / week / month
 * in the shop's time zone. Served by reviews_shop_created.
 */
export async function countReviews(db: Q, shopId: number, p: { start: Date; end: Date; group: StatsGroup; timezone: string; numIid?: number }) {
  const key = p.group === 'item' ? sql<string>`num_iid::text`
    : p.group === 'none' ? sql<string>`'all'`
    : sql<string>`to_char(date_trunc(${p.group}, created_at at time zone ${p.timezone}), 'YYYY-MM-DD')`;
  let q = db.selectFrom('reviews')
    .select([
      key.as('key'),
      sql<number>`count(*) filter (where result = 'good')::int`.as('good'),
      sql<number>`count(*) filter (where result = 'neutral')::int`.as('neutral'),
      sql<number>`count(*) filter (where result = 'bad')::int`.as('bad'),
      sql<string>`max(item_title)`.as('title'),
    ])
    .where('shop_id', '=', shopId).where('created_at', '>=', p.start).where('created_at', '<', p.end);
  if (p.numIid !== undefined) q = q.where('num_iid', '=', p.numIid);
  const rows = await q.groupBy(sql`1`).orderBy(sql`1`).execute();
  return rows as (Counts & { key: string; title: string })[];
}
