import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { customerWhere, type CustomerFilter } from '../customers/index.ts';
import type { BroadcastStatus, RecipientStatus } from './rules.ts';

type Q = Kysely<DB> | Trx;

export interface BroadcastRow {
  id: number;
  shop_id: number;
  segment_id: number | null;
  segment_name: string;
  rule: unknown;
  text: string;
  status: BroadcastStatus;
  rate_per_minute: number;
  total: number;
  sent: number;
  skipped_opt_out: number;
  failed: number;
  batches: number;
  created_by_name: string;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = ['id', 'shop_id', 'segment_id', 'segment_name', 'rule', 'text', 'status', 'rate_per_minute', 'total', 'sent',
  'skipped_opt_out', 'failed', 'batches', 'created_by_name', 'created_at', 'finished_at'] as const;
const num = <T extends { id: number; segment_id: number | null }>(r: T) =>
  ({ ...r, id: Number(r.id), segment_id: r.segment_id === null ? null : Number(r.segment_id) });

export async function insertBroadcast(trx: Trx, b: {
  shopId: number; segmentId: number; segmentName: string; rule: unknown; text: string; rate: number;
  createdBy: number; createdByName: string; now: Date;
}) {
  const r = await trx.insertInto('broadcasts').values({
    shop_id: b.shopId, segment_id: b.segmentId, segment_name: b.segmentName, rule: JSON.stringify(b.rule), text: b.text,
    status: 'sending', rate_per_minute: b.rate, created_by: b.createdBy, created_by_name: b.createdByName, created_at: b.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The segment's customers now become the recipients, in one statement; returns how many. */
export async function chooseRecipients(trx: Trx, shopId: number, broadcastId: number, filter: CustomerFilter, now: Date) {
  const r = await sql<{ n: number }>`
    with chosen as (
      insert into broadcast_recipients (broadcast_id, customer_id, shop_id, nick, buyer_id, status, updated_at)
      select ${broadcastId}, c.id, c.shop_id, c.nick, c.buyer_id, 'pending', ${now}
      from customers c where ${customerWhere(shopId, filter)}
      returning 1)
    select count(*)::int as n from chosen`.execute(trx);
  const total = Number(r.rows[0].n);
  await trx.updateTable('broadcasts').set({ total }).where('id', '=', broadcastId).execute();
  return total;
}

// Any fixed number: two broadcasts of one shop starting together take turns counting the ones already sending.
const START_LOCK = 734_202;
export async function lockShopBroadcasts(trx: Trx, shopId: number) {
  await sql`select pg_advisory_xact_lock(${START_LOCK}, ${shopId}::int)`.execute(trx);
}

export async function countSending(db: Q, shopId: number) {
  const r = await db.selectFrom('broadcasts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId).where('status', '=', 'sending').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getBroadcast(db: Q, shopId: number, id: number): Promise<BroadcastRow | undefined> {
  const r = await db.selectFrom('broadcasts').select(COLUMNS).where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return r && num(r);
}

/**
 * Locks the broadcast for a batch or a cancel. `skipLocked`: a batch does not wait for a person's command holding the
 * row, which answers undefined.
 */
export async function lockBroadcast(trx: Trx, shopId: number, id: number, opts: { skipLocked?: boolean } = {}) {
  const q = trx.selectFrom('broadcasts').select(COLUMNS).where('shop_id', '=', shopId).where('id', '=', id).forUpdate();
  const r = await (opts.skipLocked ? q.skipLocked() : q).executeTakeFirst();
  return r && num(r);
}

export async function listBroadcasts(db: Q, shopId: number, limit: number, beforeId?: number) {
  let q = db.selectFrom('broadcasts').select(COLUMNS).where('shop_id', '=', shopId);
  if (beforeId) q = q.where('id', '<', beforeId);
  return (await q.orderBy('id', 'desc').limit(limit).execute()).map(num);
}

export interface PendingRecipient {
  customer_id: number;
  nick: string;
  buyer_id: number | null;
  opt_out: boolean;
}

/** The next recipients in turn, locked with the batch, with their opt-out as it stands now. */
export async function nextRecipients(trx: Trx, broadcastId: number, limit: number): Promise<PendingRecipient[]> {
  const r = await sql<PendingRecipient>`
    select r.customer_id, r.nick, coalesce(c.buyer_id, r.buyer_id) as buyer_id, c.opt_out
    from broadcast_recipients r join customers c on c.id = r.customer_id
    where r.broadcast_id = ${broadcastId} and r.status = 'pending'
    order by r.customer_id limit ${limit}
    for update of r`.execute(trx);
  return r.rows.map((x) => ({ ...x, customer_id: Number(x.customer_id), buyer_id: x.buyer_id === null ? null : Number(x.buyer_id) }));
}

export interface Outcome {
  customerId: number;
  status: Exclude<RecipientStatus, 'pending'>;
  reason: string | null;
  conversationId: number | null;
  seq: number | null;
}

/** Marks a batch's recipients and adds them to the broadcast's counts, in the batch's transaction. */
export async function recordOutcomes(trx: Trx, broadcastId: number, outcomes: Outcome[], now: Date) {
  if (!outcomes.length) return;
  const col = <T>(f: (o: Outcome) => T) => outcomes.map(f);
  await sql`
    update broadcast_recipients r set status = u.status, reason = u.reason, conversation_id = u.conversation_id, seq = u.seq,
      updated_at = ${now}
    from unnest(${col((o) => o.customerId)}::bigint[], ${col((o) => o.status)}::text[], ${col((o) => o.reason)}::text[],
      ${col((o) => o.conversationId)}::bigint[], ${col((o) => o.seq)}::bigint[]) as u(customer_id, status, reason, conversation_id, seq)
    where r.broadcast_id = ${broadcastId} and r.customer_id = u.customer_id`.execute(trx);
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  await sql`update broadcasts set sent = sent + ${count('sent')}, skipped_opt_out = skipped_opt_out + ${count('skipped_opt_out')},
    failed = failed + ${count('failed')}, batches = batches + 1 where id = ${broadcastId}`.execute(trx);
}

export async function hasPending(trx: Trx, broadcastId: number) {
  const r = await trx.selectFrom('broadcast_recipients').select('customer_id')
    .where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').limit(1).executeTakeFirst();
  return !!r;
}

export async function setStatus(trx: Trx, id: number, status: BroadcastStatus, finishedAt: Date | null) {
  await trx.updateTable('broadcasts').set({ status, finished_at: finishedAt }).where('id', '=', id).execute();
}

export async function listRecipients(db: Q, shopId: number, broadcastId: number,
  f: { status?: RecipientStatus; limit: number; offset: number }) {
  let q = db.selectFrom('broadcast_recipients')
    .where('shop_id', '=', shopId).where('broadcast_id', '=', broadcastId);
  if (f.status) q = q.where('status', '=', f.status);
  const [rows, count] = await Promise.all([
    q.select(['customer_id', 'nick', 'status', 'reason', 'conversation_id', 'seq', 'updated_at'])
      .orderBy('customer_id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, customer_id: Number(r.customer_id) })), total: Number(count.n) };
}

export function shopTitle(db: Q, shopId: number) {
  return db.selectFrom('shops').select('title').where('id', '=', shopId).executeTakeFirstOrThrow().then((s) => s.title);
}
