import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { DEFAULT_PERMISSIONS, type AccountActor, type Actor, type SubRole } from '../accounts/rules.ts';
import { decideApply, decideReapply, maxRefundFee, type OrderView } from './requests.ts';
import {
  allowedActions, authorize, checkParcel, checkSettings, deadline, decideRefuse, decideStep, DEFAULT_SETTINGS, eventsOf, memoWithNote,
  REFUND_MACHINE, REFUND_STATUSES, type DisputeType, type RefundStatus, type RefundView,
} from './rules.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-01T02:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

const sub = (role: SubRole): AccountActor => ({
  kind: 'account', id: 2, shopId: 1, login: `shop:${role}`, role, isMain: false, permissions: DEFAULT_PERMISSIONS[role], maxDiscountPct: 0,
});
const aftersales = sub('aftersales');
const warehouse = sub('warehouse');
const service = sub('service');
const supervisor = sub('supervisor');
const main: AccountActor = { kind: 'account', id: 1, shopId: 1, login: 'shop', role: 'owner', isMain: true, permissions: [], maxDiscountPct: 0 };
const buyer: Actor = { kind: 'buyer', id: 9, nick: 'buyer' };
const system: Actor = { kind: 'system', name: 'timer' };

function refusedWith(fn: () => unknown, code: string, status: number) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect({ code: e.code, status: e.status }).toEqual({ code, status });
    expect(e.messageZh.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
    return e;
  }
  throw new Error(`expected ${code}, got no refusal`);
}

const refund = (status: RefundStatus, type: DisputeType = 'REFUND', extra: Partial<RefundView> = {}): RefundView => ({
  status, dispute_type: type, shipped: type !== 'REFUND', refund_fee: type === 'EXCHANGE' ? 0 : 5000,
  good_received_time: null, timeout: later(DAY), ...extra,
});
const received = { good_received_time: NOW };

/** A paid, unshipped sub-order of 2 × 50.00 yuan. */
const order = (extra: Partial<OrderView> = {}): OrderView => ({
  tradeStatus: 'WAIT_SELLER_SEND_GOODS', paidInEscrow: true, orderStatus: 'WAIT_SELLER_SEND_GOODS', total_fee: 10000,
  refunded: 0, hasOpenRefund: false, ...extra,
});
const shipped = (extra: Partial<OrderView> = {}) => order({ tradeStatus: 'WAIT_BUYER_CONFIRM_GOODS', orderStatus: 'WAIT_BUYER_CONFIRM_GOODS', ...extra });
const ask = (type: DisputeType, refund_fee: number, reason = '不想要了', description = '') => ({ dispute_type: type, refund_fee, reason, description });

describe('the refund state machine', () => {
  it('lists what each status allows, and nothing more', () => {
    const commands = Object.fromEntries(REFUND_STATUSES.map((s) => [s, Object.keys(REFUND_MACHINE[s]).sort()]));
    expect(commands).toEqual({
      WAIT_SELLER_AGREE: ['agree', 'cancel', 'refuse', 'returngoods_agree', 'timeout'],
      WAIT_BUYER_RETURN_GOODS: ['cancel', 'return_goods', 'timeout'],
      WAIT_SELLER_CONFIRM_GOODS: ['receive_goods', 'returngoods_confirm', 'send_exchange', 'timeout'],
      SELLER_REFUSE_BUYER: ['cancel', 'reapply', 'timeout'],
      CLOSED: [],
      SUCCESS: [],
    });
  });

  it('takes a refund only straight to SUCCESS, and a return or exchange through the parcel', () => {
    expect(authorize(refund('WAIT_SELLER_AGREE'), 'agree', aftersales)).toBe('SUCCESS');
    refusedWith(() => authorize(refund('WAIT_SELLER_AGREE'), 'returngoods_agree', aftersales), 'REFUND_ACTION_NOT_ALLOWED', 409);
    for (const type of ['REFUND_AND_RETURN', 'EXCHANGE'] as const) {
      refusedWith(() => authorize(refund('WAIT_SELLER_AGREE', type), 'agree', aftersales), 'REFUND_ACTION_NOT_ALLOWED', 409);
      expect(authorize(refund('WAIT_SELLER_AGREE', type), 'returngoods_agree', aftersales)).toBe('WAIT_BUYER_RETURN_GOODS');
      expect(authorize(refund('WAIT_BUYER_RETURN_GOODS', type), 'return_goods', buyer)).toBe('WAIT_SELLER_CONFIRM_GOODS');
      expect(authorize(refund('WAIT_SELLER_CONFIRM_GOODS', type), 'receive_goods', warehouse)).toBe('WAIT_SELLER_CONFIRM_GOODS');
    }
    expect(authorize(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', received), 'returngoods_confirm', aftersales)).toBe('SUCCESS');
    expect(authorize(refund('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE', received), 'send_exchange', warehouse)).toBe('SUCCESS');
    refusedWith(() => authorize(refund('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE', received), 'returngoods_confirm', aftersales),
      'REFUND_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => authorize(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', received), 'send_exchange', warehouse),
      'REFUND_ACTION_NOT_ALLOWED', 409);
  });

  it('lets a refusal be asked again, and a buyer give up before the goods travel', () => {
    for (const type of ['REFUND', 'REFUND_AND_RETURN', 'EXCHANGE'] as const) {
      expect(authorize(refund('WAIT_SELLER_AGREE', type), 'refuse', aftersales)).toBe('SELLER_REFUSE_BUYER');
      expect(authorize(refund('SELLER_REFUSE_BUYER', type), 'reapply', buyer)).toBe('WAIT_SELLER_AGREE');
      expect(authorize(refund('SELLER_REFUSE_BUYER', type), 'cancel', buyer)).toBe('CLOSED');
      expect(authorize(refund('WAIT_SELLER_AGREE', type), 'cancel', buyer)).toBe('CLOSED');
      // Once the parcel is on its way back, the buyer cannot withdraw.
      refusedWith(() => authorize(refund('WAIT_SELLER_CONFIRM_GOODS', type), 'cancel', buyer), 'REFUND_ACTION_NOT_ALLOWED', 409);
    }
    expect(authorize(refund('WAIT_BUYER_RETURN_GOODS', 'REFUND_AND_RETURN'), 'cancel', buyer)).toBe('CLOSED');
  });

  it('ends: nothing happens to a refund CLOSED or SUCCESS, not even a second agree', () => {
    for (const status of ['CLOSED', 'SUCCESS'] as const) {
      for (const command of ['agree', 'refuse', 'cancel', 'reapply', 'timeout', 'returngoods_confirm'] as const) {
        for (const actor of [main, buyer, system]) {
          refusedWith(() => authorize(refund(status), command, actor), 'REFUND_ACTION_NOT_ALLOWED', 409);
        }
      }
    }
  });

  it('checks who gives each command: after-sales answers, the warehouse handles parcels, the buyer asks, the timer times out', () => {
    const r = refund('WAIT_SELLER_AGREE');
    for (const actor of [aftersales, supervisor, main]) expect(authorize(r, 'agree', actor)).toBe('SUCCESS');
    for (const actor of [warehouse, service, buyer, system]) refusedWith(() => authorize(r, 'agree', actor), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize(r, 'cancel', aftersales), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize(r, 'timeout', main), 'PERMISSION_DENIED', 403);
    expect(authorize(r, 'timeout', system)).toBe('SUCCESS');
    const parcel = refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN');
    refusedWith(() => authorize(parcel, 'receive_goods', aftersales), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize(parcel, 'receive_goods', buyer), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize(refund('WAIT_BUYER_RETURN_GOODS', 'EXCHANGE'), 'return_goods', main), 'PERMISSION_DENIED', 403);
  });

  it('moves a return on only once the warehouse has the parcel, and marks it received once', () => {
    const waiting = refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN');
    refusedWith(() => authorize(waiting, 'returngoods_confirm', aftersales), 'GOODS_NOT_RECEIVED', 409);
    refusedWith(() => authorize(refund('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE'), 'send_exchange', warehouse), 'GOODS_NOT_RECEIVED', 409);
    refusedWith(() => authorize({ ...waiting, ...received }, 'receive_goods', warehouse), 'GOODS_ALREADY_RECEIVED', 409);
  });

  it('publishes the step\'s event and the ending', () => {
    expect(eventsOf('WAIT_SELLER_AGREE', 'agree', 'SUCCESS')).toEqual(['refund.agreed', 'refund.succeeded']);
    expect(eventsOf('WAIT_SELLER_AGREE', 'timeout', 'WAIT_BUYER_RETURN_GOODS')).toEqual(['refund.agreed']);
    expect(eventsOf('WAIT_SELLER_AGREE', 'refuse', 'SELLER_REFUSE_BUYER')).toEqual(['refund.refused']);
    expect(eventsOf('SELLER_REFUSE_BUYER', 'cancel', 'CLOSED')).toEqual(['refund.closed']);
    expect(eventsOf('WAIT_SELLER_CONFIRM_GOODS', 'returngoods_confirm', 'SUCCESS')).toEqual(['refund.succeeded']);
    expect(eventsOf('WAIT_SELLER_CONFIRM_GOODS', 'send_exchange', 'SUCCESS')).toEqual(['refund.exchange_sent', 'refund.succeeded']);
  });
});

describe('allowed_actions per caller', () => {
  it('shows each party its own next steps and nothing else', () => {
    expect(allowedActions(refund('WAIT_SELLER_AGREE'), aftersales).sort()).toEqual(['agree', 'refuse']);
    expect(allowedActions(refund('WAIT_SELLER_AGREE', 'EXCHANGE'), main).sort()).toEqual(['refuse', 'returngoods_agree']);
    expect(allowedActions(refund('WAIT_SELLER_AGREE'), warehouse)).toEqual([]);
    expect(allowedActions(refund('WAIT_SELLER_AGREE'), buyer)).toEqual(['cancel']);
    expect(allowedActions(refund('WAIT_SELLER_AGREE'), system)).toEqual([]); // timeout is never offered
    expect(allowedActions(refund('WAIT_BUYER_RETURN_GOODS', 'REFUND_AND_RETURN'), buyer).sort()).toEqual(['cancel', 'return_goods']);
    expect(allowedActions(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN'), warehouse)).toEqual(['receive_goods']);
    expect(allowedActions(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN'), aftersales)).toEqual([]);
    expect(allowedActions(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', received), aftersales)).toEqual(['returngoods_confirm']);
    expect(allowedActions(refund('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE', received), warehouse)).toEqual(['send_exchange']);
    expect(allowedActions(refund('SELLER_REFUSE_BUYER'), buyer).sort()).toEqual(['cancel', 'reapply']);
    expect(allowedActions(refund('SUCCESS'), main)).toEqual([]);
  });
});

describe('deadlines', () => {
  const s = DEFAULT_SETTINGS;
  it('gives the seller 48 hours before shipping and 5 days after, by default', () => {
    expect(deadline('WAIT_SELLER_AGREE', 'REFUND', false, s, NOW)).toEqual(later(48 * HOUR));
    expect(deadline('WAIT_SELLER_AGREE', 'REFUND', true, s, NOW)).toEqual(later(5 * DAY));
    expect(deadline('WAIT_SELLER_AGREE', 'EXCHANGE', true, s, NOW)).toEqual(later(5 * DAY));
  });
  it('follows the shop\'s own limits', () => {
    const own = { agree_hours_before_ship: 12, agree_days_after_ship: 2 };
    expect(deadline('WAIT_SELLER_AGREE', 'REFUND', false, own, NOW)).toEqual(later(12 * HOUR));
    expect(deadline('WAIT_SELLER_AGREE', 'REFUND_AND_RETURN', true, own, NOW)).toEqual(later(2 * DAY));
  });
  it('waits 7 days for the buyer\'s parcel or second request, 10 for the seller to confirm a return, and for nobody at the end', () => {
    expect(deadline('WAIT_BUYER_RETURN_GOODS', 'REFUND_AND_RETURN', true, s, NOW)).toEqual(later(7 * DAY));
    expect(deadline('SELLER_REFUSE_BUYER', 'REFUND', false, s, NOW)).toEqual(later(7 * DAY));
    expect(deadline('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', true, s, NOW)).toEqual(later(10 * DAY));
    expect(deadline('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE', true, s, NOW)).toBeNull(); // the exchange waits to be re-shipped
    expect(deadline('SUCCESS', 'REFUND', true, s, NOW)).toBeNull();
    expect(deadline('CLOSED', 'REFUND', true, s, NOW)).toBeNull();
  });
  it('fires only when due, and as the table says', () => {
    const r = refund('WAIT_SELLER_AGREE', 'REFUND', { timeout: later(HOUR) });
    refusedWith(() => decideStep(r, 'timeout', system, s, NOW), 'NOT_DUE', 409);
    expect(decideStep(r, 'timeout', system, s, later(HOUR))).toMatchObject({ status: 'SUCCESS', timeout: null, pays: true });
    const rr = refund('WAIT_SELLER_AGREE', 'REFUND_AND_RETURN', { timeout: NOW });
    expect(decideStep(rr, 'timeout', system, s, NOW)).toEqual({ status: 'WAIT_BUYER_RETURN_GOODS', timeout: later(7 * DAY), pays: false });
    expect(decideStep(refund('WAIT_BUYER_RETURN_GOODS', 'EXCHANGE', { timeout: NOW }), 'timeout', system, s, NOW).status).toBe('CLOSED');
    refusedWith(() => decideStep(refund('WAIT_SELLER_CONFIRM_GOODS', 'EXCHANGE', { timeout: NOW }), 'timeout', system, s, NOW),
      'REFUND_ACTION_NOT_ALLOWED', 409);
    expect(decideStep(refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', { timeout: NOW }), 'timeout', system, s, NOW).pays).toBe(true);
  });
  it('keeps the deadline when the parcel is marked received', () => {
    const r = refund('WAIT_SELLER_CONFIRM_GOODS', 'REFUND_AND_RETURN', { timeout: later(3 * DAY) });
    expect(decideStep(r, 'receive_goods', warehouse, s, NOW).timeout).toEqual(later(3 * DAY));
  });
});

describe('asking for a refund', () => {
  const s = DEFAULT_SETTINGS;
  it('refuses a trade that was never paid, has finished, or a sub-order that is closed', () => {
    refusedWith(() => decideApply(ask('REFUND', 100), order({ tradeStatus: 'WAIT_BUYER_PAY', orderStatus: 'WAIT_BUYER_PAY' }), s, NOW), 'TRADE_NOT_PAID', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ tradeStatus: 'TRADE_CLOSED_BY_TAOBAO' }), s, NOW), 'TRADE_NOT_PAID', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ tradeStatus: 'TRADE_FINISHED' }), s, NOW), 'TRADE_FINISHED', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ orderStatus: 'TRADE_CLOSED' }), s, NOW), 'ORDER_CLOSED', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ tradeStatus: 'TRADE_CLOSED' }), s, NOW), 'ORDER_CLOSED', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ paidInEscrow: false }), s, NOW), 'REFUND_OFFLINE_PAYMENT', 409);
    refusedWith(() => decideApply(ask('REFUND', 100), order({ hasOpenRefund: true }), s, NOW), 'REFUND_EXISTS', 409);
  });

  it('never asks more than was paid for the sub-order, less what was refunded already; partial refunds are fine', () => {
    expect(decideApply(ask('REFUND', 10000), order(), s, NOW)).toMatchObject({
      status: 'WAIT_SELLER_AGREE', refund_fee: 10000, shipped: false, timeout: later(48 * HOUR) });
    expect(decideApply(ask('REFUND', 1), order(), s, NOW).refund_fee).toBe(1);
    const high = refusedWith(() => decideApply(ask('REFUND', 10001), order(), s, NOW), 'REFUND_FEE_TOO_HIGH', 400);
    expect(high.details).toEqual({ max_refund_fee: 10000, total_fee: 10000, refunded: 0 });
    expect(decideApply(ask('REFUND', 4000), order({ refunded: 6000 }), s, NOW).refund_fee).toBe(4000);
    refusedWith(() => decideApply(ask('REFUND', 4001), order({ refunded: 6000 }), s, NOW), 'REFUND_FEE_TOO_HIGH', 400);
    refusedWith(() => decideApply(ask('REFUND', 1), order({ refunded: 10000 }), s, NOW), 'ORDER_FULLY_REFUNDED', 409);
    refusedWith(() => decideApply(ask('REFUND', 0), order(), s, NOW), 'REFUND_FEE_INVALID', 400);
    refusedWith(() => decideApply(ask('REFUND', -5), order(), s, NOW), 'REFUND_FEE_INVALID', 400);
    refusedWith(() => decideApply(ask('REFUND', 12.5), order(), s, NOW), 'REFUND_FEE_INVALID', 400);
    expect(maxRefundFee({ total_fee: 10000, refunded: 2500 })).toBe(7500);
  });

  it('asks a return or an exchange only of goods that were shipped; an exchange asks no money', () => {
    refusedWith(() => decideApply(ask('REFUND_AND_RETURN', 100), order(), s, NOW), 'GOODS_NOT_SHIPPED', 409);
    refusedWith(() => decideApply(ask('EXCHANGE', 0), order(), s, NOW), 'GOODS_NOT_SHIPPED', 409);
    expect(decideApply(ask('REFUND_AND_RETURN', 10000), shipped(), s, NOW)).toMatchObject({ shipped: true, timeout: later(5 * DAY) });
    expect(decideApply(ask('EXCHANGE', 0), shipped({ refunded: 10000 }), s, NOW).refund_fee).toBe(0);
    refusedWith(() => decideApply(ask('EXCHANGE', 100), shipped(), s, NOW), 'EXCHANGE_NO_MONEY', 400);
    expect(decideApply(ask('REFUND', 100), shipped(), s, NOW).timeout).toEqual(later(5 * DAY));
  });

  it('wants a reason of 2–100 characters and a description of at most 500', () => {
    refusedWith(() => decideApply(ask('REFUND', 100, ' 坏 '), order(), s, NOW), 'BAD_REFUND_REASON', 400);
    expect(decideApply(ask('REFUND', 100, ' 坏了 '), order(), s, NOW).reason).toBe('坏了');
    refusedWith(() => decideApply(ask('REFUND', 100, '好'.repeat(101)), order(), s, NOW), 'BAD_REFUND_REASON', 400);
    refusedWith(() => decideApply(ask('REFUND', 100, '坏了', 'x'.repeat(501)), order(), s, NOW), 'DESCRIPTION_TOO_LONG', 400);
  });
});

describe('refusing, and asking again', () => {
  const s = DEFAULT_SETTINGS;
  it('needs a reason of 2–200 characters, counted as characters, not bytes', () => {
    const r = refund('WAIT_SELLER_AGREE');
    refusedWith(() => decideRefuse(r, '不', aftersales, NOW, s), 'BAD_REFUSE_REASON', 400);
    refusedWith(() => decideRefuse(r, '   ', aftersales, NOW, s), 'BAD_REFUSE_REASON', 400);
    refusedWith(() => decideRefuse(r, '拒'.repeat(201), aftersales, NOW, s), 'BAD_REFUSE_REASON', 400);
    expect(decideRefuse(r, '拒'.repeat(200), aftersales, NOW, s).refuse_reason).toHaveLength(200);
    expect(decideRefuse(r, ' 已发货 ', aftersales, NOW, s)).toEqual({
      status: 'SELLER_REFUSE_BUYER', refuse_reason: '已发货', timeout: later(7 * DAY) });
    refusedWith(() => decideRefuse(r, '已发货', warehouse, NOW, s), 'PERMISSION_DENIED', 403);
    refusedWith(() => decideRefuse(refund('SUCCESS'), '已发货', aftersales, NOW, s), 'REFUND_ACTION_NOT_ALLOWED', 409);
  });

  it('lets the buyer ask again after a refusal, within the same limits, with a new deadline for the seller', () => {
    const r = { ...refund('SELLER_REFUSE_BUYER'), reason: '不想要了', description: '' };
    expect(decideReapply(r, {}, shipped(), s, buyer, NOW)).toMatchObject({
      status: 'WAIT_SELLER_AGREE', refund_fee: 5000, reason: '不想要了', shipped: true, timeout: later(5 * DAY) });
    expect(decideReapply(r, { refund_fee: 3000, reason: '少发了一件' }, order(), s, buyer, NOW)).toMatchObject({
      refund_fee: 3000, reason: '少发了一件', timeout: later(48 * HOUR) });
    refusedWith(() => decideReapply(r, { refund_fee: 10001 }, order(), s, buyer, NOW), 'REFUND_FEE_TOO_HIGH', 400);
    refusedWith(() => decideReapply({ ...r, status: 'WAIT_SELLER_AGREE' }, {}, order(), s, buyer, NOW), 'REFUND_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideReapply(r, {}, order(), s, aftersales, NOW), 'PERMISSION_DENIED', 403);
    // Asked again after the trade finished meanwhile: the goods were shipped, the seller has the after-shipping limit.
    const finished = order({ tradeStatus: 'TRADE_FINISHED', orderStatus: 'TRADE_FINISHED' });
    expect(decideReapply(r, {}, finished, s, buyer, NOW)).toMatchObject({ shipped: true, timeout: later(5 * DAY) });
  });
});

describe('parcels, settings and the memo note', () => {
  it('knows the couriers and the shape of a tracking number', () => {
    expect(checkParcel({ company_code: 'SF', sid: 'SF1234567890' })).toEqual({ company_code: 'SF', sid: 'SF1234567890' });
    refusedWith(() => checkParcel({ company_code: 'XX', sid: 'SF1234567890' }), 'BAD_COMPANY_CODE', 400);
    refusedWith(() => checkParcel({ company_code: 'SF', sid: '12 34' }), 'BAD_OUT_SID', 400);
  });
  it('keeps the answer limits within 1–72 hours and 1–15 days', () => {
    expect(checkSettings({ agree_hours_before_ship: 72, agree_days_after_ship: 1 })).toBeTruthy();
    refusedWith(() => checkSettings({ agree_hours_before_ship: 0, agree_days_after_ship: 5 }), 'BAD_REFUND_SETTING', 400);
    refusedWith(() => checkSettings({ agree_hours_before_ship: 48, agree_days_after_ship: 16 }), 'BAD_REFUND_SETTING', 400);
    refusedWith(() => checkSettings({ agree_hours_before_ship: 1.5, agree_days_after_ship: 5 }), 'BAD_REFUND_SETTING', 400);
  });
  it('adds a note to the memo when it fits, and leaves the memo alone when it does not', () => {
    expect(memoWithNote('', '退货已收到', 1000)).toBe('退货已收到');
    expect(memoWithNote('送礼物', '退货已收到', 1000)).toBe('送礼物\n退货已收到');
    const full = 'x'.repeat(995);
    expect(memoWithNote(full, '退货已收到', 1000)).toBe(full);
  });
});
