import { AppError } from '../../errors.ts';
import { can, type AccountActor, type Actor, type Permission } from '../accounts/rules.ts';
import { isCourier, OUT_SID } from '../logistics/rules.ts';
import { checkAmounts, checkMaxDiscount, totals, type PricedOrder } from './pricing.ts';

/** Statuses by the Taobao Open Platform names, so a seller recognises them (seed 002). */
export const TRADE_STATUSES = [
  'WAIT_BUYER_PAY',
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_FINISHED',
  'TRADE_CLOSED_BY_TAOBAO',
  'TRADE_CLOSED',
] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

export const STATUS_NAMES: Record<TradeStatus, string> = {
  WAIT_BUYER_PAY: '等待买家付款',
  WAIT_SELLER_SEND_GOODS: '买家已付款',
  WAIT_BUYER_CONFIRM_GOODS: '卖家已发货',
  TRADE_FINISHED: '交易成功',
  TRADE_CLOSED_BY_TAOBAO: '交易关闭',
  TRADE_CLOSED: '交易关闭（已退款）',
};

export type TradeCommand =
  | 'pay' | 'modify_price' | 'modify_postage' | 'change_address' | 'close' | 'close_order' | 'memo' | 'ship'
  | 'confirm' | 'delay_receive' | 'auto_close' | 'auto_finish' | 'refund_order';

/** Who may give a command: a shop account holding the permission, the trade's buyer, or the timers. */
interface Transition {
  to?: TradeStatus;
  seller?: Permission;
  buyer?: true;
  system?: true;
}

/** The trade's life: what may happen in each status, by whom, and where it leads (absent `to`: status unchanged). */
export const TRADE_MACHINE: Record<TradeStatus, Partial<Record<TradeCommand, Transition>>> = {
  WAIT_BUYER_PAY: {
    pay: { to: 'WAIT_SELLER_SEND_GOODS', buyer: true },
    modify_price: { seller: 'trade.modify_price' },
    modify_postage: { seller: 'trade.modify_price' },
    change_address: { seller: 'trade.address', buyer: true },
    close: { to: 'TRADE_CLOSED_BY_TAOBAO', seller: 'trade.close' },
    close_order: { seller: 'trade.close' }, // the last open sub-order closes the trade: see closeTrade
    memo: { seller: 'trade.memo' },
    auto_close: { to: 'TRADE_CLOSED_BY_TAOBAO', system: true },
  },
  WAIT_SELLER_SEND_GOODS: {
    // After payment the agent cannot edit the trade: the warehouse changes the consignee on a red flag.
    change_address: { seller: 'trade.address_after_pay' },
    memo: { seller: 'trade.memo' },
    ship: { to: 'WAIT_BUYER_CONFIRM_GOODS', seller: 'trade.ship' },
    refund_order: { system: true }, // after-sales refunded a sub-order in full; the last one closes the trade (TRADE_CLOSED)
  },
  WAIT_BUYER_CONFIRM_GOODS: {
    memo: { seller: 'trade.memo' },
    delay_receive: { seller: 'trade.delay_receive' },
    confirm: { to: 'TRADE_FINISHED', buyer: true },
    auto_finish: { to: 'TRADE_FINISHED', system: true },
    refund_order: { system: true },
  },
  TRADE_FINISHED: { memo: { seller: 'trade.memo' } },
  TRADE_CLOSED_BY_TAOBAO: { memo: { seller: 'trade.memo' } },
  TRADE_CLOSED: { memo: { seller: 'trade.memo' } },
};

/** A sub-order follows its trade, except that one may be closed alone before payment. */
export const ORDER_MACHINE: Record<TradeStatus, Partial<Record<'pay' | 'close' | 'ship' | 'confirm' | 'refund', TradeStatus>>> = {
  WAIT_BUYER_PAY: { pay: 'WAIT_SELLER_SEND_GOODS', close: 'TRADE_CLOSED_BY_TAOBAO' },
  WAIT_SELLER_SEND_GOODS: { ship: 'WAIT_BUYER_CONFIRM_GOODS', refund: 'TRADE_CLOSED' },
  WAIT_BUYER_CONFIRM_GOODS: { confirm: 'TRADE_FINISHED', refund: 'TRADE_CLOSED' },
  TRADE_FINISHED: {},
  TRADE_CLOSED_BY_TAOBAO: {},
  TRADE_CLOSED: {},
};

/** The platform's list of reasons for closing an unpaid trade. */
export const CLOSE_REASONS = [
  '未及时付款',
  '买家不想买了',
  '买家信息填写错误，重新拍',
  '恶意买家/同行捣乱',
  '缺货',
  '买家拍错了',
  '同城见面交易',
] as const;

/** Flags as the platform numbers them, with seed 002's meaning: who raises each, and whose queue shows it. */
export const FLAGS = {
  0: { name: '无', from: null, to: null },
  1: { name: '红旗', from: 'service', to: 'warehouse', meaning: '快递、礼物、收货人信息的更改（客服部→仓储部）' },
  2: { name: '黄旗', from: 'warehouse', to: 'service', meaning: '该买家所购产品已无现货（仓储部→客服部）' },
  3: { name: '绿旗', from: 'warehouse', to: 'aftersales', meaning: '已收到退货或换货的快递（仓储部→售后部）' },
  4: { name: '蓝旗', from: 'warehouse', to: 'service', meaning: '给客户换货的单号（仓储部→客服部）' },
  5: { name: '紫旗', from: 'service', to: 'warehouse', meaning: '缺货时需加急发出的 EMS、顺丰（客服部→仓储部）' },
} as const;
export type Flag = keyof typeof FLAGS;
export const MEMO_MAX_BYTES = 1000;
export const RECEIVE_DELAY_DAYS = [3, 5, 7, 10] as const;
/** Extensions add up to at most this, so a trade cannot be kept open for ever. */
export const RECEIVE_DELAY_MAX_TOTAL = 30;
export const AUTO_FINISH_DAYS = 10;
const DAY_MS = 86_400_000;

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

/** Checks that `command` may happen now and that `actor` may give it; returns the transition. */
export function authorize(status: TradeStatus, command: TradeCommand, actor: Actor): Transition {
  const t = TRADE_MACHINE[status][command];
  if (!t) {
    throw refuse('TRADE_ACTION_NOT_ALLOWED', 409,
      `交易状态为「${STATUS_NAMES[status]}」，不能执行此操作（${command}）`,
      `A trade in ${status} does not allow ${command}`, { status, command });
  }
  const allowed =
    (actor.kind === 'account' && t.seller !== undefined && can(actor, t.seller)) ||
    (actor.kind === 'buyer' && t.buyer === true) ||
    (actor.kind === 'system' && t.system === true);
  if (!allowed) {
    const permission = t.seller ?? command;
    throw refuse('PERMISSION_DENIED', 403, `没有权限：${permission}`, `Permission required: ${permission}`, { permission });
  }
  return t;
}

export interface TradeView {
  status: TradeStatus;
  openOrders: number;
  receiveDelayDays: number;
}
export interface ShopView {
  type: 'C' | 'B';
}

/** What the caller may do with this trade now: the UI shows these and nothing else. */
export function allowedActions(trade: TradeView, shop: ShopView, actor: Actor): TradeCommand[] {
  return (Object.keys(TRADE_MACHINE[trade.status]) as TradeCommand[]).filter((command) => {
    if (command === 'modify_price' && shop.type === 'B') return false;
    if (command === 'close_order' && trade.openOrders < 2) return false;
    if (command === 'delay_receive' && trade.receiveDelayDays + RECEIVE_DELAY_DAYS[0] > RECEIVE_DELAY_MAX_TOTAL) return false;
    try {
      authorize(trade.status, command, actor);
      return true;
    } catch {
      return false;
    }
  });
}

export { checkAmounts, checkMaxDiscount, MAX_FEN, totals, type PricedOrder, type Totals } from './pricing.ts';

/** Price change (seed 002): only while unpaid; a C-shop may change item prices (≥ 0), a mall shop only postage. */
export function decidePriceChange(
  shop: ShopView, trade: TradeView & { post_fee: number; original_post_fee: number }, orders: readonly PricedOrder[],
  change: { oid: number; price: number }, actor: AccountActor,
) {
  authorize(trade.status, 'modify_price', actor);
  if (shop.type === 'B') {
    throw refuse('MALL_PRICE_FIXED', 409, '商城店铺只允许修改邮费，不能修改价格',
      'A mall shop may change the postage only, not item prices');
  }
  const order = orders.find((o) => o.oid === change.oid);
  if (!order) throw refuse('ORDER_NOT_FOUND', 404, '子订单不存在', 'No such sub-order in this trade', { oid: change.oid });
  if (order.status !== 'WAIT_BUYER_PAY') {
    throw refuse('ORDER_CLOSED', 409, '该子订单已关闭，不能改价', 'This sub-order is closed; its price cannot change');
  }
  if (!Number.isSafeInteger(change.price) || change.price < 0) {
    throw refuse('PRICE_NEGATIVE', 400, '物品价格不能小于 0', 'An item price cannot be below 0');
  }
  const next = orders.map((o) => (o.oid === change.oid ? { ...o, price: change.price } : o));
  const after = totals(next, trade.post_fee);
  checkAmounts(next, after.payment);
  checkMaxDiscount(actor, originalPayment(orders, trade.original_post_fee), after.payment);
  return { orders: next, ...after };
}

/** Postage change: only while unpaid, in both kinds of shop; it may be 0 (包邮). */
export function decidePostageChange(
  trade: TradeView & { original_post_fee: number }, orders: readonly PricedOrder[], postFee: number,
  actor: AccountActor,
) {
  authorize(trade.status, 'modify_postage', actor);
  if (!Number.isSafeInteger(postFee) || postFee < 0) {
    throw refuse('POSTAGE_NEGATIVE', 400, '邮费不能小于 0', 'Postage cannot be below 0');
  }
  const after = totals(orders, postFee);
  checkAmounts([], after.payment);
  checkMaxDiscount(actor, originalPayment(orders, trade.original_post_fee), after.payment);
  return { post_fee: postFee, ...after };
}

function originalPayment(orders: readonly PricedOrder[], originalPostFee: number) {
  return totals(orders.map((o) => ({ ...o, price: o.original_price })), originalPostFee).payment;
}

/** Close the whole trade or one sub-order, before payment, for a reason from the platform's list. */
export function decideClose(
  trade: TradeView & { post_fee: number }, orders: readonly PricedOrder[], reason: string, actor: Actor, oid?: number,
) {
  authorize(trade.status, actor.kind === 'system' ? 'auto_close' : oid === undefined ? 'close' : 'close_order', actor);
  if (!(CLOSE_REASONS as readonly string[]).includes(reason)) {
    throw refuse('BAD_CLOSE_REASON', 400, `关闭理由须为：${CLOSE_REASONS.join('、')}`,
      `The close reason must be one of the platform's: ${CLOSE_REASONS.join(', ')}`);
  }
  if (oid !== undefined) {
    const order = orders.find((o) => o.oid === oid);
    if (!order) throw refuse('ORDER_NOT_FOUND', 404, '子订单不存在', 'No such sub-order in this trade', { oid });
    if (!ORDER_MACHINE[order.status].close) {
      throw refuse('ORDER_CLOSED', 409, '该子订单已关闭', 'This sub-order is closed already');
    }
  }
  const closing = orders.filter((o) => (oid === undefined || o.oid === oid) && ORDER_MACHINE[o.status].close);
  const next = orders.map((o) => (closing.includes(o) ? { ...o, status: 'TRADE_CLOSED_BY_TAOBAO' as const } : o));
  const allClosed = next.every((o) => o.status === 'TRADE_CLOSED_BY_TAOBAO' || o.status === 'TRADE_CLOSED');
  return {
    status: allClosed ? ('TRADE_CLOSED_BY_TAOBAO' as const) : trade.status,
    closedOids: closing.map((o) => o.oid),
    orders: next,
    // A trade with nothing left to buy has nothing to pay either, postage included.
    ...(allClosed ? { total_fee: totals(next, 0).total_fee, payment: 0 } : totals(next, trade.post_fee)),
  };
}

export function decideMemo(trade: TradeView & { flag: number }, memo: string, flag: number, actor: AccountActor) {
  authorize(trade.status, 'memo', actor);
  if (Buffer.byteLength(memo, 'utf8') > MEMO_MAX_BYTES) {
    throw refuse('MEMO_TOO_LONG', 400, `备注不能超过 ${MEMO_MAX_BYTES} 字节`, `A memo may not exceed ${MEMO_MAX_BYTES} bytes`);
  }
  if (!Number.isInteger(flag) || !(flag in FLAGS)) {
    throw refuse('BAD_FLAG', 400, '旗帜须为 0–5', 'A flag is a number from 0 to 5');
  }
  const from = FLAGS[flag as Flag].from;
  const leads = actor.isMain || actor.role === 'supervisor';
  // Raising a colour is its team's; keeping a flag another team raised while writing the memo is not raising it.
  if (from && flag !== trade.flag && !leads && actor.role !== from) {
    throw refuse('FLAG_NOT_YOURS', 403, `${FLAGS[flag as Flag].name}由${TEAM_NAMES[from]}使用`,
      `The ${FLAGS[flag as Flag].name} flag is raised by ${from}`, { flag, from });
  }
  return { memo, flag };
}

const TEAM_NAMES = { service: '客服部', warehouse: '仓储部', aftersales: '售后部' } as const;

export function decideShip(trade: TradeView, ship: { company_code: string; out_sid: string }, actor: Actor, now: Date) {
  authorize(trade.status, 'ship', actor);
  if (!isCourier(ship.company_code)) {
    throw refuse('BAD_COMPANY_CODE', 400, `未知的物流公司：${ship.company_code}`, `Unknown courier: ${ship.company_code}`);
  }
  if (!OUT_SID.test(ship.out_sid)) {
    throw refuse('BAD_OUT_SID', 400, '运单号须为 6–40 位字母、数字或短横线', 'A tracking number is 6–40 letters, digits or dashes');
  }
  return { status: 'WAIT_BUYER_CONFIRM_GOODS' as const, consign_time: now, autoFinishAt: autoFinishAt(now, 0) };
}

/** Extend the time to confirm receipt by 3, 5, 7 or 10 days, so the buyer is not rushed. */
export function decideReceiveDelay(trade: TradeView & { consign_time: Date | null }, days: number, actor: Actor) {
  authorize(trade.status, 'delay_receive', actor);
  if (!(RECEIVE_DELAY_DAYS as readonly number[]).includes(days)) {
    throw refuse('BAD_DELAY_DAYS', 400, '延长收货时间只能为 3、5、7 或 10 天', 'Receipt can be extended by 3, 5, 7 or 10 days');
  }
  const total = trade.receiveDelayDays + days;
  if (total > RECEIVE_DELAY_MAX_TOTAL) {
    throw refuse('DELAY_LIMIT_REACHED', 409, `累计延长不能超过 ${RECEIVE_DELAY_MAX_TOTAL} 天`,
      `Extensions may add up to ${RECEIVE_DELAY_MAX_TOTAL} days at most`);
  }
  return { receive_delay_days: total, autoFinishAt: autoFinishAt(trade.consign_time!, total) };
}

export const autoFinishAt = (consignTime: Date, delayDays: number) =>
  new Date(consignTime.getTime() + (AUTO_FINISH_DAYS + delayDays) * DAY_MS);

export const autoCloseAt = (created: Date, unpaidCloseHours: number) =>
  new Date(created.getTime() + unpaidCloseHours * 3_600_000);

/** The buyer pays what they saw: a payment that no longer matches (the price changed meanwhile) is refused. */
export function decidePay(trade: TradeView & { payment: number }, actor: Actor, expected?: number) {
  authorize(trade.status, 'pay', actor);
  if (expected !== undefined && expected !== trade.payment) {
    throw refuse('PAYMENT_CHANGED', 409, `应付金额已变为 ${trade.payment} 分，请确认后再付款`,
      `The amount due changed to ${trade.payment} fen; please confirm and pay again`, { payment: trade.payment });
  }
  return { status: 'WAIT_SELLER_SEND_GOODS' as const };
}

/** A sub-order refunded in full closes; when no paid sub-order is left open, the trade closes: TRADE_CLOSED. */
export function decideRefundClose(trade: TradeView, orders: readonly PricedOrder[], oid: number, actor: Actor) {
  authorize(trade.status, 'refund_order', actor);
  const order = orders.find((o) => o.oid === oid);
  if (!order) throw refuse('ORDER_NOT_FOUND', 404, '子订单不存在', 'No such sub-order in this trade', { oid });
  const to = ORDER_MACHINE[order.status].refund;
  if (!to) throw refuse('ORDER_CLOSED', 409, '该子订单已关闭', 'This sub-order is closed already');
  const next = orders.map((o) => (o.oid === oid ? { ...o, status: to } : o));
  const allClosed = next.every((o) => o.status === 'TRADE_CLOSED_BY_TAOBAO' || o.status === 'TRADE_CLOSED');
  return { status: allClosed ? ('TRADE_CLOSED' as const) : trade.status, orders: next };
}
