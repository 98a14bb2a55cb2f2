import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { customerWhere, SORTS, type CustomerSort } from './filter-sql.ts';
import { DEFAULT_LEVELS, type CustomerFilter, type Level } from './rules.ts';

type Q = Kysely<DB> | Trx;

export interface CustomerRow {
  id: number;
  nick: string;
  buyer_id: number | null;
  origin: string;
  mobile: string | null;
  notes: string;
  opt_out: boolean;
  trade_count: number;
  paid_trade_count: number;
  total_spend: number;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  last_trade_at: Date | null;
  favourites_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface TagRow {
  id: number;
  name: string;
  color: string;
}

const COLUMNS = sql`c.id, c.nick, c.buyer_id, c.origin, c.mobile, c.notes, c.opt_out, c.trade_count, c.paid_trade_count,
  c.total_spend, c.first_purchase_at, c.last_purchase_at, c.last_trade_at, c.favourites_count, c.created_at, c.updated_at`;

const num = (r: CustomerRow): CustomerRow => ({ ...r, id: Number(r.id), total_spend: Number(r.total_spend) });

/**
 * Counting every match of a 200,000-customer shop costs more than the page itself: the list counts up to
 * TOTAL_CAP and says when there are more (the statistics count them all).
 */
export const TOTAL_CAP = 10_000;

export async function listCustomers(db: Q, shopId: number, f: CustomerFilter, sort: CustomerSort, limit: number, offset: number) {
  const where = customerWhere(shopId, f);
  const [rows, count] = await Promise.all([
    sql<CustomerRow>`select ${COLUMNS} from customers c where ${where} order by ${SORTS[sort]} limit ${limit} offset ${offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from (select 1 from customers c where ${where} limit ${TOTAL_CAP + 1}) x`.execute(db),
  ]);
  const n = Number(count.rows[0].n);
  return { rows: rows.rows.map(num), total: Math.min(n, TOTAL_CAP), capped: n > TOTAL_CAP };
}

export async function countCustomers(db: Q, shopId: number, f: CustomerFilter) {
  const r = await sql<{ n: number }>`select count(*)::int as n from customers c where ${customerWhere(shopId, f)}`.execute(db);
  return Number(r.rows[0].n);
}

export async function getCustomer(db: Q, shopId: number, nick: string, lock = false) {
  const r = await sql<CustomerRow>`select ${COLUMNS} from customers c where c.shop_id = ${shopId} and c.nick = ${nick}
    ${lock ? sql`for update` : sql``}`.execute(db);
  return r.rows[0] ? num(r.rows[0]) : undefined;
}

export async function updateCustomer(trx: Trx, shopId: number, id: number,
  patch: { notes?: string; opt_out?: boolean; mobile?: string | null }, now: Date) {
  await trx.updateTable('customers').set({ ...patch, updated_at: now }).where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** The tags of these customers, by customer id. */
export async function tagsOf(db: Q, shopId: number, customerIds: number[]) {
  const byCustomer = new Map<number, TagRow[]>();
  if (!customerIds.length) return byCustomer;
  const rows = await db.selectFrom('customer_tag_links as l').innerJoin('customer_tags as t', 't.id', 'l.tag_id')
    .select(['l.customer_id', 't.id', 't.name', 't.color'])
    .where('l.shop_id', '=', shopId).where('l.customer_id', 'in', customerIds).orderBy('t.name').execute();
  for (const r of rows) {
    const list = byCustomer.get(Number(r.customer_id)) ?? [];
    list.push({ id: Number(r.id), name: r.name, color: r.color });
    byCustomer.set(Number(r.customer_id), list);
  }
  return byCustomer;
}

/** Replaces a customer's tags with these (already checked to be the shop's). */
export async function setCustomerTags(trx: Trx, shopId: number, customerId: number, tagIds: number[]) {
  await trx.deleteFrom('customer_tag_links').where('customer_id', '=', customerId)
    .$if(tagIds.length > 0, (q) => q.where('tag_id', 'not in', tagIds)).execute();
  if (tagIds.length) {
    await trx.insertInto('customer_tag_links')
      .values(tagIds.map((tagId) => ({ tag_id: tagId, customer_id: customerId, shop_id: shopId })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

export function listTags(db: Q, shopId: number) {
  return sql<TagRow & { customers: number; created_at: Date }>`
    select t.id, t.name, t.color, t.created_at, (select count(*)::int from customer_tag_links l where l.tag_id = t.id) as customers
    from customer_tags t where t.shop_id = ${shopId} order by t.name`.execute(db).then((r) => r.rows.map((t) => ({ ...t, id: Number(t.id) })));
}

export async function getTag(db: Q, shopId: number, id: number, lock = false) {
  let q = db.selectFrom('customer_tags').select(['id', 'name', 'color']).where('shop_id', '=', shopId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function tagNameTaken(db: Q, shopId: number, name: string, exceptId?: number) {
  let q = db.selectFrom('customer_tags').select('id').where('shop_id', '=', shopId).where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function countTags(db: Q, shopId: number) {
  const r = await db.selectFrom('customer_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertTag(trx: Trx, shopId: number, name: string, color: string, now: Date) {
  const r = await trx.insertInto('customer_tags').values({ shop_id: shopId, name, color, created_at: now })
    .returning(['id', 'name', 'color']).executeTakeFirstOrThrow();
  return { ...r, id: Number(r.id) };
}

export async function updateTag(trx: Trx, shopId: number, id: number, patch: { name?: string; color?: string }) {
  await trx.updateTable('customer_tags').set(patch).where('shop_id', '=', shopId).where('id', '=', id).execute();
}

export async function deleteTag(trx: Trx, shopId: number, id: number) {
  await trx.deleteFrom('customer_tags').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Which of these ids are the shop's tags. */
export async function ownedTags(db: Q, shopId: number, ids: number[]) {
  if (!ids.length) return new Set<number>();
  const rows = await db.selectFrom('customer_tags').select('id').where('shop_id', '=', shopId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** The segments whose rule names this tag: a tag they need is not deleted from under them. */
export async function segmentsUsingTag(db: Q, shopId: number, tagId: number) {
  const r = await sql<{ id: number; name: string }>`
    select id, name from customer_segments where shop_id = ${shopId} and rule->'tag_ids' @> ${JSON.stringify([tagId])}::jsonb
    order by id`.execute(db);
  return r.rows;
}

export async function getLevels(db: Q, shopId: number): Promise<Level[]> {
  const r = await db.selectFrom('customer_settings').select('levels').where('shop_id', '=', shopId).executeTakeFirst();
  if (!r) return DEFAULT_LEVELS.map((l) => ({ ...l }));
  return (r.levels as { name: string; min_spend: number }[]).map((l) => ({ name: l.name, minSpend: Number(l.min_spend) }));
}

export async function saveLevels(trx: Trx, shopId: number, levels: Level[], now: Date) {
  const json = JSON.stringify(levels.map((l) => ({ name: l.name, min_spend: l.minSpend })));
  await trx.insertInto('customer_settings').values({ shop_id: shopId, levels: json, updated_at: now })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ levels: json, updated_at: now })).execute();
}

/** Customers per spend range, in one pass over the shop's customers. */
export async function countByLevel(db: Q, shopId: number, levels: Level[]) {
  if (!levels.length) return [];
  const cols = levels.map((l, i) => {
    const next = levels[i + 1];
    const cond = next ? sql`total_spend >= ${l.minSpend} and total_spend < ${next.minSpend}` : sql`total_spend >= ${l.minSpend}`;
    return sql`(count(*) filter (where ${cond}))::int`;
  });
  const r = await sql<{ counts: number[] }>`select array[${sql.join(cols)}] as counts from customers where shop_id = ${shopId}`.execute(db);
  return r.rows[0].counts.map(Number);
}
