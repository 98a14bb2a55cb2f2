/** The buyer's request: of which sub-order, of what kind, for how much, and when it may be made (SPEC §8). */
import { AppError } from '../../errors.ts';
import type { Actor } from '../accounts/rules.ts';
import {
  authorize, checkText, deadline, DESCRIPTION_MAX, movesMoney, REASON, type DisputeType, type RefundSettings, type RefundView,
} from './rules.ts';

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

/** A trade's and a sub-order's standing, as the buyer's request needs them. */
export interface OrderView {
  tradeStatus: string;
  paidInEscrow: boolean;
  orderStatus: string;
  total_fee: number;
  /** Already refunded for this sub-order by refunds that succeeded. */
  refunded: number;
  hasOpenRefund: boolean;
}

export interface Request {
  dispute_type: DisputeType;
  refund_fee: number;
  reason: string;
  description: string;
}

/** Trades whose money is still in escrow: paid, not yet finished or closed. */
const REFUNDABLE = ['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'];

/** At most what was paid for the sub-order minus what was refunded already; an exchange asks for no money. */
export function maxRefundFee(order: Pick<OrderView, 'total_fee' | 'refunded'>) {
  return Math.max(0, order.total_fee - order.refunded);
}

function checkRequest(req: Request, order: OrderView) {
  // Asked again after the trade finished, a sub-order is TRADE_FINISHED: shipped too.
  const shipped = order.orderStatus !== 'WAIT_SELLER_SEND_GOODS';
  if (req.dispute_type !== 'REFUND' && !shipped) {
    throw refuse('GOODS_NOT_SHIPPED', 409, '商品尚未发货，只能申请仅退款', 'The goods have not been shipped: only a refund (without return) can be asked');
  }
  const max = maxRefundFee(order);
  if (!movesMoney(req.dispute_type)) {
    if (req.refund_fee !== 0) throw refuse('EXCHANGE_NO_MONEY', 400, '换货不退款，退款金额须为 0', 'An exchange refunds no money: refund_fee must be 0');
  } else {
    if (max === 0) throw refuse('ORDER_FULLY_REFUNDED', 409, '该子订单已全额退款', 'This sub-order has been refunded in full already');
    if (!Number.isSafeInteger(req.refund_fee) || req.refund_fee < 1) {
      throw refuse('REFUND_FEE_INVALID', 400, '退款金额须为至少 1 分的整数', 'refund_fee must be a whole number of fen, at least 1');
    }
    if (req.refund_fee > max) {
      throw refuse('REFUND_FEE_TOO_HIGH', 400, `退款金额不能超过该子订单实付 ${order.total_fee} 分减去已退 ${order.refunded} 分，即 ${max} 分`,
        `refund_fee may not exceed what was paid for the sub-order (${order.total_fee}) less what was refunded (${order.refunded}): ${max} fen`,
        { max_refund_fee: max, total_fee: order.total_fee, refunded: order.refunded });
    }
  }
  return {
    ...req,
    reason: checkText(req.reason, REASON, 'BAD_REFUND_REASON', '退款原因', 'The reason'),
    description: checkDescription(req.description),
    shipped,
  };
}

function checkDescription(description: string) {
  if ([...description].length > DESCRIPTION_MAX) {
    throw refuse('DESCRIPTION_TOO_LONG', 400, `说明不能超过 ${DESCRIPTION_MAX} 个字`, `The description may not exceed ${DESCRIPTION_MAX} characters`);
  }
  return description.trim();
}

/** The buyer asks for a refund, return or exchange of one sub-order of a paid trade. */
export function decideApply(req: Request, order: OrderView, settings: RefundSettings, now: Date) {
  if (order.tradeStatus === 'WAIT_BUYER_PAY' || order.tradeStatus === 'TRADE_CLOSED_BY_TAOBAO') {
    throw refuse('TRADE_NOT_PAID', 409, '交易未付款，不能申请退款', 'The trade has not been paid: there is nothing to refund');
  }
  if (order.tradeStatus === 'TRADE_FINISHED') {
    throw refuse('TRADE_FINISHED', 409, '交易已成功，货款已打给卖家，不能再申请退款', 'The trade has finished and the shop has been paid: no refund can be asked any more');
  }
  if (!REFUNDABLE.includes(order.tradeStatus) || !REFUNDABLE.includes(order.orderStatus)) {
    throw refuse('ORDER_CLOSED', 409, '该子订单已关闭', 'This sub-order is closed');
  }
  if (!order.paidInEscrow) {
    throw refuse('REFUND_OFFLINE_PAYMENT', 409, '该交易不是通过担保交易付款的，退款请与卖家线下协商',
      'This trade was not paid through the escrow: a refund is settled with the shop directly');
  }
  if (order.hasOpenRefund) {
    throw refuse('REFUND_EXISTS', 409, '该子订单已有进行中的售后申请', 'This sub-order has a refund in progress already');
  }
  const checked = checkRequest(req, order);
  return {
    ...checked,
    status: 'WAIT_SELLER_AGREE' as const,
    timeout: deadline('WAIT_SELLER_AGREE', req.dispute_type, checked.shipped, settings, now),
  };
}

/** After a refusal the buyer asks again, maybe for another amount or with another reason. */
export function decideReapply(
  refund: RefundView & { reason: string; description: string }, change: Partial<Omit<Request, 'dispute_type'>>,
  order: OrderView, settings: RefundSettings, actor: Actor, now: Date,
) {
  const to = authorize(refund, 'reapply', actor);
  const checked = checkRequest({
    dispute_type: refund.dispute_type,
    refund_fee: change.refund_fee ?? refund.refund_fee,
    reason: change.reason ?? refund.reason,
    description: change.description ?? refund.description,
  }, order);
  return { ...checked, status: to, timeout: deadline(to, refund.dispute_type, checked.shipped, settings, now) };
}
