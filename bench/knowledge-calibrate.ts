/**
 * Fits the confidence curve (CALIBRATION in src/modules/knowledge/rules.ts): logistic regression of "this suggestion
 * is the right answer" on the match features of the top three suggestions of every labelled question, asked of the
 * demo knowledge mixed into a 5,000-entry shop. Prints the coefficients and a reliability table on the held-out
 * questions. Run: npx tsx bench/knowledge-calibrate.ts
 */
import { CALIBRATION, confidence, type MatchFeatures } from '../src/modules/knowledge/rules.ts';
import { EVAL_HOLDOUT, EVAL_SET, type EvalQuestion } from '../test/knowledge/eval-set.ts';
import { contextOf, labelOf } from '../test/knowledge/evaluate.ts';
import { largeShopIndex } from './knowledge.ts';

const { index, questionOf } = largeShopIndex();

function samples(set: EvalQuestion[]) {
  const out: { x: MatchFeatures; y: number }[] = [];
  for (const q of set) {
    for (const c of index.rank(q.q, { numIid: contextOf(q), limit: 3 })) {
      out.push({ x: c.features, y: q.expect !== null && labelOf({ ...c.suggestion, score: 0 }, questionOf) === q.expect ? 1 : 0 });
    }
  }
  return out;
}

const vec = (f: MatchFeatures) => [f.similarity, f.margin, 1];
const N = 3;

/** Newton's method on the log-likelihood, with a little ridge so the fit stays sane on separable data. */
function fit(data: { x: MatchFeatures; y: number }[]) {
  let w = new Array(N).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array(N).fill(0);
    const h = g.map(() => new Array(N).fill(0));
    for (const { x, y } of data) {
      const v = vec(x);
      const p = 1 / (1 + Math.exp(-v.reduce((s, xi, i) => s + xi * w[i], 0)));
      for (let i = 0; i < N; i++) {
        g[i] += (y - p) * v[i];
        for (let j = 0; j < N; j++) h[i][j] += p * (1 - p) * v[i] * v[j];
      }
    }
    for (let i = 0; i < N - 1; i++) {
      g[i] -= 0.1 * w[i];
      h[i][i] += 0.1;
    }
    w = w.map((wi, i) => wi + solve(h, g)[i]);
  }
  return { similarity: w[0], margin: w[1], bias: w[2] };
}

function solve(a: number[][], b: number[]) {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const p = m.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(m[best][c]) ? r : best), c);
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

function reliability(data: { x: MatchFeatures; y: number }[], c: typeof CALIBRATION) {
  const bins = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01];
  let ece = 0;
  const rows = bins.slice(0, -1).map((lo, i) => {
    const inBin = data.filter((d) => { const s = confidence(d.x, c); return s >= lo && s < bins[i + 1]; });
    const mean = inBin.reduce((s, d) => s + confidence(d.x, c), 0) / (inBin.length || 1);
    const right = inBin.reduce((s, d) => s + d.y, 0) / (inBin.length || 1);
    ece += (inBin.length / data.length) * Math.abs(mean - right);
    return `${lo.toFixed(1)}–${Math.min(1, bins[i + 1]).toFixed(1)}: n=${inBin.length} confidence=${mean.toFixed(2)} right=${right.toFixed(2)}`;
  });
  return { rows, ece };
}

const train = samples(EVAL_SET);
const fitted = fit(train);
const round = (x: number) => Math.round(x * 10) / 10;
console.log('fitted:', JSON.stringify(Object.fromEntries(Object.entries(fitted).map(([k, v]) => [k, round(v)]))));
for (const [name, c] of [['in use', CALIBRATION], ['fitted', fitted]] as const) {
  const held = reliability(samples(EVAL_HOLDOUT), c);
  console.log(`${name} ${JSON.stringify(c)}\n  held-out ECE ${held.ece.toFixed(3)}\n  ${held.rows.join('\n  ')}`);
}
