import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  checkLevels, checkRule, checkStatsRange, countsAsPurchase, DEFAULT_LEVELS, levelOf, mergeContacts, repurchaseRate,
  resolveRule, spendRanges,
} from './rules.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected a refusal');
};

describe('what counts as a purchase', () => {
  it('counts paid trades that are not refunded or closed', () => {
    const paid = new Date();
    expect(countsAsPurchase('WAIT_SELLER_SEND_GOODS', paid)).toBe(true);
    expect(countsAsPurchase('WAIT_BUYER_CONFIRM_GOODS', paid)).toBe(true);
    expect(countsAsPurchase('TRADE_FINISHED', paid)).toBe(true);
    expect(countsAsPurchase('TRADE_CLOSED', paid)).toBe(false); // refunded in full
    expect(countsAsPurchase('TRADE_CLOSED_BY_TAOBAO', null)).toBe(false);
    expect(countsAsPurchase('WAIT_BUYER_PAY', null)).toBe(false);
    expect(countsAsPurchase('TRADE_FINISHED', null)).toBe(false);
  });
});

describe('membership levels', () => {
  it('accepts the defaults and trims names', () => {
    expect(checkLevels(DEFAULT_LEVELS)).toEqual(DEFAULT_LEVELS);
    expect(checkLevels([{ name: ' 会员 ', minSpend: 0 }])).toEqual([{ name: '会员', minSpend: 0 }]);
  });

  it('refuses empty, repeated, unordered, negative or fractional levels', () => {
    expect(code(() => checkLevels([]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels([{ name: 'A', minSpend: 0 }, { name: 'A', minSpend: 10 }]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels([{ name: 'A', minSpend: 10 }, { name: 'B', minSpend: 10 }]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels([{ name: 'A', minSpend: -1 }]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels([{ name: 'A', minSpend: 1.5 }]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels([{ name: '  ', minSpend: 0 }]))).toBe('CUSTOMER_LEVELS_INVALID');
    expect(code(() => checkLevels(Array.from({ length: 11 }, (_, i) => ({ name: `L${i}`, minSpend: i }))))).toBe('CUSTOMER_LEVELS_INVALID');
  });

  it('gives the highest level a spend reaches, and what the next one needs', () => {
    expect(levelOf(DEFAULT_LEVELS, 0)).toEqual({ level: DEFAULT_LEVELS[0], next: DEFAULT_LEVELS[1], toNext: 100_000 });
    expect(levelOf(DEFAULT_LEVELS, 99_999).level!.name).toBe('普通会员');
    expect(levelOf(DEFAULT_LEVELS, 100_000).level!.name).toBe('高级会员');
    expect(levelOf(DEFAULT_LEVELS, 5_000_000)).toEqual({ level: DEFAULT_LEVELS[3], next: null, toNext: null });
    // Below a first threshold above zero: no level yet.
    expect(levelOf([{ name: '会员', minSpend: 100 }], 99)).toEqual({ level: null, next: { name: '会员', minSpend: 100 }, toNext: 1 });
  });

  it('turns level names into spend ranges, adjacent ones merged, unknown names matching nobody', () => {
    expect(spendRanges(DEFAULT_LEVELS, ['高级会员'])).toEqual([{ min: 100_000, max: 500_000 }]);
    expect(spendRanges(DEFAULT_LEVELS, ['高级会员', 'VIP'])).toEqual([{ min: 100_000, max: 2_000_000 }]);
    expect(spendRanges(DEFAULT_LEVELS, ['普通会员', '至尊VIP'])).toEqual([{ min: 0, max: 100_000 }, { min: 2_000_000, max: null }]);
    expect(spendRanges(DEFAULT_LEVELS, ['钻石'])).toEqual([]);
  });
});

describe('repurchase rate', () => {
  it('is repeat buyers over buyers, rounded to four places, and null without buyers', () => {
    expect(repurchaseRate(0, 0)).toBeNull();
    expect(repurchaseRate(3, 1)).toBe(0.3333);
    expect(repurchaseRate(4, 4)).toBe(1);
  });
});

describe('segment rules', () => {
  const now = new Date('2026-06-30T00:00:00Z');
  it('must narrow something', () => {
    expect(code(() => checkRule({}))).toBe('SEGMENT_RULE_EMPTY');
    expect(code(() => checkRule({ tag_ids: [], tag_match: 'all' }))).toBe('SEGMENT_RULE_EMPTY');
    expect(code(() => checkRule({ min_spend: 10, max_spend: 5 }))).toBe('SEGMENT_RULE_INVALID');
    expect(code(() => checkRule({ last_purchase_from: '2026-02-01T00:00:00Z', last_purchase_to: '2026-01-01T00:00:00Z' })))
      .toBe('SEGMENT_RULE_INVALID');
    expect(checkRule({ min_spend: 0 })).toEqual({ min_spend: 0 });
  });

  it('resolves levels to spend and relative windows to dates, intersecting with absolute ones', () => {
    const f = resolveRule({
      levels: ['VIP'], tag_ids: [3, 3, 4], last_purchase_within_days: 30, last_purchase_before_days: 7,
      last_purchase_from: '2026-06-15T00:00:00Z', bought_num_iids: [9, 9],
    }, DEFAULT_LEVELS, now);
    expect(f).toEqual({
      spendRanges: [{ min: 500_000, max: 2_000_000 }], tagIds: [3, 4], tagMatch: 'any',
      lastPurchaseFrom: new Date('2026-06-15T00:00:00Z'), lastPurchaseTo: new Date('2026-06-23T00:00:00Z'),
      boughtNumIids: [9],
    });
    expect(resolveRule({ last_purchase_within_days: 10, last_purchase_from: '2026-01-01T00:00:00Z' }, DEFAULT_LEVELS, now).lastPurchaseFrom)
      .toEqual(new Date('2026-06-20T00:00:00Z'));
  });
});

describe('contacts', () => {
  it('lists the seller\'s record, the account, then receivers by recency, each number once', () => {
    const contacts = mergeContacts('13900000001', '13900000002', [
      { receiver_mobile: '13900000003', receiver_name: '甲', last_used: new Date('2026-01-01') },
      { receiver_mobile: '13900000001', receiver_name: '乙', last_used: new Date('2026-03-01') },
      { receiver_mobile: '13900000004', receiver_name: '丙', last_used: new Date('2026-02-01') },
    ]);
    expect(contacts.map((c) => [c.mobile, c.source])).toEqual([
      ['13900000001', 'profile'], ['13900000002', 'account'], ['13900000004', 'receiver'], ['13900000003', 'receiver'],
    ]);
  });
});

describe('statistics range', () => {
  it('refuses an empty or reversed range and too many periods', () => {
    const a = new Date('2026-01-01T00:00:00Z');
    expect(code(() => checkStatsRange(a, a, 'day'))).toBe('STATS_RANGE_INVALID');
    expect(code(() => checkStatsRange(a, new Date('2027-06-01T00:00:00Z'), 'day'))).toBe('STATS_RANGE_TOO_LONG');
    expect(() => checkStatsRange(a, new Date('2027-06-01T00:00:00Z'), 'month')).not.toThrow();
  });
});
