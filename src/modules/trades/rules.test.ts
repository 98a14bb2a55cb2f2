import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { DEFAULT_MAX_DISCOUNT_PCT, DEFAULT_PERMISSIONS, type AccountActor, type Actor, type SubRole } from '../accounts/rules.ts';
import {
  allowedActions, authorize, autoCloseAt, autoFinishAt, checkAmounts, checkMaxDiscount, CLOSE_REASONS, decideClose, decideMemo, decidePay,
  decidePostageChange, decidePriceChange, decideReceiveDelay, decideShip, MAX_FEN, totals, TRADE_MACHINE, TRADE_STATUSES,
  type PricedOrder, type TradeStatus,
} from './rules.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-01T02:00:00Z');

const sub = (role: SubRole, extra: Partial<AccountActor> = {}): AccountActor => ({
  kind: 'account', id: 2, shopId: 1, login: `shop:${role}`, role, isMain: false,
  permissions: DEFAULT_PERMISSIONS[role], maxDiscountPct: DEFAULT_MAX_DISCOUNT_PCT[role], ...extra,
});
const service = sub('service');
const warehouse = sub('warehouse');
const aftersales = sub('aftersales');
const finance = sub('finance');
const supervisor = sub('supervisor');
const main: AccountActor = {
  kind: 'account', id: 1, shopId: 1, login: 'shop', role: 'owner', isMain: true, permissions: [], maxDiscountPct: 0,
};
const buyer: Actor = { kind: 'buyer', id: 9, nick: 'buyer' };
const system: Actor = { kind: 'system', name: 'timer' };

/** Runs `fn` and returns the AppError it throws (failing the test when it throws nothing or something else). */
function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.messageZh.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
    return e;
  }
  throw new Error('expected a refusal, got none');
}
const refusedWith = (fn: () => unknown, code: string, status: number) => {
  const e = refusal(fn);
  expect({ code: e.code, status: e.status }).toEqual({ code, status });
  return e;
};

const view = (status: TradeStatus, openOrders = 2, receiveDelayDays = 0) => ({ status, openOrders, receiveDelayDays });
const C = { type: 'C' as const };
const B = { type: 'B' as const };

/** 2 × 100.00 + 1 × 50.00 yuan, and 10.00 yuan postage: 260.00 yuan to pay. */
const orders = (status: TradeStatus = 'WAIT_BUYER_PAY'): PricedOrder[] => [
  { oid: 1, original_price: 10000, price: 10000, num: 2, status },
  { oid: 2, original_price: 5000, price: 5000, num: 1, status },
];
const unpaid = { ...view('WAIT_BUYER_PAY'), post_fee: 1000, original_post_fee: 1000 };

describe('the trade state machine', () => {
  it('lists what each status allows, and nothing more', () => {
    const commands = Object.fromEntries(TRADE_STATUSES.map((s) => [s, Object.keys(TRADE_MACHINE[s]).sort()]));
    expect(commands).toEqual({
      WAIT_BUYER_PAY: ['auto_close', 'change_address', 'close', 'close_order', 'memo', 'modify_postage', 'modify_price', 'pay'],
      WAIT_SELLER_SEND_GOODS: ['change_address', 'memo', 'refund_order', 'ship'],
      WAIT_BUYER_CONFIRM_GOODS: ['auto_finish', 'confirm', 'delay_receive', 'memo', 'refund_order'],
      TRADE_FINISHED: ['memo'],
      TRADE_CLOSED_BY_TAOBAO: ['memo'],
      TRADE_CLOSED: ['memo'],
    });
  });

  it('leads each command to its next status', () => {
    expect(TRADE_MACHINE.WAIT_BUYER_PAY.pay?.to).toBe('WAIT_SELLER_SEND_GOODS');
    expect(TRADE_MACHINE.WAIT_BUYER_PAY.close?.to).toBe('TRADE_CLOSED_BY_TAOBAO');
    expect(TRADE_MACHINE.WAIT_BUYER_PAY.auto_close?.to).toBe('TRADE_CLOSED_BY_TAOBAO');
    expect(TRADE_MACHINE.WAIT_SELLER_SEND_GOODS.ship?.to).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect(TRADE_MACHINE.WAIT_BUYER_CONFIRM_GOODS.confirm?.to).toBe('TRADE_FINISHED');
    expect(TRADE_MACHINE.WAIT_BUYER_CONFIRM_GOODS.auto_finish?.to).toBe('TRADE_FINISHED');
    // Commands that edit the trade keep its status.
    expect(TRADE_MACHINE.WAIT_BUYER_PAY.modify_price?.to).toBeUndefined();
    expect(TRADE_MACHINE.WAIT_BUYER_CONFIRM_GOODS.delay_receive?.to).toBeUndefined();
  });

  it('refuses a command the status does not allow with 409, whoever asks', () => {
    for (const actor of [main, service, buyer, system]) {
      refusedWith(() => authorize('WAIT_SELLER_SEND_GOODS', 'modify_price', actor), 'TRADE_ACTION_NOT_ALLOWED', 409);
      refusedWith(() => authorize('WAIT_BUYER_CONFIRM_GOODS', 'change_address', actor), 'TRADE_ACTION_NOT_ALLOWED', 409);
      refusedWith(() => authorize('TRADE_FINISHED', 'confirm', actor), 'TRADE_ACTION_NOT_ALLOWED', 409);
      refusedWith(() => authorize('TRADE_CLOSED_BY_TAOBAO', 'pay', actor), 'TRADE_ACTION_NOT_ALLOWED', 409);
    }
  });

  it('refuses a caller without the right with 403', () => {
    refusedWith(() => authorize('WAIT_BUYER_PAY', 'modify_price', warehouse), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize('WAIT_SELLER_SEND_GOODS', 'change_address', service), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize('WAIT_SELLER_SEND_GOODS', 'ship', service), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize('WAIT_BUYER_PAY', 'modify_price', buyer), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize('WAIT_BUYER_PAY', 'pay', main), 'PERMISSION_DENIED', 403); // only the buyer pays
    refusedWith(() => authorize('WAIT_BUYER_PAY', 'auto_close', main), 'PERMISSION_DENIED', 403); // only the timer
    refusedWith(() => authorize('WAIT_BUYER_PAY', 'pay', system), 'PERMISSION_DENIED', 403);
    refusedWith(() => authorize('WAIT_BUYER_CONFIRM_GOODS', 'confirm', main), 'PERMISSION_DENIED', 403);
  });

  it('lets each holder of the right act', () => {
    expect(authorize('WAIT_BUYER_PAY', 'pay', buyer).to).toBe('WAIT_SELLER_SEND_GOODS');
    expect(() => authorize('WAIT_BUYER_PAY', 'change_address', buyer)).not.toThrow();
    expect(() => authorize('WAIT_BUYER_PAY', 'change_address', service)).not.toThrow();
    expect(() => authorize('WAIT_SELLER_SEND_GOODS', 'change_address', warehouse)).not.toThrow();
    expect(() => authorize('WAIT_SELLER_SEND_GOODS', 'ship', warehouse)).not.toThrow();
    expect(() => authorize('WAIT_BUYER_CONFIRM_GOODS', 'auto_finish', system)).not.toThrow();
    expect(() => authorize('WAIT_BUYER_CONFIRM_GOODS', 'delay_receive', service)).not.toThrow();
    expect(() => authorize('WAIT_SELLER_SEND_GOODS', 'ship', main)).not.toThrow(); // the main account holds every right
  });
});

describe('allowed_actions per caller', () => {
  const sorted = (a: string[]) => [...a].sort();

  it('shows the service agent the edits of an unpaid trade, and the warehouse only the memo', () => {
    expect(sorted(allowedActions(view('WAIT_BUYER_PAY'), C, service)))
      .toEqual(['change_address', 'close', 'close_order', 'memo', 'modify_postage', 'modify_price']);
    expect(allowedActions(view('WAIT_BUYER_PAY'), C, warehouse)).toEqual(['memo']);
    expect(allowedActions(view('WAIT_BUYER_PAY'), C, finance)).toEqual([]);
  });

  it('gives a paid trade to the warehouse: ship and address change; the agent may only write a memo', () => {
    expect(sorted(allowedActions(view('WAIT_SELLER_SEND_GOODS'), C, warehouse))).toEqual(['change_address', 'memo', 'ship']);
    expect(allowedActions(view('WAIT_SELLER_SEND_GOODS'), C, service)).toEqual(['memo']);
    expect(sorted(allowedActions(view('WAIT_SELLER_SEND_GOODS'), C, main))).toEqual(['change_address', 'memo', 'ship']);
  });

  it('lets the main account do every seller command, and never the buyer\'s or the timer\'s', () => {
    expect(sorted(allowedActions(view('WAIT_BUYER_PAY'), C, main)))
      .toEqual(['change_address', 'close', 'close_order', 'memo', 'modify_postage', 'modify_price']);
    expect(sorted(allowedActions(view('WAIT_BUYER_CONFIRM_GOODS'), C, main))).toEqual(['delay_receive', 'memo']);
    expect(allowedActions(view('TRADE_FINISHED'), C, main)).toEqual(['memo']);
  });

  it('shows the buyer only the buyer\'s commands', () => {
    expect(sorted(allowedActions(view('WAIT_BUYER_PAY'), C, buyer))).toEqual(['change_address', 'pay']);
    expect(allowedActions(view('WAIT_SELLER_SEND_GOODS'), C, buyer)).toEqual([]);
    expect(allowedActions(view('WAIT_BUYER_CONFIRM_GOODS'), C, buyer)).toEqual(['confirm']);
    expect(allowedActions(view('TRADE_CLOSED_BY_TAOBAO'), C, buyer)).toEqual([]);
  });

  it('hides the price change in a mall shop but keeps the postage change', () => {
    const actions = allowedActions(view('WAIT_BUYER_PAY'), B, main);
    expect(actions).not.toContain('modify_price');
    expect(actions).toContain('modify_postage');
  });

  it('offers closing one sub-order only when at least two are open', () => {
    expect(allowedActions(view('WAIT_BUYER_PAY', 1), C, service)).not.toContain('close_order');
    expect(allowedActions(view('WAIT_BUYER_PAY', 1), C, service)).toContain('close');
    expect(allowedActions(view('WAIT_BUYER_PAY', 2), C, service)).toContain('close_order');
  });

  it('stops offering the receipt extension once no extension fits under the cap', () => {
    expect(allowedActions(view('WAIT_BUYER_CONFIRM_GOODS', 1, 27), C, service)).toContain('delay_receive');
    expect(allowedActions(view('WAIT_BUYER_CONFIRM_GOODS', 1, 28), C, service)).not.toContain('delay_receive');
    expect(allowedActions(view('WAIT_BUYER_CONFIRM_GOODS', 1, 0), C, warehouse)).not.toContain('delay_receive');
  });
});

describe('totals', () => {
  it('adds the open sub-orders and the postage', () => {
    expect(totals(orders(), 1000)).toEqual({ total_fee: 25000, payment: 26000 });
    const oneClosed = orders().map((o) => (o.oid === 2 ? { ...o, status: 'TRADE_CLOSED_BY_TAOBAO' as const } : o));
    expect(totals(oneClosed, 1000)).toEqual({ total_fee: 20000, payment: 21000 });
  });
});

describe('price change', () => {
  it('recomputes the totals of a C-shop trade', () => {
    const next = decidePriceChange(C, unpaid, orders(), { oid: 2, price: 4000 }, service);
    expect(next).toMatchObject({ total_fee: 24000, payment: 25000 });
    expect(next.orders.find((o) => o.oid === 2)?.price).toBe(4000);
  });

  it('lets a price be 0 (for the main account) but never below 0', () => {
    expect(decidePriceChange(C, unpaid, orders(), { oid: 2, price: 0 }, main).payment).toBe(21000);
    refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 2, price: -1 }, main), 'PRICE_NEGATIVE', 400);
  });

  it('refuses any item price change in a mall shop, even for the main account', () => {
    refusedWith(() => decidePriceChange(B, unpaid, orders(), { oid: 2, price: 4900 }, main), 'MALL_PRICE_FIXED', 409);
  });

  it('needs the right and an unpaid trade', () => {
    refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 2, price: 4900 }, warehouse), 'PERMISSION_DENIED', 403);
    const paid = { ...unpaid, status: 'WAIT_SELLER_SEND_GOODS' as const };
    refusedWith(() => decidePriceChange(C, paid, orders('WAIT_SELLER_SEND_GOODS'), { oid: 2, price: 4900 }, main),
      'TRADE_ACTION_NOT_ALLOWED', 409);
  });

  it('refuses an unknown or closed sub-order', () => {
    refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 99, price: 4900 }, main), 'ORDER_NOT_FOUND', 404);
    const oneClosed = orders().map((o) => (o.oid === 2 ? { ...o, status: 'TRADE_CLOSED_BY_TAOBAO' as const } : o));
    refusedWith(() => decidePriceChange(C, unpaid, oneClosed, { oid: 2, price: 4900 }, main), 'ORDER_CLOSED', 409);
  });

  it('keeps a sub-account within its max discount of the payment at ordering, exactly at the limit allowed', () => {
    // 10% of 260.00 is 26.00: the payment may go down to 234.00 yuan, not one fen lower.
    expect(decidePriceChange(C, unpaid, orders(), { oid: 2, price: 2400 }, service).payment).toBe(23400);
    const e = refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 2, price: 2399 }, service), 'DISCOUNT_TOO_LARGE', 403);
    expect(e.details).toMatchObject({ max_discount_pct: 10, min_payment: 23400 });
  });

  it('measures the discount from the original prices, so small steps cannot add up past the limit', () => {
    const lowered = orders().map((o) => (o.oid === 1 ? { ...o, price: 9000 } : o)); // already −20.00
    expect(decidePriceChange(C, unpaid, lowered, { oid: 2, price: 4400 }, service).payment).toBe(23400);
    refusedWith(() => decidePriceChange(C, unpaid, lowered, { oid: 2, price: 4399 }, service), 'DISCOUNT_TOO_LARGE', 403);
  });

  it('does not limit the main account, nor a raise', () => {
    expect(decidePriceChange(C, unpaid, orders(), { oid: 1, price: 1 }, main).payment).toBe(6002);
    expect(decidePriceChange(C, unpaid, orders(), { oid: 1, price: 20000 }, service).payment).toBe(46000);
  });
});

describe('amounts too large to keep', () => {
  it('refuses a price or postage that would take a line or the payment past 2^31 − 1 fen', () => {
    refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 1, price: 1_073_741_824 }, main), 'AMOUNT_TOO_LARGE', 400);
    refusedWith(() => decidePriceChange(C, unpaid, orders(), { oid: 2, price: MAX_FEN - 20999 }, main), 'AMOUNT_TOO_LARGE', 400);
    expect(decidePriceChange(C, unpaid, orders(), { oid: 2, price: MAX_FEN - 21000 }, main).payment).toBe(MAX_FEN);
    refusedWith(() => decidePostageChange(unpaid, orders(), MAX_FEN, main), 'AMOUNT_TOO_LARGE', 400);
    expect(() => checkAmounts([{ price: MAX_FEN, num: 1 }], MAX_FEN)).not.toThrow();
  });
});

describe('max discount', () => {
  it('rounds the lowest payment up to the fen', () => {
    const agent = sub('service', { maxDiscountPct: 10 });
    expect(() => checkMaxDiscount(agent, 999, 900)).not.toThrow(); // floor is ceil(899.1) = 900
    refusedWith(() => checkMaxDiscount(agent, 999, 899), 'DISCOUNT_TOO_LARGE', 403);
    refusedWith(() => checkMaxDiscount(sub('service', { maxDiscountPct: 0 }), 1000, 999), 'DISCOUNT_TOO_LARGE', 403);
    expect(() => checkMaxDiscount(main, 1000, 0)).not.toThrow();
  });
});

describe('postage change', () => {
  it('may make the postage 0 in both kinds of shop, never below 0', () => {
    expect(decidePostageChange(unpaid, orders(), 0, main)).toEqual({ post_fee: 0, total_fee: 25000, payment: 25000 });
    refusedWith(() => decidePostageChange(unpaid, orders(), -1, main), 'POSTAGE_NEGATIVE', 400);
    expect(allowedActions(view('WAIT_BUYER_PAY'), B, service)).toContain('modify_postage');
  });

  it('counts towards the max discount and needs an unpaid trade and the right', () => {
    // 260.00 − 10% = 234.00: free postage (250.00) is within an agent's discount.
    expect(decidePostageChange(unpaid, orders(), 0, service).payment).toBe(25000);
    const cheap = orders().map((o) => ({ ...o, price: Math.round(o.price * 0.91) })); // 227.50 of items already
    refusedWith(() => decidePostageChange(unpaid, cheap, 0, service), 'DISCOUNT_TOO_LARGE', 403);
    refusedWith(() => decidePostageChange(unpaid, orders(), 0, warehouse), 'PERMISSION_DENIED', 403);
    refusedWith(() => decidePostageChange({ ...unpaid, status: 'WAIT_SELLER_SEND_GOODS' }, orders(), 0, main),
      'TRADE_ACTION_NOT_ALLOWED', 409);
  });
});

describe('closing', () => {
  it('closes the whole unpaid trade for a reason from the list', () => {
    const next = decideClose(unpaid, orders(), '买家不想买了', service);
    expect(next).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO', closedOids: [1, 2], total_fee: 0, payment: 0 });
    expect(next.orders.every((o) => o.status === 'TRADE_CLOSED_BY_TAOBAO')).toBe(true);
  });

  it('accepts every reason of the platform and nothing else', () => {
    for (const reason of CLOSE_REASONS) expect(decideClose(unpaid, orders(), reason, service).status).toBe('TRADE_CLOSED_BY_TAOBAO');
    refusedWith(() => decideClose(unpaid, orders(), '不想卖了', service), 'BAD_CLOSE_REASON', 400);
    refusedWith(() => decideClose(unpaid, orders(), '', service), 'BAD_CLOSE_REASON', 400);
  });

  it('closes one sub-order and recomputes the totals; the last open one closes the trade', () => {
    const first = decideClose(unpaid, orders(), '缺货', service, 2);
    expect(first).toMatchObject({ status: 'WAIT_BUYER_PAY', closedOids: [2], total_fee: 20000, payment: 21000 });
    const second = decideClose({ ...unpaid, openOrders: 1 }, first.orders, '缺货', service, 1);
    expect(second).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO', closedOids: [1], total_fee: 0, payment: 0 });
    refusedWith(() => decideClose(unpaid, first.orders, '缺货', service, 2), 'ORDER_CLOSED', 409);
    refusedWith(() => decideClose(unpaid, orders(), '缺货', service, 99), 'ORDER_NOT_FOUND', 404);
  });

  it('is refused after payment, and to a caller without the right', () => {
    const paid = { ...unpaid, status: 'WAIT_SELLER_SEND_GOODS' as const };
    refusedWith(() => decideClose(paid, orders('WAIT_SELLER_SEND_GOODS'), '缺货', main), 'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideClose(paid, orders('WAIT_SELLER_SEND_GOODS'), '缺货', main, 1), 'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideClose(unpaid, orders(), '缺货', warehouse), 'PERMISSION_DENIED', 403);
    refusedWith(() => decideClose(unpaid, orders(), '缺货', buyer), 'PERMISSION_DENIED', 403);
  });

  it('lets the timer close an unpaid trade, and only an unpaid one', () => {
    expect(decideClose(unpaid, orders(), '未及时付款', system).status).toBe('TRADE_CLOSED_BY_TAOBAO');
    const paid = { ...unpaid, status: 'WAIT_SELLER_SEND_GOODS' as const };
    refusedWith(() => decideClose(paid, orders('WAIT_SELLER_SEND_GOODS'), '未及时付款', system), 'TRADE_ACTION_NOT_ALLOWED', 409);
  });
});

describe('memo and flag', () => {
  const trade = { ...view('WAIT_SELLER_SEND_GOODS'), flag: 0 };

  it('takes up to 1000 bytes of memo, counted in UTF-8', () => {
    expect(decideMemo(trade, 'a'.repeat(1000), 0, service).memo).toHaveLength(1000);
    expect(decideMemo(trade, '中'.repeat(333), 0, service).memo).toHaveLength(333); // 999 bytes
    refusedWith(() => decideMemo(trade, 'a'.repeat(1001), 0, service), 'MEMO_TOO_LONG', 400);
    refusedWith(() => decideMemo(trade, '中'.repeat(334), 0, service), 'MEMO_TOO_LONG', 400); // 1002 bytes
  });

  it('takes flags 0 to 5 only', () => {
    refusedWith(() => decideMemo(trade, '', 6, main), 'BAD_FLAG', 400);
    refusedWith(() => decideMemo(trade, '', -1, main), 'BAD_FLAG', 400);
    refusedWith(() => decideMemo(trade, '', 1.5, main), 'BAD_FLAG', 400);
  });

  it('lets each team raise its own colours: red and purple the agents, yellow, green and blue the warehouse', () => {
    for (const flag of [1, 5]) {
      expect(decideMemo(trade, '', flag, service).flag).toBe(flag);
      refusedWith(() => decideMemo(trade, '', flag, warehouse), 'FLAG_NOT_YOURS', 403);
    }
    for (const flag of [2, 3, 4]) {
      expect(decideMemo(trade, '', flag, warehouse).flag).toBe(flag);
      refusedWith(() => decideMemo(trade, '', flag, service), 'FLAG_NOT_YOURS', 403);
      refusedWith(() => decideMemo(trade, '', flag, aftersales), 'FLAG_NOT_YOURS', 403);
    }
  });

  it('lets the main account and a supervisor raise any colour, and anyone lower the flag', () => {
    for (const flag of [0, 1, 2, 3, 4, 5]) {
      expect(decideMemo(trade, '', flag, main).flag).toBe(flag);
      expect(decideMemo(trade, '', flag, supervisor).flag).toBe(flag);
    }
    expect(decideMemo({ ...trade, flag: 1 }, 'done', 0, warehouse).flag).toBe(0);
  });

  it('lets a team write a memo under a flag another team raised, keeping it', () => {
    expect(decideMemo({ ...trade, flag: 1 }, '已改收货人', 1, warehouse)).toEqual({ memo: '已改收货人', flag: 1 });
    expect(decideMemo({ ...trade, flag: 2 }, '已告知买家', 2, service)).toEqual({ memo: '已告知买家', flag: 2 });
  });

  it('is open in every status but needs the right', () => {
    for (const status of TRADE_STATUSES) expect(() => decideMemo({ ...view(status), flag: 0 }, 'x', 0, service)).not.toThrow();
    refusedWith(() => decideMemo(trade, 'x', 0, finance), 'PERMISSION_DENIED', 403);
  });
});

describe('shipping', () => {
  const paid = view('WAIT_SELLER_SEND_GOODS');

  it('ships a paid trade with a known courier and a tracking number; the buyer then has 10 days', () => {
    const next = decideShip(paid, { company_code: 'SF', out_sid: 'SF1234567890' }, warehouse, NOW);
    expect(next).toEqual({ status: 'WAIT_BUYER_CONFIRM_GOODS', consign_time: NOW, autoFinishAt: new Date(NOW.getTime() + 10 * DAY) });
  });

  it('refuses an unknown courier or a malformed tracking number', () => {
    refusedWith(() => decideShip(paid, { company_code: 'XX', out_sid: 'SF1234567890' }, warehouse, NOW), 'BAD_COMPANY_CODE', 400);
    refusedWith(() => decideShip(paid, { company_code: 'toString', out_sid: 'SF1234567890' }, warehouse, NOW), 'BAD_COMPANY_CODE', 400);
    for (const out_sid of ['12345', 'SF 123456', 'SF123456/7', 'x'.repeat(41)]) {
      refusedWith(() => decideShip(paid, { company_code: 'SF', out_sid }, warehouse, NOW), 'BAD_OUT_SID', 400);
    }
    expect(() => decideShip(paid, { company_code: 'EMS', out_sid: 'E-123456' }, warehouse, NOW)).not.toThrow();
  });

  it('ships only a paid trade, and only with the right', () => {
    refusedWith(() => decideShip(view('WAIT_BUYER_PAY'), { company_code: 'SF', out_sid: 'SF1234567890' }, main, NOW),
      'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideShip(view('WAIT_BUYER_CONFIRM_GOODS'), { company_code: 'SF', out_sid: 'SF1234567890' }, main, NOW),
      'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideShip(paid, { company_code: 'SF', out_sid: 'SF1234567890' }, service, NOW), 'PERMISSION_DENIED', 403);
  });
});

describe('receipt extension', () => {
  const shipped = { ...view('WAIT_BUYER_CONFIRM_GOODS'), consign_time: NOW };

  it('extends by 3, 5, 7 or 10 days and moves the automatic receipt by as much', () => {
    for (const days of [3, 5, 7, 10]) {
      expect(decideReceiveDelay(shipped, days, service))
        .toEqual({ receive_delay_days: days, autoFinishAt: new Date(NOW.getTime() + (10 + days) * DAY) });
    }
    for (const days of [0, 1, 4, 6, 14, -3]) refusedWith(() => decideReceiveDelay(shipped, days, service), 'BAD_DELAY_DAYS', 400);
  });

  it('adds extensions up, to 30 days at most', () => {
    const after27 = { ...shipped, receiveDelayDays: 27 };
    expect(decideReceiveDelay(after27, 3, service)).toEqual({
      receive_delay_days: 30, autoFinishAt: new Date(NOW.getTime() + 40 * DAY),
    });
    refusedWith(() => decideReceiveDelay(after27, 5, service), 'DELAY_LIMIT_REACHED', 409);
  });

  it('needs a shipped trade and the right', () => {
    refusedWith(() => decideReceiveDelay({ ...shipped, status: 'WAIT_SELLER_SEND_GOODS' }, 3, service), 'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decideReceiveDelay(shipped, 3, warehouse), 'PERMISSION_DENIED', 403);
  });
});

describe('timers', () => {
  it('closes an unpaid trade after the shop\'s limit and finishes a shipped one 10 days (plus extensions) after shipping', () => {
    expect(autoCloseAt(NOW, 24)).toEqual(new Date('2026-11-02T02:00:00Z'));
    expect(autoCloseAt(NOW, 1)).toEqual(new Date('2026-11-01T03:00:00Z'));
    expect(autoFinishAt(NOW, 0)).toEqual(new Date('2026-11-11T02:00:00Z'));
    expect(autoFinishAt(NOW, 7)).toEqual(new Date('2026-11-18T02:00:00Z'));
  });
});

describe('payment', () => {
  const trade = { ...view('WAIT_BUYER_PAY'), payment: 26000 };

  it('takes the buyer\'s payment of the amount due', () => {
    expect(decidePay(trade, buyer, 26000)).toEqual({ status: 'WAIT_SELLER_SEND_GOODS' });
    expect(decidePay(trade, buyer)).toEqual({ status: 'WAIT_SELLER_SEND_GOODS' });
  });

  it('refuses a payment of an amount that is no longer due', () => {
    const e = refusedWith(() => decidePay(trade, buyer, 25000), 'PAYMENT_CHANGED', 409);
    expect(e.details).toEqual({ payment: 26000 });
  });

  it('refuses paying twice or paying a closed trade', () => {
    refusedWith(() => decidePay({ ...trade, status: 'WAIT_SELLER_SEND_GOODS' }, buyer, 26000), 'TRADE_ACTION_NOT_ALLOWED', 409);
    refusedWith(() => decidePay({ ...trade, status: 'TRADE_CLOSED_BY_TAOBAO' }, buyer, 26000), 'TRADE_ACTION_NOT_ALLOWED', 409);
  });
});
