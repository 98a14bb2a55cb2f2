import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { CustomerRow, HistoryTradeRow, ImportKind } from './import-rules.ts';

type Q = Kysely<DB> | Trx;

export interface ImportRow {
  id: number;
  kind: ImportKind;
  status: 'running' | 'done' | 'failed';
  file_name: string;
  total: number;
  processed: number;
  imported: number;
  rejected: number;
  errors: unknown;
  failure: string | null;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const COLUMNS = ['id', 'kind', 'status', 'file_name', 'total', 'processed', 'imported', 'rejected', 'errors', 'failure',
  'created_by_name', 'created_at', 'updated_at', 'finished_at'] as const;

export async function insertImport(db: Q, v: {
  shopId: number; kind: ImportKind; fileName: string; total: number; createdBy: number | null; createdByName: string; now: Date;
}) {
  const r = await db.insertInto('customer_imports').values({
    shop_id: v.shopId, kind: v.kind, status: 'running', file_name: v.fileName, total: v.total,
    created_by: v.createdBy, created_by_name: v.createdByName, created_at: v.now, updated_at: v.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function getImport(db: Q, shopId: number, id: number): Promise<ImportRow | undefined> {
  const r = await db.selectFrom('customer_imports').select(COLUMNS).where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return r && { ...r, id: Number(r.id) };
}

export async function listImports(db: Q, shopId: number, limit: number): Promise<ImportRow[]> {
  const rows = await db.selectFrom('customer_imports').select(COLUMNS).where('shop_id', '=', shopId)
    .orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Adds a chunk's counts and (some of) its errors to the import, in the chunk's own transaction. */
export async function recordProgress(trx: Trx, id: number, p: {
  processed: number; imported: number; rejected: number; errors: unknown[]; keepErrors: number; now: Date;
}) {
  await sql`update customer_imports set
      processed = processed + ${p.processed}, imported = imported + ${p.imported}, rejected = rejected + ${p.rejected},
      errors = case when jsonb_array_length(errors) >= ${p.keepErrors} then errors
        else errors || (select coalesce(jsonb_agg(e), '[]'::jsonb) from (
          select e from jsonb_array_elements(${JSON.stringify(p.errors)}::jsonb) e limit ${p.keepErrors} - jsonb_array_length(errors)) x) end,
      updated_at = ${p.now}
    where id = ${id}`.execute(trx);
}

export async function finishImport(db: Q, id: number, status: 'done' | 'failed', now: Date, failure?: string) {
  await db.updateTable('customer_imports').set({ status, finished_at: now, updated_at: now, failure: failure ?? null })
    .where('id', '=', id).execute();
}

/** Customers of the file: created if new; a value the file gives replaces the shop's, an absent one keeps it. */
export async function upsertImportedCustomers(trx: Trx, shopId: number, rows: CustomerRow[], now: Date) {
  const sorted = [...rows].sort((a, b) => (a.nick < b.nick ? -1 : 1)); // lock order, as customers_refresh does
  const nicks = sorted.map((r) => r.nick);
  await sql`
    insert into customers (shop_id, nick, buyer_id, origin, created_at, updated_at)
    select ${shopId}, u.nick, b.id, 'import', ${now}, ${now}
    from unnest(${nicks}::text[]) with ordinality as u(nick, ord) left join buyers b on b.nick = u.nick
    order by u.ord
    on conflict (shop_id, nick) do nothing`.execute(trx);
  await sql`
    update customers c set
      mobile = coalesce(u.mobile, c.mobile), notes = coalesce(u.notes, c.notes), opt_out = coalesce(u.opt_out, c.opt_out),
      buyer_id = coalesce(c.buyer_id, (select b.id from buyers b where b.nick = u.nick)), updated_at = ${now}
    from unnest(${nicks}::text[], ${sorted.map((r) => r.mobile ?? null)}::text[], ${sorted.map((r) => r.notes ?? null)}::text[],
      ${sorted.map((r) => r.optOut ?? null)}::boolean[]) as u(nick, mobile, notes, opt_out)
    where c.shop_id = ${shopId} and c.nick = u.nick`.execute(trx);
  const pairs = sorted.flatMap((r) => r.tags.map((t) => [r.nick, t] as const));
  if (!pairs.length) return;
  await sql`
    insert into customer_tags (shop_id, name, created_at)
    select distinct ${shopId}::bigint, t, ${now}::timestamptz from unnest(${pairs.map((p) => p[1])}::text[]) t
    on conflict (shop_id, name) do nothing`.execute(trx);
  await sql`
    insert into customer_tag_links (tag_id, customer_id, shop_id)
    select distinct t.id, c.id, ${shopId}::bigint
    from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as u(nick, tag)
    join customers c on c.shop_id = ${shopId} and c.nick = u.nick
    join customer_tags t on t.shop_id = ${shopId} and t.name = u.tag
    on conflict do nothing`.execute(trx);
}

/** How many tags the shop has, and which of these names are new to it. */
export async function newTagNames(db: Q, shopId: number, names: string[]) {
  const existing = await db.selectFrom('customer_tags').select('name').where('shop_id', '=', shopId).execute();
  const have = new Set(existing.map((r) => r.name));
  return { count: have.size, fresh: [...new Set(names)].filter((n) => !have.has(n)) };
}

/** The shop's items by exact title, for imported trades that name an item but not its number. */
export async function itemsByTitle(db: Q, shopId: number, titles: string[]) {
  if (!titles.length) return new Map<string, number>();
  const rows = await db.selectFrom('products').select(['num_iid', 'title']).where('shop_id', '=', shopId)
    .where('title', 'in', [...new Set(titles)]).orderBy('num_iid').execute();
  const map = new Map<string, number>();
  for (const r of rows) if (!map.has(r.title)) map.set(r.title, r.num_iid);
  return map;
}

export async function ownedItems(db: Q, shopId: number, numIids: number[]) {
  if (!numIids.length) return new Set<number>();
  const rows = await db.selectFrom('products').select('num_iid').where('shop_id', '=', shopId).where('num_iid', 'in', numIids).execute();
  return new Set(rows.map((r) => r.num_iid));
}

/**
 * Imported trades, written again when imported again (so a second import of the same file changes nothing), then
 * the aggregates of every nick they touch — also a nick a re-import took a trade away from — in this transaction.
 */
export async function upsertHistoryTrades(trx: Trx, shopId: number, importId: number, rows: (HistoryTradeRow & { numIid: number | null })[]) {
  const sorted = [...rows].sort((a, b) => (a.tid < b.tid ? -1 : 1));
  const tids = sorted.map((r) => r.tid);
  const before = await trx.selectFrom('customer_history_trades').select('nick').where('shop_id', '=', shopId)
    .where('tid', 'in', tids).execute();
  await sql`
    insert into customer_history_trades (shop_id, tid, nick, status, created, pay_time, payment, title, num, num_iid, import_id)
    select ${shopId}, u.tid, u.nick, u.status, u.created, u.pay_time, u.payment, u.title, u.num, u.num_iid, ${importId}
    from unnest(${tids}::text[], ${sorted.map((r) => r.nick)}::text[], ${sorted.map((r) => r.status)}::text[],
      ${sorted.map((r) => r.created.toISOString())}::timestamptz[], ${sorted.map((r) => r.payTime?.toISOString() ?? null)}::timestamptz[],
      ${sorted.map((r) => r.payment)}::bigint[], ${sorted.map((r) => r.title)}::text[], ${sorted.map((r) => r.num)}::int[],
      ${sorted.map((r) => r.numIid)}::bigint[]) as u(tid, nick, status, created, pay_time, payment, title, num, num_iid)
    on conflict (shop_id, tid) do update set nick = excluded.nick, status = excluded.status, created = excluded.created,
      pay_time = excluded.pay_time, payment = excluded.payment, title = excluded.title, num = excluded.num,
      num_iid = excluded.num_iid, import_id = excluded.import_id`.execute(trx);
  const nicks = [...new Set([...sorted.map((r) => r.nick), ...before.map((r) => r.nick)])];
  const shops = nicks.map(() => shopId);
  await sql`select customers_refresh(${shops}::bigint[], ${nicks}::text[], 'import')`.execute(trx);
  await sql`select customer_items_refresh(${shops}::bigint[], ${nicks}::text[])`.execute(trx);
}
