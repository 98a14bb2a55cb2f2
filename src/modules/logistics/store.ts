import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { CaseKind, RegionFee, TraceStatus } from './rules.ts';

type Q = Kysely<DB> | Trx;

// ---- shipping templates

export interface TemplateInput {
  name: string;
  method: string;
  is_default: boolean;
  first_weight_g: number;
  first_fee: number;
  additional_weight_g: number;
  additional_fee: number;
  free_threshold: number | null;
  region_fees: RegionFee[];
}

const templateRow = <T extends { region_fees: unknown }>(t: T) => ({ ...t, region_fees: t.region_fees as RegionFee[] });

export async function listTemplates(db: Q, shopId: number) {
  const rows = await db.selectFrom('shipping_templates').selectAll().where('shop_id', '=', shopId)
    .orderBy('is_default', 'desc').orderBy('id').execute();
  return rows.map(templateRow);
}

export async function lockTemplate(trx: Trx, shopId: number, id: number) {
  const row = await trx.selectFrom('shipping_templates').selectAll().where('shop_id', '=', shopId).where('id', '=', id)
    .forUpdate().executeTakeFirst();
  return row && templateRow(row);
}

/** Template changes of one shop take turns, so "one default per shop" holds with two owners saving at once. */
export async function lockShopTemplates(trx: Trx, shopId: number) {
  await trx.selectFrom('shops').select('id').where('id', '=', shopId).forUpdate().execute();
}

export async function clearDefault(trx: Trx, shopId: number) {
  await trx.updateTable('shipping_templates').set({ is_default: false }).where('shop_id', '=', shopId).execute();
}

export async function insertTemplate(trx: Trx, shopId: number, t: TemplateInput) {
  const row = await trx.insertInto('shipping_templates')
    .values({ ...t, shop_id: shopId, region_fees: JSON.stringify(t.region_fees) })
    .returningAll().executeTakeFirstOrThrow();
  return templateRow(row);
}

export async function updateTemplate(trx: Trx, id: number, t: TemplateInput) {
  const row = await trx.updateTable('shipping_templates')
    .set({ ...t, region_fees: JSON.stringify(t.region_fees) })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return templateRow(row);
}

export async function deleteTemplate(trx: Trx, id: number) {
  await trx.deleteFrom('shipping_templates').where('id', '=', id).execute();
}

// ---- tracking

export function getCourierSecret(db: Q, shopId: number, companyCode: string) {
  return db.selectFrom('courier_secrets').select('secret').where('shop_id', '=', shopId).where('company_code', '=', companyCode)
    .executeTakeFirst();
}

export async function saveCourierSecret(trx: Trx, shopId: number, companyCode: string, secret: string, now: Date) {
  await trx.insertInto('courier_secrets').values({ shop_id: shopId, company_code: companyCode, secret, created_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'company_code']).doUpdateSet({ secret, created_at: now })).execute();
}

export function listCourierSecrets(db: Q, shopId: number) {
  return db.selectFrom('courier_secrets').select(['company_code', 'created_at']).where('shop_id', '=', shopId)
    .orderBy('company_code').execute();
}

export interface NewEvent {
  event_key: string;
  out_sid: string;
  status: TraceStatus;
  description: string;
  location: string;
  occurred_at: Date;
}

/** Writes the events not seen before (by the courier's event id) in one statement; returns those written. */
export async function insertEvents(
  trx: Trx, shopId: number, companyCode: string, events: NewEvent[], source: 'warehouse' | 'courier',
  recordedBy: string | null, now: Date,
) {
  if (!events.length) return [];
  return trx.insertInto('parcel_events')
    .values(events.map((e) => ({ ...e, shop_id: shopId, company_code: companyCode, source, recorded_by: recordedBy, created_at: now })))
    .onConflict((oc) => oc.columns(['shop_id', 'company_code', 'event_key']).doNothing())
    .returningAll().execute();
}

export function listEvents(db: Q, shopId: number, companyCode: string, outSid: string) {
  return db.selectFrom('parcel_events')
    .select(['id', 'status', 'description', 'location', 'occurred_at', 'source', 'recorded_by', 'created_at'])
    .where('shop_id', '=', shopId).where('company_code', '=', companyCode).where('out_sid', '=', outSid)
    .orderBy('occurred_at').orderBy('id').execute();
}

/** The trades a courier's tracking numbers belong to (a number may be reused by an exchange: the latest trade wins). */
export async function tradesByOutSid(db: Q, shopId: number, companyCode: string, outSids: string[]) {
  if (!outSids.length) return new Map<string, { tid: number; buyer_id: number }>();
  const rows = await db.selectFrom('trades').select(['tid', 'buyer_id', 'out_sid'])
    .where('shop_id', '=', shopId).where('company_code', '=', companyCode)
    .where('out_sid', '=', sql<string>`any(${outSids}::text[])`)
    .orderBy('tid').execute();
  return new Map(rows.map((r) => [r.out_sid!, { tid: r.tid, buyer_id: r.buyer_id }]));
}

// ---- parcel cases

export async function insertCase(trx: Trx, c: {
  shopId: number; tid: number; kind: CaseKind; companyCode: string | null; outSid: string | null; detail: unknown;
  note: string; amount: number | null; openedBy: string; now: Date;
}) {
  return trx.insertInto('parcel_cases').values({
    shop_id: c.shopId, tid: c.tid, kind: c.kind, status: 'open', company_code: c.companyCode, out_sid: c.outSid,
    detail: JSON.stringify(c.detail), note: c.note, amount: c.amount, opened_by: c.openedBy, opened_at: c.now,
  }).onConflict((oc) => oc.columns(['tid', 'kind']).where('status', '=', 'open').doNothing())
    .returningAll().executeTakeFirst();
}

export function lockCase(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('parcel_cases').selectAll().where('shop_id', '=', shopId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function closeCase(trx: Trx, id: number, c: { outcome: string; compensation: number | null; note: string; by: string; at: Date }) {
  return trx.updateTable('parcel_cases')
    .set({ status: 'closed', outcome: c.outcome, compensation: c.compensation, outcome_note: c.note, closed_by: c.by, closed_at: c.at })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listCases(db: Q, shopId: number, q: { status?: 'open' | 'closed'; kind?: string; tid?: number; limit: number; beforeId?: number }) {
  let query = db.selectFrom('parcel_cases').selectAll().where('shop_id', '=', shopId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.tid) query = query.where('tid', '=', q.tid);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}
