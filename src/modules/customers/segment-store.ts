import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { SegmentRule } from './rules.ts';

type Q = Kysely<DB> | Trx;

export interface SegmentRow {
  id: number;
  name: string;
  rule: SegmentRule;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'name', 'rule', 'created_at', 'updated_at'] as const;
const typed = (r: { id: number; name: string; rule: unknown; created_at: Date; updated_at: Date }): SegmentRow =>
  ({ ...r, id: Number(r.id), rule: r.rule as SegmentRule });

export async function listSegments(db: Q, shopId: number) {
  const rows = await db.selectFrom('customer_segments').select(COLUMNS).where('shop_id', '=', shopId).orderBy('id').execute();
  return rows.map(typed);
}

export async function getSegment(db: Q, shopId: number, id: number, lock = false) {
  let q = db.selectFrom('customer_segments').select(COLUMNS).where('shop_id', '=', shopId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && typed(r);
}

export async function segmentNameTaken(db: Q, shopId: number, name: string, exceptId?: number) {
  let q = db.selectFrom('customer_segments').select('id').where('shop_id', '=', shopId).where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function countSegments(db: Q, shopId: number) {
  const r = await db.selectFrom('customer_segments').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSegment(trx: Trx, shopId: number, name: string, rule: SegmentRule, now: Date) {
  const r = await trx.insertInto('customer_segments')
    .values({ shop_id: shopId, name, rule: JSON.stringify(rule), created_at: now, updated_at: now })
    .returning(COLUMNS).executeTakeFirstOrThrow();
  return typed(r);
}

export async function updateSegment(trx: Trx, shopId: number, id: number, name: string, rule: SegmentRule, now: Date) {
  await trx.updateTable('customer_segments').set({ name, rule: JSON.stringify(rule), updated_at: now })
    .where('shop_id', '=', shopId).where('id', '=', id).execute();
}

export async function deleteSegment(trx: Trx, shopId: number, id: number) {
  await trx.deleteFrom('customer_segments').where('shop_id', '=', shopId).where('id', '=', id).execute();
}
