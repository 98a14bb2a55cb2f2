import { randomInt } from 'node:crypto';
import type { UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import type { AccountActor, BuyerActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { getTrade, payTrade } from '../trades/index.ts';
import { sandboxEscrow, type EscrowProvider } from './escrow.ts';
import { checkNoticePending, decideBankTransfer, decideNotice } from './rules.ts';
import * as store from './store.ts';

/**
 * Offline bank transfer (seed 000): the shop gives the buyer its account, the buyer transfers and sends a notice
 * (买家付款通知), an agent finds the money on the account and records the transfer, which pays the trade through the
 * trades module's pay path. The money is then the shop's already: no escrow holds it.
 */
export interface TransferInput {
  bank: string;
  payer_name: string;
  amount: number;
  received_at: Date;
  reference: string;
  notice_id?: number;
}

const transferNo = (at: Date) =>
  `BT${at.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e6)).padStart(6, '0')}`;

const tradeNotFound = (tid: number) => new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
const noticeNotFound = (id: number) =>
  new AppError('NOTICE_NOT_FOUND', 404, `付款通知 ${id} 不存在`, `Bank transfer notice ${id} not found`, { id });

/** The pay path's provider for a transfer: its book is the transfer row, and the trade's payment number is its number. */
function recordedTransfer(actor: AccountActor, input: TransferInput, transferNoValue: string): EscrowProvider {
  return {
    ...sandboxEscrow,
    async hold(trx, { shopId, tid, at }) {
      const written = await store.insertTransfer(trx, {
        transferNo: transferNoValue, shopId, tid, bank: input.bank, payerName: input.payer_name, amount: input.amount,
        receivedAt: input.received_at, reference: input.reference, noticeId: input.notice_id ?? null,
        recordedBy: actor.id, recordedByName: actor.login, now: at,
      });
      if (!written) throw new AppError('ALREADY_PAID', 409, '该交易已付款', 'This trade has been paid already');
      return { alipay_no: transferNoValue, method: 'bank_transfer' };
    },
  };
}

export async function submitNotice(
  uow: UnitOfWork, buyer: BuyerActor, tid: number,
  input: { bank: string; payer_name: string; amount: number; paid_at: Date; reference: string; note: string }, now: Date,
) {
  const trade = await getTrade(uow.trx, { buyerId: buyer.id }, tid);
  if (!trade) throw tradeNotFound(tid);
  decideNotice(trade, input, now);
  const notice = await store.insertNotice(uow.trx, {
    shopId: trade.shop_id, tid, buyerId: buyer.id, bank: input.bank, payerName: input.payer_name, amount: input.amount,
    paidAt: input.paid_at, reference: input.reference, note: input.note, now,
  });
  if (!notice) {
    throw new AppError('NOTICE_PENDING', 409, '已有一条付款通知等待客服核实', 'A notice for this trade is waiting for the shop already');
  }
  await recordAudit(uow.trx, { shopId: trade.shop_id, actor: buyer, action: 'payment.bank_transfer.notice', entity: 'trade',
    entityId: tid, after: { notice_id: notice.id, amount: input.amount, bank: input.bank, paid_at: input.paid_at }, at: now });
  uow.emit({ type: 'payment.bank_transfer.noticed', shopId: trade.shop_id,
    payload: { tid, buyer_id: buyer.id, notice_id: notice.id, amount: input.amount } });
  return notice;
}

export async function recordTransfer(uow: UnitOfWork, actor: AccountActor, tid: number, input: TransferInput, now: Date) {
  const trade = await getTrade(uow.trx, { shopId: actor.shopId }, tid);
  if (!trade) throw tradeNotFound(tid);
  const notice = input.notice_id === undefined ? undefined : await store.lockNotice(uow.trx, actor.shopId, input.notice_id);
  if (input.notice_id !== undefined && !notice) throw noticeNotFound(input.notice_id);
  decideBankTransfer(trade, input, notice, tid, now);
  const number = transferNo(now);
  // The pay path locks the trade and decides again on what it finds: a second agent recording the same transfer waits
  // here, then is refused because the trade is paid.
  const buyer = { kind: 'buyer' as const, id: trade.buyer_id, nick: trade.buyer_nick };
  const paid = await payTrade(uow, buyer, tid, input.amount, recordedTransfer(actor, input, number), now);
  if (notice) await store.decideNotice(uow.trx, notice.id, { status: 'recorded', by: actor.login, at: now });
  await recordAudit(uow.trx, { shopId: actor.shopId, actor, action: 'payment.bank_transfer.record', entity: 'trade', entityId: tid,
    after: { transfer_no: number, bank: input.bank, payer_name: input.payer_name, amount: input.amount,
      received_at: input.received_at, reference: input.reference, notice_id: input.notice_id ?? null }, at: now });
  uow.emit({ type: 'payment.received', shopId: actor.shopId, payload: {
    tid, buyer_id: trade.buyer_id, method: 'bank_transfer', amount: input.amount, transfer_no: number, source: 'agent',
  } });
  return { ...paid, pay_method: 'bank_transfer' };
}

export async function rejectNotice(uow: UnitOfWork, actor: AccountActor, id: number, reason: string, now: Date) {
  const notice = await store.lockNotice(uow.trx, actor.shopId, id);
  if (!notice) throw noticeNotFound(id);
  checkNoticePending(notice, notice.tid);
  const decided = await store.decideNotice(uow.trx, id, { status: 'rejected', reason, by: actor.login, at: now });
  await recordAudit(uow.trx, { shopId: actor.shopId, actor, action: 'payment.bank_transfer.reject', entity: 'trade',
    entityId: notice.tid, before: { notice_id: id, status: notice.status }, after: { status: 'rejected', reason }, at: now });
  uow.emit({ type: 'payment.bank_transfer.rejected', shopId: actor.shopId,
    payload: { tid: notice.tid, buyer_id: notice.buyer_id, notice_id: id, reason } });
  return decided;
}
