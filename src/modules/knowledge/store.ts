import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { DEFAULT_AUTO_REPLY, PRODUCT_FIELDS, type AutoReplySettings, type KnowledgeEntry, type ProductKnowledge } from './rules.ts';

type Q = Kysely<DB> | Trx;

export interface EntryRow {
  id: number;
  question: string;
  similar: string[];
  answer: string;
  num_iid: number | null;
  created_at: Date;
  updated_at: Date;
}

const ENTRY_COLUMNS = ['id', 'question', 'similar_questions as similar', 'answer', 'num_iid', 'created_at', 'updated_at'] as const;

export const toEntry = (r: Pick<EntryRow, 'id' | 'question' | 'similar' | 'answer' | 'num_iid'>): KnowledgeEntry =>
  ({ id: r.id, question: r.question, similar: r.similar ?? [], answer: r.answer, numIid: r.num_iid });

export async function loadEntries(db: Q, shopId: number, ids?: number[]): Promise<EntryRow[]> {
  let q = db.selectFrom('knowledge_entries').select(ENTRY_COLUMNS).where('shop_id', '=', shopId);
  if (ids) {
    if (!ids.length) return [];
    q = q.where('id', 'in', ids);
  }
  return q.orderBy('id').execute();
}

export async function getEntry(db: Q, shopId: number, id: number, lock = false) {
  let q = db.selectFrom('knowledge_entries').select(ENTRY_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listEntries(db: Q, shopId: number, opts: { numIid?: number; limit: number; offset: number }) {
  let q = db.selectFrom('knowledge_entries').where('shop_id', '=', shopId);
  if (opts.numIid !== undefined) q = q.where('num_iid', '=', opts.numIid);
  const [rows, count] = await Promise.all([
    q.select(ENTRY_COLUMNS).orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function questionTaken(db: Q, shopId: number, question: string, exceptId?: number) {
  let q = db.selectFrom('knowledge_entries').select('id').where('shop_id', '=', shopId).where('question', '=', question);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export interface NewEntry {
  question: string;
  similar: string[];
  answer: string;
  numIid: number | null;
}

/** Inserts, or updates the entry of the same question; returns the ids in the given order. */
export async function upsertEntries(trx: Trx, shopId: number, entries: NewEntry[], now: Date): Promise<number[]> {
  if (!entries.length) return [];
  const rows = await sql<{ id: number; question: string }>`
    insert into knowledge_entries (shop_id, question, similar_questions, answer, num_iid, created_at, updated_at)
    select ${shopId}, q, coalesce((select array_agg(s) from jsonb_array_elements_text(sim) s), '{}'), a, n, ${now}, ${now}
    from unnest(${entries.map((e) => e.question)}::text[], ${entries.map((e) => JSON.stringify(e.similar))}::jsonb[],
                ${entries.map((e) => e.answer)}::text[], ${entries.map((e) => e.numIid)}::bigint[]) as x(q, sim, a, n)
    on conflict (shop_id, question) do update
      set similar_questions = excluded.similar_questions, answer = excluded.answer, num_iid = excluded.num_iid, updated_at = excluded.updated_at
    returning id, question`.execute(trx);
  const byQuestion = new Map(rows.rows.map((r) => [r.question, Number(r.id)]));
  return entries.map((e) => byQuestion.get(e.question)!);
}

export async function updateEntry(trx: Trx, shopId: number, id: number, entry: NewEntry, now: Date) {
  await trx.updateTable('knowledge_entries')
    .set({ question: entry.question, similar_questions: entry.similar, answer: entry.answer, num_iid: entry.numIid, updated_at: now })
    .where('shop_id', '=', shopId).where('id', '=', id).execute();
}

export async function deleteEntry(trx: Trx, shopId: number, id: number) {
  await trx.deleteFrom('knowledge_entries').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Which of these num_iids are the shop's products. */
export async function ownedItems(db: Q, shopId: number, numIids: number[]) {
  if (!numIids.length) return new Set<number>();
  const rows = await db.selectFrom('products').select('num_iid').where('shop_id', '=', shopId)
    .where('num_iid', 'in', numIids).execute();
  return new Set(rows.map((r) => r.num_iid));
}

export async function loadProducts(db: Q, shopId: number, numIids?: number[]): Promise<ProductKnowledge[]> {
  let q = db.selectFrom('products').select(['num_iid', 'title', ...PRODUCT_FIELDS]).where('shop_id', '=', shopId);
  if (numIids) q = q.where('num_iid', 'in', numIids);
  const rows = await q.execute();
  return rows.map((r) => ({
    numIid: r.num_iid, title: r.title,
    fields: Object.fromEntries(PRODUCT_FIELDS.map((f) => [f, r[f]])),
  }));
}

/**
 * A cheap fingerprint of the shop's products, to notice catalogue edits made without an event. The newest row
 * version (xmin) changes with every update, whatever clock the writer used.
 */
export async function productsFingerprint(db: Q, shopId: number) {
  const r = await sql<{ n: number; v: string | null }>`
    select count(*)::int as n, max(xmin::text::bigint)::text as v from products where shop_id = ${shopId}`.execute(db);
  return `${r.rows[0].n}:${r.rows[0].v ?? ''}`;
}

export async function getSettings(db: Q, shopId: number): Promise<AutoReplySettings> {
  const r = await db.selectFrom('knowledge_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  if (!r) return { ...DEFAULT_AUTO_REPLY };
  const round = (x: number) => Math.round(Number(x) * 1000) / 1000;
  return {
    enabled: r.auto_reply_enabled,
    threshold: round(r.auto_reply_threshold),
    whenNobodyOnline: r.auto_reply_when_nobody_online,
    offlineThreshold: round(r.auto_reply_offline_threshold),
    prefix: r.auto_reply_prefix,
  };
}

export async function saveSettings(trx: Trx, shopId: number, s: AutoReplySettings, now: Date) {
  const row = {
    auto_reply_enabled: s.enabled, auto_reply_threshold: s.threshold, auto_reply_when_nobody_online: s.whenNobodyOnline,
    auto_reply_offline_threshold: s.offlineThreshold, auto_reply_prefix: s.prefix, updated_at: now,
  };
  await trx.insertInto('knowledge_settings').values({ shop_id: shopId, ...row })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(row)).execute();
}
