import { analyze } from './text.ts';

/** Pinyin pairs echo the words they come from; they count for less, and matter when the words miss (typos). */
const SOUND_WEIGHT = 0.35;

export type TermSet = ReadonlySet<string>;

export function termSet(text: string): Set<string> {
  const { words, sounds } = analyze(text);
  return new Set([...words, ...sounds]);
}

/** Document frequencies of terms over a collection of phrasings, kept current as phrasings come and go. */
export class TermStats {
  private df = new Map<string, number>();
  private n = 0;
  /** Changes whenever a weight may have changed, so cached totals know when to recompute. */
  version = 0;

  add(terms: TermSet) {
    this.version++;
    this.n++;
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }
  remove(terms: TermSet) {
    this.version++;
    this.n--;
    for (const t of terms) {
      const d = (this.df.get(t) ?? 1) - 1;
      if (d > 0) this.df.set(t, d);
      else this.df.delete(t);
    }
  }
  get size() {
    return this.n;
  }
  frequency(term: string) {
    return this.df.get(term) ?? 0;
  }
  private cache = new Map<string, number>();
  private cacheVersion = -1;

  /** Inverse document frequency, smoothed; a term no phrasing has weighs the most. */
  weight(term: string) {
    if (this.cacheVersion !== this.version) {
      this.cache.clear();
      this.cacheVersion = this.version;
    }
    let w = this.cache.get(term);
    if (w === undefined) {
      const idf = Math.log(1 + (this.n + 1) / ((this.df.get(term) ?? 0) + 1));
      w = term.charCodeAt(0) === 126 /* ~ */ ? idf * SOUND_WEIGHT : idf;
      this.cache.set(term, w);
    }
    return w;
  }
  total(terms: TermSet) {
    let w = 0;
    for (const t of terms) w += this.weight(t);
    return w;
  }
}

export interface Overlap {
  /** IDF-weighted Dice coefficient: 2·shared ÷ (message + phrasing), 0–1. */
  dice: number;
  /** Share of the message's weight found in the phrasing. */
  coverage: number;
}

/** How well a phrasing matches a message, given the message's total weight (computed once per message). */
export function overlap(stats: TermStats, query: TermSet, queryWeight: number, phrasing: TermSet, phrasingWeight: number): Overlap {
  if (queryWeight <= 0 || phrasingWeight <= 0) return { dice: 0, coverage: 0 };
  let shared = 0;
  const [small, large] = query.size <= phrasing.size ? [query, phrasing] : [phrasing, query];
  for (const t of small) if (large.has(t)) shared += stats.weight(t);
  return { dice: (2 * shared) / (queryWeight + phrasingWeight), coverage: shared / queryWeight };
}

/** The message without the terms that name a product (so 这件卫衣会缩水吗 is matched as 会缩水吗). */
export function without(query: TermSet, remove: TermSet) {
  const out = new Set<string>();
  for (const t of query) if (!remove.has(t)) out.add(t);
  return out;
}
