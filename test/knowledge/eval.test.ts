import { describe, expect, it } from 'vitest';
import { largeShopIndex } from '../../bench/knowledge.ts';
import { demoKnowledgeEntries } from '../../src/seed/knowledge-demo.ts';
import { normalize } from '../../src/modules/knowledge/text.ts';
import { EVAL_HOLDOUT, EVAL_SET } from './eval-set.ts';
import { contextOf, demoIndex, evaluate } from './evaluate.ts';

const compact = (s: string) => normalize(s).replace(/\s+/g, '');

describe('the labelled buyer questions', () => {
  it('are at least 300, each labelled with an entry or field that exists, none copied from the entries', () => {
    const entries = demoKnowledgeEntries();
    expect(entries.length).toBeGreaterThanOrEqual(60);
    const questions = new Set(entries.map((e) => e.question));
    const written = new Set(entries.flatMap((e) => [e.question, ...e.similar]).map(compact));
    const labelled = EVAL_SET.filter((q) => q.expect !== null);
    expect(labelled.length).toBeGreaterThanOrEqual(300);
    for (const q of [...EVAL_SET, ...EVAL_HOLDOUT]) {
      if (q.expect && !q.expect.startsWith('product:')) expect(questions, q.q).toContain(q.expect);
      expect(written.has(compact(q.q)), `copied: ${q.q}`).toBe(false);
    }
    expect(new Set(EVAL_SET.map((q) => q.q)).size).toBe(EVAL_SET.length);
    // Every entry is asked for at least twice.
    for (const question of questions) expect(labelled.filter((q) => q.expect === question).length, question).toBeGreaterThanOrEqual(2);
  });
});

describe('suggestion accuracy', () => {
  it('puts the right answer first for at least 85% and in the top three for at least 95% (demo shop)', () => {
    const { index, questionOf } = demoIndex();
    const r = evaluate((q) => index.suggest(q.q, { numIid: contextOf(q), limit: 3 }), questionOf);
    expect(r.top1, JSON.stringify(r.misses.slice(0, 10))).toBeGreaterThanOrEqual(0.85);
    expect(r.top3).toBeGreaterThanOrEqual(0.95);
  });

  it('holds among 5,000 entries and 500 products, and on the held-out questions', () => {
    const { index, questionOf } = largeShopIndex();
    const ask = (q: (typeof EVAL_SET)[number]) => index.suggest(q.q, { numIid: contextOf(q), limit: 3 });
    const main = evaluate(ask, questionOf);
    expect(main.top1).toBeGreaterThanOrEqual(0.85);
    expect(main.top3).toBeGreaterThanOrEqual(0.95);
    const holdout = evaluate(ask, questionOf, EVAL_HOLDOUT);
    expect(holdout.top1).toBeGreaterThanOrEqual(0.8);
    expect(holdout.top3).toBeGreaterThanOrEqual(0.9);
  });

  it('gives confidences that mean what they say, so auto-reply rarely answers what the shop has no answer for', () => {
    const { index, questionOf } = largeShopIndex();
    const all = [...EVAL_SET, ...EVAL_HOLDOUT];
    const { calibration } = evaluate((q) => index.suggest(q.q, { numIid: contextOf(q), limit: 3 }), questionOf, all);
    const sure = calibration.filter((c) => c.score >= 0.9);
    expect(sure.filter((c) => c.right).length / sure.length).toBeGreaterThanOrEqual(0.95);
    const fair = calibration.filter((c) => c.score >= 0.7);
    expect(fair.filter((c) => c.right).length / fair.length).toBeGreaterThanOrEqual(0.9);
    const unanswerable = calibration.filter((c) => !c.answerable);
    expect(unanswerable.length).toBeGreaterThanOrEqual(40);
    expect(unanswerable.filter((c) => c.score >= 0.9).length / unanswerable.length).toBeLessThanOrEqual(0.05);
    expect(unanswerable.filter((c) => c.score >= 0.7).length / unanswerable.length).toBeLessThanOrEqual(0.15);
  });
});
