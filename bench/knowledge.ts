/**
 * Knowledge suggestions at the size of a large shop: the demo knowledge mixed into 5,000 entries and 500 products.
 * Measures the time of one suggestion per buyer message and the top-1/top-3 accuracy on the labelled set. Each message
 * is asked `rounds` times and its median taken, so a process pre-empted by a neighbour does not pass for a slow
 * message; p50/p99 are over the messages. The raw p99 of every single call is in the details. Prints one JSON line;
 * details go to stderr.
 * Run: npx tsx bench/knowledge.ts
 */
import { pathToFileURL } from 'node:url';
import { KnowledgeIndex } from '../src/modules/knowledge/search-index.ts';
import { demoKnowledgeEntries } from '../src/seed/knowledge-demo.ts';
import { EVAL_HOLDOUT, EVAL_SET } from '../test/knowledge/eval-set.ts';
import { contextOf, evaluate, evalProducts } from '../test/knowledge/evaluate.ts';
import { generateEntries, generateProducts } from './knowledge-data.ts';

export const ENTRIES = 5000;
export const PRODUCTS = 500;

/** The demo shop's knowledge (ids 1…) and evaluation products, among generated entries and products. */
export function largeShopIndex() {
  const demo = demoKnowledgeEntries().map((e, i) => ({ ...e, id: i + 1, numIid: null }));
  const evalItems = evalProducts();
  const products = [...generateProducts(PRODUCTS - evalItems.length), ...evalItems];
  const generated = generateEntries(ENTRIES - demo.length, products, 100_000);
  const index = new KnowledgeIndex();
  const started = performance.now();
  for (const e of [...demo, ...generated]) index.upsertEntry(e);
  for (const p of products) index.upsertProduct(p);
  const buildMs = performance.now() - started;
  const questions = new Map(demo.map((e) => [e.id, e.question]));
  return { index, buildMs, questionOf: (id: number) => questions.get(id) ?? `generated:${id}` };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function runKnowledgeBench(rounds = 10) {
  const { index, buildMs, questionOf } = largeShopIndex();
  const asked = [...EVAL_SET, ...EVAL_HOLDOUT];
  const ask = (q: (typeof asked)[number]) => index.suggest(q.q, { numIid: contextOf(q), limit: 5 });
  for (let r = 0; r < 2; r++) asked.forEach(ask); // warm-up: JIT and caches
  const perMessage: number[][] = asked.map(() => []);
  for (let r = 0; r < rounds; r++) {
    asked.forEach((q, i) => {
      const t = performance.now();
      ask(q);
      perMessage[i].push(performance.now() - t);
    });
  }
  const raw = perMessage.flat().sort((a, b) => a - b);
  const times = perMessage.map((ts) => percentile(ts.sort((a, b) => a - b), 0.5)).sort((a, b) => a - b);
  const main = evaluate(ask, questionOf, EVAL_SET);
  const holdout = evaluate(ask, questionOf, EVAL_HOLDOUT);
  return {
    line: {
      bench: 'knowledge', entries: ENTRIES, p50_ms: round(percentile(times, 0.5), 3), p99_ms: round(percentile(times, 0.99), 3),
      top1: round(main.top1, 3), top3: round(main.top3, 3), questions: main.questions,
    },
    details: {
      products: PRODUCTS, build_ms: Math.round(buildMs), messages: times.length, calls: raw.length,
      raw_p50_ms: round(percentile(raw, 0.5), 3), raw_p99_ms: round(percentile(raw, 0.99), 3), raw_max_ms: round(raw[raw.length - 1], 3),
      holdout: { questions: holdout.questions, top1: round(holdout.top1, 3), top3: round(holdout.top3, 3) },
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { line, details } = runKnowledgeBench();
  console.error(JSON.stringify(details));
  console.log(JSON.stringify(line));
}
