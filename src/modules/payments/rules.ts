import { AppError } from '../../errors.ts';

/**
 * Payments (SPEC §4): the escrow provider's callback and the offline bank transfer of seed 000, which an agent
 * records once the money is on the shop's account, with the buyer's notice of having paid at hand.
 */
export interface BankAccount {
  bank: string;
  account_name: string;
  account_no: string;
  branch: string;
}
export const MAX_BANK_ACCOUNTS = 5;

/** What the provider tells in a callback: `TRADE_SUCCESS` pays the trade; the others are acknowledged only. */
export const CALLBACK_STATUSES = ['TRADE_SUCCESS', 'WAIT_BUYER_PAY', 'TRADE_CLOSED'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
export const callbackPays = (status: CallbackStatus) => status === 'TRADE_SUCCESS';

/** A payment a person reports can be a little ahead of our clock, not more. */
const SKEW_MS = 5 * 60_000;

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

function checkPayable(trade: { status: string }) {
  if (trade.status !== 'WAIT_BUYER_PAY') {
    throw refuse('TRADE_NOT_PAYABLE', 409, '该交易不在等待付款状态', 'This trade is not waiting for payment',
      { status: trade.status });
  }
}

function checkNotFuture(at: Date, now: Date, field: string) {
  if (at.getTime() > now.getTime() + SKEW_MS) {
    throw refuse('TIME_IN_FUTURE', 400, '付款时间不能晚于当前时间', `${field} cannot be in the future`, { field });
  }
}

/** The buyer's notice (买家付款通知): on an unpaid trade, a transfer already made. Its amount is what they say. */
export function decideNotice(trade: { status: string }, input: { paid_at: Date }, now: Date) {
  checkPayable(trade);
  checkNotFuture(input.paid_at, now, 'paid_at');
}

/**
 * An agent records a transfer found on the shop's account: the trade is unpaid, the amount is exactly what the
 * buyer owes (a different amount is settled with the buyer first: a price change, or money sent back).
 */
export function decideBankTransfer(
  trade: { status: string; payment: number }, input: { amount: number; received_at: Date },
  notice: { status: string; tid: number } | undefined, tid: number, now: Date,
) {
  checkPayable(trade);
  if (input.amount !== trade.payment) {
    throw refuse('TRANSFER_AMOUNT_MISMATCH', 409, `转账金额 ${input.amount} 分与应付金额 ${trade.payment} 分不符`,
      `The transfer of ${input.amount} fen does not match the ${trade.payment} fen due`,
      { amount: input.amount, payment: trade.payment });
  }
  checkNotFuture(input.received_at, now, 'received_at');
  if (notice) checkNoticePending(notice, tid);
}

/** A notice is decided once: recorded with the transfer it announced, or rejected. */
export function checkNoticePending(notice: { status: string; tid: number }, tid: number) {
  if (notice.tid !== tid) {
    throw refuse('NOTICE_NOT_FOR_TRADE', 400, '该付款通知不属于这笔交易', 'This notice belongs to another trade');
  }
  if (notice.status !== 'pending') {
    throw refuse('NOTICE_DECIDED', 409, '该付款通知已处理', 'This notice has been decided already', { status: notice.status });
  }
}
