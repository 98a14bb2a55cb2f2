import { AppError } from '../../errors.ts';
import type { AccountActor } from '../accounts/rules.ts';
import type { TradeStatus } from './rules.ts';

/** The money arithmetic of a trade, in fen: totals, the amount limit and a sub-account's max discount. */
export interface PricedOrder {
  oid: number;
  original_price: number;
  price: number;
  num: number;
  status: TradeStatus;
}

export interface Totals {
  total_fee: number;
  payment: number;
}

/** Items of the sub-orders still open, plus postage. */
export function totals(orders: readonly PricedOrder[], postFee: number): Totals {
  const total_fee = orders
    .filter((o) => o.status !== 'TRADE_CLOSED_BY_TAOBAO' && o.status !== 'TRADE_CLOSED')
    .reduce((sum, o) => sum + o.price * o.num, 0);
  return { total_fee, payment: total_fee + postFee };
}

/** Amounts are kept as 32-bit integers of fen (about 21 million yuan): a larger one is refused, not overflowed. */
export const MAX_FEN = 2_147_483_647;

export function checkAmounts(orders: readonly { price: number; num: number }[], payment: number) {
  if (payment > MAX_FEN || orders.some((o) => o.price * o.num > MAX_FEN)) {
    throw new AppError('AMOUNT_TOO_LARGE', 400, `金额过大：不能超过 ${MAX_FEN} 分`, `An amount may not exceed ${MAX_FEN} fen`);
  }
}

/**
 * A sub-account may lower what the buyer pays by at most its max discount of the amount at ordering;
 * the main account has no limit. Raising is not limited.
 */
export function checkMaxDiscount(actor: AccountActor, originalPayment: number, newPayment: number) {
  if (actor.isMain || newPayment >= originalPayment) return;
  const floor = Math.ceil((originalPayment * (100 - actor.maxDiscountPct)) / 100);
  if (newPayment < floor) {
    throw new AppError('DISCOUNT_TOO_LARGE', 403,
      `优惠超出您的最大折扣（${actor.maxDiscountPct}%）：实付不能低于 ${floor} 分`,
      `The discount exceeds your maximum of ${actor.maxDiscountPct}%: the payment may not go below ${floor} fen`,
      { max_discount_pct: actor.maxDiscountPct, min_payment: floor });
  }
}
