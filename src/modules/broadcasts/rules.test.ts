import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  checkCancellable, checkCanStart, checkHasRecipients, checkText, decideRecipient, deliveryPlan, progressOf, renderText,
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

describe('pacing', () => {
  it('sends a batch a second at most the rate allows, and slower one by one below 60 a minute', () => {
    expect(deliveryPlan(600)).toEqual({ batchSize: 10, intervalMs: 1000 });
    expect(deliveryPlan(120)).toEqual({ batchSize: 2, intervalMs: 1000 });
    expect(deliveryPlan(60)).toEqual({ batchSize: 1, intervalMs: 1000 });
    expect(deliveryPlan(30)).toEqual({ batchSize: 1, intervalMs: 2000 });
    expect(deliveryPlan(7)).toEqual({ batchSize: 1, intervalMs: 8572 });
    expect(deliveryPlan(6000)).toEqual({ batchSize: 100, intervalMs: 1000 });
    // Never faster than asked.
    for (let rate = 1; rate <= 6000; rate += 37) {
      const { batchSize, intervalMs } = deliveryPlan(rate);
      expect(batchSize * (60_000 / intervalMs)).toBeLessThanOrEqual(rate);
    }
  });
});

describe('recipients', () => {
  it('skips who opted out, fails who has no account here, sends to the others', () => {
    expect(decideRecipient({ optOut: true, buyerId: 1 })).toEqual({ send: false, status: 'skipped_opt_out', reason: null });
    expect(decideRecipient({ optOut: true, buyerId: null })).toMatchObject({ status: 'skipped_opt_out' });
    expect(decideRecipient({ optOut: false, buyerId: null })).toEqual({ send: false, status: 'failed', reason: 'NO_BUYER_ACCOUNT' });
    expect(decideRecipient({ optOut: false, buyerId: 7 })).toEqual({ send: true });
  });

  it('puts the buyer\'s nick where the text says {买家}', () => {
    expect(renderText('亲爱的{买家}，{买家}专享', '小王')).toBe('亲爱的小王，小王专享');
  });
});

describe('starting and stopping', () => {
  it('refuses empty or long text, a fourth broadcast at once, an empty segment, and cancelling a finished one', () => {
    expect(checkText('  上新啦  ')).toBe('上新啦');
    expect(code(() => checkText('  '))).toBe('BROADCAST_TEXT_EMPTY');
    expect(code(() => checkText('长'.repeat(501)))).toBe('BROADCAST_TEXT_TOO_LONG');
    expect(checkText('{买家}'.repeat(5))).toBe('{买家}'.repeat(5));
    expect(code(() => checkText('{买家}'.repeat(6)))).toBe('BROADCAST_TEXT_INVALID');
    expect(() => checkCanStart(2)).not.toThrow();
    expect(code(() => checkCanStart(3))).toBe('TOO_MANY_BROADCASTS');
    expect(code(() => checkHasRecipients(0))).toBe('BROADCAST_NO_RECIPIENTS');
    expect(() => checkCancellable('sending')).not.toThrow();
    expect(code(() => checkCancellable('done'))).toBe('BROADCAST_NOT_CANCELLABLE');
    expect(code(() => checkCancellable('cancelled'))).toBe('BROADCAST_NOT_CANCELLABLE');
  });

  it('counts what is pending and how far it went', () => {
    expect(progressOf({ total: 10, sent: 5, skipped_opt_out: 1, failed: 1 })).toEqual({ pending: 3, percent: 70 });
    expect(progressOf({ total: 0, sent: 0, skipped_opt_out: 0, failed: 0 })).toEqual({ pending: 0, percent: 100 });
  });
});
