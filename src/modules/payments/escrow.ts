import { randomInt } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../db/transaction.ts';

/**
 * The escrow (支付宝-like): the buyer's money is held until the trade finishes, then released to the shop.
 * Each provider works inside the caller's transaction, so money moves exactly when the trade does.
 */
export interface EscrowProvider {
  hold(trx: Trx, p: { shopId: number; tid: number; amount: number; at: Date }): Promise<{ alipay_no: string }>;
  release(trx: Trx, p: { tid: number; at: Date }): Promise<void>;
}

const alipayNo = (at: Date) =>
  `${at.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

/** The built-in sandbox: real bookkeeping in escrow_payments, no outside party. */
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
    await trx
      .updateTable('escrow_payments')
      .set({ status: 'released', settled_at: at })
      .where('tid', '=', tid)
      .where('status', '=', 'held')
      .execute();
  },
};
