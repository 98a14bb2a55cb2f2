import { demoKnowledgeEntries } from '../../src/seed/knowledge-demo.ts';
import type { ProductKnowledge, Suggestion } from '../../src/modules/knowledge/rules.ts';
import { KnowledgeIndex } from '../../src/modules/knowledge/search-index.ts';
import { EVAL_PRODUCTS, EVAL_SET, type EvalQuestion } from './eval-set.ts';

/** num_iids given to the evaluation products (any numbers the other products do not use). */
export const EVAL_NUM_IID_BASE = 900_000_000_000;

export function evalProducts(): ProductKnowledge[] {
  return EVAL_PRODUCTS.map((p, i) => ({ numIid: EVAL_NUM_IID_BASE + i, title: p.title, fields: p.fields }));
}

export function contextOf(q: EvalQuestion) {
  if (!q.product) return undefined;
  return EVAL_NUM_IID_BASE + EVAL_PRODUCTS.findIndex((p) => p.key === q.product);
}

/** The label a suggestion would have in the evaluation set. */
export function labelOf(s: Suggestion, questionOfEntry: (id: number) => string | undefined) {
  if (s.source === 'product') {
    const [numIid, field] = String(s.id).split(':');
    return `product:${EVAL_PRODUCTS[Number(numIid) - EVAL_NUM_IID_BASE]?.key}:${field}`;
  }
  return questionOfEntry(s.id as number);
}

/** The demo shop's index: its knowledge entries (ids 1…) and the evaluation products. */
export function demoIndex() {
  const index = new KnowledgeIndex();
  const entries = demoKnowledgeEntries().map((e, i) => ({ ...e, id: i + 1, numIid: null }));
  for (const e of entries) index.upsertEntry(e);
  for (const p of evalProducts()) index.upsertProduct(p);
  const byId = new Map(entries.map((e) => [e.id, e.question]));
  return { index, questionOf: (id: number) => byId.get(id) };
}

export interface EvalResult {
  questions: number;
  top1: number;
  top3: number;
  misses: { q: string; expect: string; got: (string | undefined)[]; scores: number[] }[];
  /** [confidence, right?] of the top suggestion of every question, unanswerable ones included. */
  calibration: { score: number; right: boolean; answerable: boolean }[];
}

export function evaluate(
  suggest: (q: EvalQuestion) => Suggestion[],
  questionOf: (id: number) => string | undefined,
  set: EvalQuestion[] = EVAL_SET,
): EvalResult {
  let n = 0, top1 = 0, top3 = 0;
  const misses: EvalResult['misses'] = [];
  const calibration: EvalResult['calibration'] = [];
  for (const q of set) {
    const got = suggest(q);
    const labels = got.map((s) => labelOf(s, questionOf));
    calibration.push({ score: got[0]?.score ?? 0, right: q.expect !== null && labels[0] === q.expect, answerable: q.expect !== null });
    if (q.expect === null) continue;
    n++;
    if (labels[0] === q.expect) top1++;
    if (labels.slice(0, 3).includes(q.expect)) top3++;
    else misses.push({ q: q.q, expect: q.expect, got: labels.slice(0, 3), scores: got.slice(0, 3).map((s) => s.score) });
    if (labels[0] !== q.expect && labels.slice(0, 3).includes(q.expect)) {
      misses.push({ q: `(top3) ${q.q}`, expect: q.expect, got: labels.slice(0, 3), scores: got.slice(0, 3).map((s) => s.score) });
    }
  }
  return { questions: n, top1: top1 / n, top3: top3 / n, misses, calibration };
}
