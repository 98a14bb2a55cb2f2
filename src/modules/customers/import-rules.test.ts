import { describe, expect, it } from 'vitest';
import {
  detectKind, importState, mapColumns, parseCustomerRow, parseMobile, parseStatus, parseTags, parseTime, parseTradeRow,
  parseYuan,
} from './import-rules.ts';

const value = <T>(p: { ok: true; value: T } | { ok: false }) => {
  expect(p.ok).toBe(true);
  return (p as { value: T }).value;
};
const errorCode = (p: { ok: boolean; error?: { code: string } }) => {
  expect(p.ok).toBe(false);
  return p.error!.code;
};

describe('yuan to fen', () => {
  it('converts by the digits, exactly, for every cent', () => {
    for (let cents = 0; cents < 100; cents++) {
      const text = `123.${String(cents).padStart(2, '0')}`;
      expect(value(parseYuan(text))).toBe(12_300 + cents);
    }
    expect(value(parseYuan('19.99'))).toBe(1999);
    expect(value(parseYuan('0.1'))).toBe(10);
    expect(value(parseYuan('8'))).toBe(800);
    expect(value(parseYuan('¥1,234.50'))).toBe(123_450);
    expect(value(parseYuan('￥0.07'))).toBe(7);
  });

  it('refuses negative, over-precise and non-numeric amounts', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1.', '.5', '1,23.00', '1e3']) expect(errorCode(parseYuan(bad)), bad).toBe('PAYMENT_INVALID');
  });
});

describe('times in the shop\'s zone', () => {
  it('reads exported wall-clock times in Asia/Shanghai', () => {
    expect(value(parseTime('2024-03-05 14:22:01', 'Asia/Shanghai')).toISOString()).toBe('2024-03-05T06:22:01.000Z');
    expect(value(parseTime('2024/3/5 8:05', 'Asia/Shanghai')).toISOString()).toBe('2024-03-05T00:05:00.000Z');
    expect(value(parseTime('2024-03-05', 'Asia/Shanghai')).toISOString()).toBe('2024-03-04T16:00:00.000Z');
    expect(value(parseTime('2024年3月5日 10:00', 'Asia/Shanghai')).toISOString()).toBe('2024-03-05T02:00:00.000Z');
    expect(value(parseTime('2024-03-05T14:22:01Z', 'Asia/Shanghai')).toISOString()).toBe('2024-03-05T14:22:01.000Z');
  });

  it('follows a zone with daylight saving', () => {
    expect(value(parseTime('2024-07-01 12:00', 'Europe/Berlin')).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect(value(parseTime('2024-01-01 12:00', 'Europe/Berlin')).toISOString()).toBe('2024-01-01T11:00:00.000Z');
  });

  it('refuses impossible dates and other shapes', () => {
    for (const bad of ['2024-02-30 10:00', '2024-13-01', '2024-03-05 25:00', 'yesterday', '05/03/2024']) {
      expect(errorCode(parseTime(bad, 'Asia/Shanghai')), bad).toBe('TIME_INVALID');
    }
  });
});

describe('columns', () => {
  it('tells customers from trades by the header, in English or Chinese', () => {
    expect(detectKind(['订单编号', '买家会员名'])).toBe('trades');
    expect(detectKind(['Nick', 'Mobile'])).toBe('customers');
    expect(detectKind(['买家昵称', '手机'])).toBe('customers');
    expect(detectKind(['foo'])).toBeUndefined();
  });

  it('names the required columns that are missing', () => {
    expect(mapColumns('trades', ['tid', 'buyer_nick', 'created']).missing).toEqual(['status', 'payment', 'title', 'num']);
    const { map, missing } = mapColumns('customers', ['备注', '买家昵称', 'Mobile']);
    expect(missing).toEqual([]);
    expect(map).toEqual({ nick: 1, mobile: 2, notes: 0 });
  });
});

describe('rows', () => {
  const customers = mapColumns('customers', ['nick', 'mobile', 'tags', 'notes', 'opt_out']).map;
  const trades = mapColumns('trades', ['tid', 'buyer_nick', 'created', 'pay_time', 'status', 'payment', 'title', 'num']).map;
  const now = new Date('2025-01-01T00:00:00Z');

  it('reads a customer, keeping absent values absent', () => {
    expect(value(parseCustomerRow(['小王', '+86 138-0013-8000', '老客;VIP、老客', '爱穿M码', '是'], customers)))
      .toEqual({ nick: '小王', mobile: '13800138000', tags: ['老客', 'VIP'], notes: '爱穿M码', optOut: true });
    expect(value(parseCustomerRow(['小王', '', '', '', ''], customers))).toEqual({ nick: '小王', tags: [], optOut: false });
    expect(value(parseCustomerRow(['小王'], mapColumns('customers', ['nick']).map))).toEqual({ nick: '小王', tags: [] });
  });

  it('refuses a customer row with a bad nick, mobile or flag', () => {
    expect(errorCode(parseCustomerRow(['', '', '', '', ''], customers))).toBe('NICK_REQUIRED');
    expect(errorCode(parseCustomerRow(['a b', '', '', '', ''], customers))).toBe('NICK_INVALID');
    expect(errorCode(parseCustomerRow(['小王', '12345', '', '', ''], customers))).toBe('MOBILE_INVALID');
    expect(errorCode(parseCustomerRow(['小王', '', '', '', 'maybe'], customers))).toBe('OPT_OUT_INVALID');
    expect(errorCode(parseTags('x'.repeat(21)))).toBe('TAG_INVALID');
  });

  it('reads a historical trade with its status in Chinese', () => {
    expect(value(parseTradeRow(['3001', '小王', '2024-03-05 14:22:01', '2024-03-05 14:30:00', '交易成功', '19.99', '纯棉T恤', '2'],
      trades, 'Asia/Shanghai', now))).toEqual({
      tid: '3001', nick: '小王', status: 'TRADE_FINISHED', created: new Date('2024-03-05T06:22:01Z'),
      payTime: new Date('2024-03-05T06:30:00Z'), payment: 1999, title: '纯棉T恤', num: 2, numIid: null,
    });
  });

  it('refuses inconsistent trades', () => {
    const row = (over: Partial<Record<number, string>>) => {
      const base = ['3001', '小王', '2024-03-05 14:22:01', '2024-03-05 14:30:00', '交易成功', '19.99', '纯棉T恤', '2'];
      return parseTradeRow(base.map((v, i) => over[i] ?? v), trades, 'Asia/Shanghai', now);
    };
    expect(errorCode(row({ 0: '12ab' }))).toBe('TID_INVALID');
    expect(errorCode(row({ 3: '' }))).toBe('PAY_TIME_REQUIRED');
    expect(errorCode(row({ 4: '等待买家付款' }))).toBe('PAY_TIME_UNEXPECTED');
    expect(errorCode(row({ 3: '2024-03-05 14:00:00' }))).toBe('PAY_TIME_BEFORE_CREATED');
    expect(errorCode(row({ 2: '2030-01-01 00:00:00', 3: '' , 4: '等待买家付款' }))).toBe('TIME_IN_FUTURE');
    expect(errorCode(row({ 4: '发货中' }))).toBe('STATUS_INVALID');
    expect(errorCode(row({ 5: '-3' }))).toBe('PAYMENT_INVALID');
    expect(errorCode(row({ 7: '0' }))).toBe('NUM_INVALID');
    expect(errorCode(row({ 6: '' }))).toBe('TITLE_INVALID');
  });

  it('knows the statuses of sellers\' exports', () => {
    expect(value(parseStatus('买家已付款，等待卖家发货'))).toBe('WAIT_SELLER_SEND_GOODS');
    expect(value(parseStatus('卖家已发货，等待买家确认'))).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect(value(parseStatus('交易关闭（已退款）'))).toBe('TRADE_CLOSED');
    expect(value(parseStatus('trade_finished'))).toBe('TRADE_FINISHED');
  });

  it('accepts a mobile written with +86 and dashes', () => {
    expect(value(parseMobile('+86 139-1234-5678'))).toBe('13912345678');
    expect(value(parseMobile('8613912345678'))).toBe('13912345678');
  });
});

describe('import state', () => {
  it('calls a running import that stopped moving interrupted', () => {
    const now = new Date('2025-01-01T00:10:00Z');
    expect(importState({ status: 'running', updated_at: new Date('2025-01-01T00:09:00Z') }, now)).toBe('running');
    expect(importState({ status: 'running', updated_at: new Date('2025-01-01T00:05:00Z') }, now)).toBe('interrupted');
    expect(importState({ status: 'done', updated_at: new Date('2025-01-01T00:00:00Z') }, now)).toBe('done');
  });
});
