import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../db/transaction.ts';

/**
 * The escrow (支付宝-like): the buyer's money is held until the trade finishes, then released to the shop; refunds
 * come out of it. Each provider works inside the caller's transaction, so money moves exactly when the trade or the
 * refund does, and a rolled-back command moves nothing.
 *
 * A refund's money is reserved while the refund is in progress: if the trade finishes meanwhile, the release pays the
 * shop everything else and keeps the reserved part, so the refund can still be paid from escrow.
 */
export interface EscrowProvider {
  /** `method` is how the buyer paid, when it is not into the escrow (a bank transfer recorded by an agent). */
  hold(trx: Trx, p: { shopId: number; tid: number; amount: number; at: Date }): Promise<{ alipay_no: string; method?: 'bank_transfer' }>;
  /** The trade finished: what is neither refunded nor reserved for a refund in progress goes to the shop. */
  release(trx: Trx, p: { tid: number; at: Date }): Promise<void>;
  /** Keeps `amount` of the trade's held money for a refund in progress; asking again with a new amount moves it. */
  reserveRefund(trx: Trx, p: { tid: number; refundId: number; amount: number; at: Date }): Promise<void>;
  /** Pays a reserved refund back to the buyer: once per refund, whatever happens around it. */
  refund(trx: Trx, p: { tid: number; refundId: number; amount: number; at: Date }): Promise<EscrowBalance>;
  /** A refund that ends without money: its reserve is held for the trade again, or paid to the shop if it finished. */
  cancelRefund(trx: Trx, p: { tid: number; refundId: number; at: Date }): Promise<void>;
  /** The trade closed with every sub-order refunded: what is left (the postage) goes back to the buyer or to the shop. */
  settle(trx: Trx, p: { tid: number; to: 'buyer' | 'shop'; at: Date }): Promise<EscrowBalance>;
}

/** Fen paid in, paid back to the buyer, paid to the shop, and still held. */
export interface EscrowBalance {
  amount: number;
  refunded: number;
  released: number;
  held: number;
}

const alipayNo = (at: Date) =>
  `${at.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

const refused = (code: string, zh: string, en: string, details?: unknown) => new AppError(code, 409, zh, en, details);

const balance = (row: { amount: number; refunded: number; released: number }): EscrowBalance => ({
  amount: row.amount, refunded: row.refunded, released: row.released, held: row.amount - row.refunded - row.released,
});

/** Fen reserved for refunds in progress on the trade. */
async function reserved(trx: Trx, tid: number, except?: number) {
  let q = trx.selectFrom('escrow_refunds').select(sql<number>`coalesce(sum(amount), 0)::int`.as('sum'))
    .where('tid', '=', tid).where('status', '=', 'reserved');
  if (except !== undefined) q = q.where('refund_id', '<>', except);
  return (await q.executeTakeFirstOrThrow()).sum;
}

/** The trade's escrow row, locked: every movement of its money queues here. */
async function lockPayment(trx: Trx, tid: number) {
  const row = await trx.selectFrom('escrow_payments').selectAll().where('tid', '=', tid).forUpdate().executeTakeFirst();
  if (!row) {
    throw refused('ESCROW_NOT_FOUND', '该交易的货款不在担保交易中，不能从担保退款',
      'The money of this trade is not held in escrow; it cannot be refunded from there', { tid });
  }
  return row;
}

/** The built-in sandbox: real bookkeeping in escrow_payments and escrow_refunds, no outside party. */
export const sandboxEscrow: EscrowProvider = {
  async hold(trx, { shopId, tid, amount, at }) {
    const row = await trx
      .insertInto('escrow_payments')
      .values({ alipay_no: alipayNo(at), shop_id: shopId, tid, amount, status: 'held', created_at: at })
      .onConflict((oc) => oc.column('tid').doNothing())
      .returning('alipay_no')
      .executeTakeFirst();
    if (!row) throw new AppError('ALREADY_PAID', 409, '该交易已付款', 'This trade has been paid already');
    return row;
  },

  async release(trx, { tid, at }) {
    // Locked before the reserves are summed, so a refund reserving at the same moment is counted or waits.
    const payment = await trx.selectFrom('escrow_payments').select('status').where('tid', '=', tid).forUpdate().executeTakeFirst();
    if (payment?.status !== 'held') return;
    const keep = await reserved(trx, tid);
    await trx
      .updateTable('escrow_payments')
      .set({ status: 'released', settled_at: at, released: sql`amount - refunded - ${keep}::int` })
      .where('tid', '=', tid)
      .where('status', '=', 'held')
      .execute();
  },

  async reserveRefund(trx, { tid, refundId, amount, at }) {
    const payment = await lockPayment(trx, tid);
    const kept = await trx.selectFrom('escrow_refunds').select(['amount', 'status']).where('refund_id', '=', refundId).executeTakeFirst();
    if (kept && kept.status !== 'reserved') {
      throw refused('REFUND_SETTLED', '该退款的款项已结算', 'The money of this refund is settled already', { refund_id: refundId });
    }
    if (payment.status !== 'held') {
      // The trade finished: a refund kept back may be asked again for as much or less, and what it gives up is the shop's.
      if (!kept || amount > kept.amount) {
        throw refused('ESCROW_SETTLED', `交易已成功，担保中为该退款保留的只有 ${kept?.amount ?? 0} 分`,
          `The trade has finished: only ${kept?.amount ?? 0} fen are kept in escrow for this refund`, { tid, available: kept?.amount ?? 0 });
      }
      await trx.updateTable('escrow_refunds').set({ amount }).where('refund_id', '=', refundId).execute();
      await trx.updateTable('escrow_payments').set({ released: sql`released + ${kept.amount - amount}::int` })
        .where('alipay_no', '=', payment.alipay_no).execute();
      return;
    }
    const free = balance(payment).held - (await reserved(trx, tid, refundId));
    if (amount > free) {
      throw refused('ESCROW_INSUFFICIENT', `担保中可退的金额只有 ${free} 分`, `Only ${free} fen held in escrow can be refunded`,
        { tid, available: free });
    }
    const row = await trx
      .insertInto('escrow_refunds')
      .values({ refund_id: refundId, alipay_no: payment.alipay_no, tid, shop_id: payment.shop_id, amount, status: 'reserved', created_at: at })
      .onConflict((oc) => oc.column('refund_id').doUpdateSet({ amount }).where('escrow_refunds.status', '=', 'reserved'))
      .returning('refund_id')
      .executeTakeFirst();
    if (!row) throw refused('REFUND_SETTLED', '该退款的款项已结算', 'The money of this refund is settled already', { refund_id: refundId });
  },

  async refund(trx, { tid, refundId, amount, at }) {
    const payment = await lockPayment(trx, tid);
    // The reserve turns into a refund once: a second attempt finds nothing reserved and moves nothing.
    const paid = await trx
      .updateTable('escrow_refunds')
      .set({ status: 'refunded', settled_at: at })
      .where('refund_id', '=', refundId)
      .where('tid', '=', tid)
      .where('status', '=', 'reserved')
      .where('amount', '=', amount)
      .returning('amount')
      .executeTakeFirst();
    if (!paid) {
      throw refused('REFUND_NOT_RESERVED', '该退款在担保中没有待退的款项（可能已退过）',
        'Nothing is reserved in escrow for this refund (it may have been paid already)', { refund_id: refundId });
    }
    const row = await trx
      .updateTable('escrow_payments')
      .set({ refunded: sql`refunded + ${amount}::int` })
      .where('alipay_no', '=', payment.alipay_no)
      .returning(['amount', 'refunded', 'released'])
      .executeTakeFirstOrThrow();
    return balance(row);
  },

  async cancelRefund(trx, { tid, refundId, at }) {
    const payment = await lockPayment(trx, tid);
    const cancelled = await trx
      .updateTable('escrow_refunds')
      .set({ status: 'cancelled', settled_at: at })
      .where('refund_id', '=', refundId)
      .where('status', '=', 'reserved')
      .returning('amount')
      .executeTakeFirst();
    // The trade finished while the refund was in progress: what it kept back is the shop's now.
    if (cancelled && payment.status === 'released') {
      await trx.updateTable('escrow_payments').set({ released: sql`released + ${cancelled.amount}::int` })
        .where('alipay_no', '=', payment.alipay_no).execute();
    }
  },

  async settle(trx, { tid, to, at }) {
    const payment = await lockPayment(trx, tid);
    if (payment.status !== 'held') return balance(payment);
    const rest = balance(payment).held - (await reserved(trx, tid));
    const row = await trx
      .updateTable('escrow_payments')
      .set(to === 'buyer'
        ? { status: 'refunded', settled_at: at, refunded: sql`refunded + ${rest}::int` }
        : { status: 'released', settled_at: at, released: sql`released + ${rest}::int` })
      .where('alipay_no', '=', payment.alipay_no)
      .returning(['amount', 'refunded', 'released'])
      .executeTakeFirstOrThrow();
    return balance(row);
  },
};
