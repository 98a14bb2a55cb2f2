import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { BankAccount } from './rules.ts';

type Q = Kysely<DB> | Trx;

export async function getSettings(db: Q, shopId: number) {
  const row = await db.selectFrom('payment_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  return { providerSecret: row?.provider_secret ?? null, bankAccounts: (row?.bank_accounts ?? []) as BankAccount[],
    updatedAt: row?.updated_at ?? null };
}

export async function saveSettings(trx: Trx, shopId: number, patch: { providerSecret?: string; bankAccounts?: BankAccount[] }, now: Date) {
  const values = {
    ...(patch.providerSecret !== undefined ? { provider_secret: patch.providerSecret } : {}),
    ...(patch.bankAccounts !== undefined ? { bank_accounts: JSON.stringify(patch.bankAccounts) } : {}),
    updated_at: now,
  };
  await trx.insertInto('payment_settings').values({ shop_id: shopId, ...values })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(values)).execute();
}

/** Serialises changes of one shop's settings. */
export async function lockSettings(trx: Trx, shopId: number) {
  await trx.selectFrom('shops').select('id').where('id', '=', shopId).forUpdate().execute();
}

// ---- provider callbacks

export function findNotification(db: Q, shopId: number, notifyId: string) {
  return db.selectFrom('payment_notifications').selectAll().where('shop_id', '=', shopId).where('notify_id', '=', notifyId)
    .executeTakeFirst();
}

export interface NotificationRow {
  shop_id: number;
  notify_id: string;
  tid: number | null;
  alipay_no: string | null;
  amount: number | null;
  trade_status: string;
  outcome: 'paid' | 'refused' | 'ignored';
  error_code: string | null;
  response_status: number;
  response_body: unknown;
  received_at: Date;
}

/** Writes the callback with its answer unless one with its notify_id is there already; true when written. */
export async function insertNotification(trx: Q, n: NotificationRow) {
  const r = await trx.insertInto('payment_notifications')
    .values({ ...n, response_body: JSON.stringify(n.response_body) })
    .onConflict((oc) => oc.columns(['shop_id', 'notify_id']).doNothing())
    .returning('id').executeTakeFirst();
  return r !== undefined;
}

export function listNotifications(db: Q, shopId: number, q: { outcome?: string; tid?: number; limit: number; beforeId?: number }) {
  let query = db.selectFrom('payment_notifications')
    .select(['id', 'notify_id', 'tid', 'alipay_no', 'amount', 'trade_status', 'outcome', 'error_code', 'response_status', 'received_at'])
    .where('shop_id', '=', shopId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome as NotificationRow['outcome']);
  if (q.tid) query = query.where('tid', '=', q.tid);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** The escrow book of a trade paid at the provider: the provider's number, held until the trade finishes. */
export async function holdInEscrow(trx: Trx, p: { shopId: number; tid: number; amount: number; alipayNo: string; at: Date }) {
  const r = await trx.insertInto('escrow_payments')
    .values({ alipay_no: p.alipayNo, shop_id: p.shopId, tid: p.tid, amount: p.amount, status: 'held', created_at: p.at })
    .onConflict((oc) => oc.doNothing())
    .returning('alipay_no').executeTakeFirst();
  return r !== undefined;
}

// ---- bank transfers

export async function insertNotice(trx: Trx, n: {
  shopId: number; tid: number; buyerId: number; bank: string; payerName: string; amount: number; paidAt: Date;
  reference: string; note: string; now: Date;
}) {
  return trx.insertInto('bank_transfer_notices').values({
    shop_id: n.shopId, tid: n.tid, buyer_id: n.buyerId, bank: n.bank, payer_name: n.payerName, amount: n.amount,
    paid_at: n.paidAt, reference: n.reference, note: n.note, status: 'pending', created_at: n.now,
  }).onConflict((oc) => oc.column('tid').where('status', '=', 'pending').doNothing())
    .returningAll().executeTakeFirst();
}

export function lockNotice(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('bank_transfer_notices').selectAll().where('shop_id', '=', shopId).where('id', '=', id)
    .forUpdate().executeTakeFirst();
}

export function decideNotice(trx: Trx, id: number, d: { status: 'recorded' | 'rejected'; reason?: string; by: string; at: Date }) {
  return trx.updateTable('bank_transfer_notices')
    .set({ status: d.status, reject_reason: d.reason ?? null, decided_by: d.by, decided_at: d.at })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listNotices(db: Q, scope: { shopId: number; tid?: number; status?: string }, limit = 100) {
  let q = db.selectFrom('bank_transfer_notices').selectAll().where('shop_id', '=', scope.shopId);
  if (scope.tid !== undefined) q = q.where('tid', '=', scope.tid);
  if (scope.status) q = q.where('status', '=', scope.status as 'pending');
  return q.orderBy('created_at', scope.tid === undefined ? 'asc' : 'desc').orderBy('id').limit(limit).execute();
}

export async function insertTransfer(trx: Trx, t: {
  transferNo: string; shopId: number; tid: number; bank: string; payerName: string; amount: number; receivedAt: Date;
  reference: string; noticeId: number | null; recordedBy: number; recordedByName: string; now: Date;
}) {
  const r = await trx.insertInto('bank_transfers').values({
    transfer_no: t.transferNo, shop_id: t.shopId, tid: t.tid, bank: t.bank, payer_name: t.payerName, amount: t.amount,
    received_at: t.receivedAt, reference: t.reference, notice_id: t.noticeId, recorded_by: t.recordedBy,
    recorded_by_name: t.recordedByName, created_at: t.now,
  }).onConflict((oc) => oc.column('tid').doNothing()).returning('transfer_no').executeTakeFirst();
  return r !== undefined;
}

export function getTransfer(db: Q, shopId: number, tid: number) {
  return db.selectFrom('bank_transfers').selectAll().where('shop_id', '=', shopId).where('tid', '=', tid).executeTakeFirst();
}
