import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  canChange, checkContent, checkPeriod, decideChange, decideCloseFollowup, decideContact, decideReviews, rateable, withRates,
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
const DAY = 86_400_000;
const finished = new Date('2026-11-01T02:00:00Z');
const after = (days: number, ms = 0) => new Date(finished.getTime() + days * DAY + ms);
const trade = { status: 'TRADE_FINISHED', end_time: finished };
const orders = [
  { oid: 1, status: 'TRADE_FINISHED', end_time: finished },
  { oid: 2, status: 'TRADE_FINISHED', end_time: finished },
  { oid: 3, status: 'TRADE_CLOSED', end_time: after(1) }, // refunded after finishing
];

describe('giving reviews', () => {
  it('rates finished sub-orders up to 15 days after the trade finished, not a moment later', () => {
    const good = [{ oid: 1, result: 'good' as const, content: '' }];
    expect(decideReviews(trade, orders, new Set(), good, after(15, -1))).toEqual([{ ...good[0], followUp: false }]);
    expect(code(() => decideReviews(trade, orders, new Set(), good, after(15)))).toBe('REVIEW_WINDOW_CLOSED');
    expect(code(() => decideReviews({ ...trade, status: 'WAIT_BUYER_CONFIRM_GOODS' },
      orders.map((o) => ({ ...o, status: 'WAIT_BUYER_CONFIRM_GOODS', end_time: null })), new Set(), good, after(1)))).toBe('ORDER_NOT_FINISHED');
  });
  it('does not rate a refunded sub-order, one of another trade, one twice, or one rated already', () => {
    expect(code(() => decideReviews(trade, orders, new Set(), [{ oid: 3, result: 'good', content: '' }], after(2)))).toBe('ORDER_NOT_FINISHED');
    expect(code(() => decideReviews(trade, orders, new Set(), [{ oid: 9, result: 'good', content: '' }], after(2)))).toBe('ORDER_NOT_FOUND');
    expect(code(() => decideReviews(trade, orders, new Set(), [
      { oid: 1, result: 'good', content: '' }, { oid: 1, result: 'bad', content: 'x' }], after(2)))).toBe('DUPLICATE_OID');
    expect(code(() => decideReviews(trade, orders, new Set([1]), [{ oid: 1, result: 'good', content: '' }], after(2)))).toBe('REVIEW_EXISTS');
  });
  it('asks a neutral or bad review for words, and opens a follow-up for it', () => {
    expect(code(() => checkContent('bad', '  '))).toBe('REVIEW_CONTENT_REQUIRED');
    expect(code(() => checkContent('neutral', ''))).toBe('REVIEW_CONTENT_REQUIRED');
    expect(code(() => checkContent('good', '好'.repeat(501)))).toBe('REVIEW_CONTENT_TOO_LONG');
    expect(() => checkContent('good', '好'.repeat(500))).not.toThrow();
    expect(decideReviews(trade, orders, new Set(), [
      { oid: 1, result: 'bad', content: '破了' }, { oid: 2, result: 'neutral', content: '一般' }], after(1)).map((r) => r.followUp))
      .toEqual([true, true]);
  });
  it('lists what is left to rate', () => {
    expect(rateable(trade, orders, new Set([2]), after(3)).map((o) => o.oid)).toEqual([1]);
    expect(rateable(trade, orders, new Set(), after(15))).toEqual([]);
  });
});

describe('changing a review', () => {
  const bad = { result: 'bad' as const, changed_at: null, created_at: finished };
  it('changes a neutral or bad review to good, once, within 30 days of giving it', () => {
    expect(decideChange(bad, 'good', after(30, -1))).toEqual({ result: 'good', changed_at: after(30, -1) });
    expect(decideChange({ ...bad, result: 'neutral' }, 'good', after(1))).toMatchObject({ result: 'good' });
    expect(code(() => decideChange(bad, 'good', after(30)))).toBe('REVIEW_CHANGE_WINDOW_CLOSED');
    expect(code(() => decideChange({ ...bad, changed_at: after(1) }, 'good', after(2)))).toBe('REVIEW_ALREADY_CHANGED');
  });
  it('never to neutral or bad, and never a good review', () => {
    expect(code(() => decideChange(bad, 'neutral', after(1)))).toBe('REVIEW_CHANGE_TO_GOOD_ONLY');
    expect(code(() => decideChange({ ...bad, result: 'neutral' }, 'bad', after(1)))).toBe('REVIEW_CHANGE_TO_GOOD_ONLY');
    expect(code(() => decideChange({ ...bad, result: 'good' }, 'bad', after(1)))).toBe('REVIEW_ALREADY_GOOD');
  });
  it('tells the buyer when a change is still possible', () => {
    expect(canChange(bad, after(29))).toBe(true);
    expect(canChange(bad, after(30))).toBe(false);
    expect(canChange({ ...bad, changed_at: after(1) }, after(2))).toBe(false);
    expect(canChange({ ...bad, result: 'good' }, after(1))).toBe(false);
  });
});

describe('follow-ups', () => {
  it('notes contacts until closed, closes once, and "resolved" only after a contact', () => {
    expect(decideContact({ status: 'open' })).toEqual({ status: 'contacted' });
    expect(code(() => decideContact({ status: 'closed' }))).toBe('FOLLOWUP_CLOSED');
    expect(code(() => decideCloseFollowup({ status: 'open', contacts: 0 }, { result: 'bad' }, 'resolved'))).toBe('FOLLOWUP_NOT_CONTACTED');
    expect(decideCloseFollowup({ status: 'contacted', contacts: 1 }, { result: 'bad' }, 'unresolved')).toEqual({ status: 'closed', outcome: 'unresolved' });
    expect(code(() => decideCloseFollowup({ status: 'closed', contacts: 1 }, { result: 'bad' }, 'resolved'))).toBe('FOLLOWUP_CLOSED');
  });
  it('closes as "changed to good" only when the review is good now', () => {
    expect(decideCloseFollowup({ status: 'open', contacts: 0 }, { result: 'good' }, 'changed_to_good')).toMatchObject({ outcome: 'changed_to_good' });
    expect(code(() => decideCloseFollowup({ status: 'open', contacts: 1 }, { result: 'bad' }, 'changed_to_good'))).toBe('REVIEW_NOT_CHANGED');
  });
});

describe('statistics', () => {
  it('gives the good rate to four places, none without reviews', () => {
    expect(withRates({ good: 2, neutral: 0, bad: 1 })).toEqual({ good: 2, neutral: 0, bad: 1, total: 3, good_rate: 0.6667 });
    expect(withRates({ good: 0, neutral: 0, bad: 0 }).good_rate).toBeNull();
  });
  it('takes a period that ends after it starts, a year at most', () => {
    expect(code(() => checkPeriod(finished, finished))).toBe('BAD_PERIOD');
    expect(code(() => checkPeriod(finished, after(367)))).toBe('PERIOD_TOO_LONG');
    expect(() => checkPeriod(finished, after(366))).not.toThrow();
  });
});
