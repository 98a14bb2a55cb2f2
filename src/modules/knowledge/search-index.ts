import MiniSearch from 'minisearch';
import { confidence, type KnowledgeEntry, type MatchFeatures, type ProductKnowledge, type Suggestion } from './rules.ts';
import { Homophones } from './homophones.ts';
import { ProductMatcher, type ProductCandidate } from './product-matcher.ts';
import { overlap, TermStats, termSet, without, type TermSet } from './similarity.ts';
import { analyze, canonicalOf } from './text.ts';

/** How many index hits are re-scored phrasing by phrasing; the rest cannot reach the top of the list. */
const CANDIDATES = 150;
/** Entries given the full score (answer words included); the others cannot reach the short list. */
const RESCORED = 40;
const MIN_SIMILARITY = 0.06;
/**
 * A lone weak match is not a confident one: the top candidate's margin is measured against the runner-up or this
 * floor, about what a message shares with an unrelated entry by chance (今天星期几 with 今天能发货吗).
 */
const RIVAL_FLOOR = 0.3;
/**
 * Terms in more than this share of the phrasings (有, 可以…) find too many candidates to be worth it: they still
 * count when candidates are scored, but do not bring candidates in. It keeps p99 under a few milliseconds.
 */
const COMMON_SHARE = 0.2;
/** Answers that mention the message's words help a little; the question is what buyers ask. */
const ANSWER_WEIGHT = 0.08;
/** An answer written for the very product the buyer is looking at beats a shop-wide one of equal wording. */
const CONTEXT_BONUS = 0.08;
const MENTION_BONUS = 0.04;
/** An answer about some other product fits a general question less well. */
const OTHER_PRODUCT_FACTOR = 0.75;

/** A distinct wording; many entries may share one (the same question written for many products). */
interface Phrasing {
  docId: number;
  terms: Set<string>;
  /** Shop-wide entries with this wording, and product entries by product. */
  entries: Set<number>;
  byItem: Map<number, Set<number>>;
  weight: number;
  version: number;
}
interface IndexedEntry {
  entry: KnowledgeEntry;
  phrasings: Phrasing[];
  answerTerms: Set<string>;
}
interface Scored {
  suggestion: Omit<Suggestion, 'score'>;
  similarity: number;
  coverage: number;
  rank: number;
}

export interface SuggestOptions {
  /** The product the buyer is asking about (the item card of the conversation), if any. */
  numIid?: number;
  limit: number;
}

/**
 * One shop's knowledge, searchable: MiniSearch finds the candidate phrasings through an inverted index of the
 * segmented terms, then each candidate entry is scored by its best phrasing's IDF-weighted Dice overlap with the
 * message, and product knowledge is matched by field (material, care…) for the product in view or named.
 */
export class KnowledgeIndex {
  private readonly stats = new TermStats();
  private readonly entries = new Map<number, IndexedEntry>();
  private readonly phrasings = new Map<string, Phrasing>();
  private readonly byDocId = new Map<number, Phrasing>();
  private nextDocId = 1;
  private readonly search = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: { combineWith: 'OR' },
  });
  private readonly products = new ProductMatcher(this.stats);
  private readonly homophones = new Homophones();

  get entryCount() {
    return this.entries.size;
  }

  upsertEntry(entry: KnowledgeEntry) {
    this.removeEntry(entry.id);
    const phrasings = [...new Map([entry.question, ...entry.similar].map((text) => {
      const terms = termSet(text);
      const key = [...terms].sort().join(' ');
      return [key, terms] as const;
    })).entries()].filter(([key]) => key).map(([key, terms]) => this.phrasing(key, terms));
    for (const p of phrasings) this.attach(p, entry, true);
    this.entries.set(entry.id, { entry, phrasings, answerTerms: termSet(entry.answer) });
  }

  removeEntry(id: number) {
    const old = this.entries.get(id);
    if (!old) return;
    for (const p of old.phrasings) {
      this.attach(p, old.entry, false);
      if (p.entries.size || p.byItem.size) continue;
      this.stats.remove(p.terms);
      this.search.discard(p.docId);
      this.byDocId.delete(p.docId);
      this.phrasings.delete([...p.terms].sort().join(' '));
    }
    this.entries.delete(id);
  }

  private attach(p: Phrasing, entry: KnowledgeEntry, add: boolean) {
    if (entry.numIid === null) {
      if (add) p.entries.add(entry.id);
      else p.entries.delete(entry.id);
      return;
    }
    let ids = p.byItem.get(entry.numIid);
    if (add) {
      if (!ids) p.byItem.set(entry.numIid, (ids = new Set()));
      ids.add(entry.id);
    } else if (ids?.delete(entry.id) && !ids.size) p.byItem.delete(entry.numIid);
  }

  private phrasing(key: string, terms: Set<string>) {
    let p = this.phrasings.get(key);
    if (!p) {
      p = { docId: this.nextDocId++, terms, entries: new Set(), byItem: new Map(), weight: 0, version: -1 };
      this.phrasings.set(key, p);
      this.byDocId.set(p.docId, p);
      this.stats.add(terms);
      this.search.add({ id: p.docId, text: key });
      for (const t of terms) if (!t.startsWith('~')) this.homophones.learn(t);
    }
    return p;
  }

  upsertProduct(product: ProductKnowledge) {
    this.products.upsert(product);
  }
  removeProduct(numIid: number) {
    this.products.remove(numIid);
  }
  hasProduct(numIid: number) {
    return this.products.has(numIid);
  }
  productIds() {
    return this.products.ids();
  }

  /** The best answers for a buyer's message, best first, each with its confidence. */
  suggest(text: string, opts: SuggestOptions): Suggestion[] {
    const out: Suggestion[] = [];
    let ceiling = 1;
    for (const c of this.rank(text, opts)) {
      // Confidence never rises down the list, so "best first" holds for the score too.
      const score = Math.min(ceiling, confidence(c.features));
      ceiling = score;
      out.push({ ...c.suggestion, score });
    }
    return out;
  }

  /** The ranked candidates with the features their confidence is computed from (for calibration). */
  rank(text: string, opts: SuggestOptions): { suggestion: Omit<Suggestion, 'score'>; features: MatchFeatures }[] {
    const query = this.queryTerms(text);
    if (!query.size) return [];
    const targets = this.products.targets(query, opts.numIid);
    const scored = [...this.scoreEntries(query, targets, opts.numIid), ...this.products.score(query, targets)]
      .filter((s) => s.similarity >= MIN_SIMILARITY)
      .sort((a, b) => b.rank - a.rank);
    return scored.slice(0, opts.limit).map((s, i) => {
      const rival = i === 0 ? Math.max(scored[1]?.rank ?? 0, RIVAL_FLOOR) : scored[0].rank;
      return { suggestion: s.suggestion, features: { similarity: s.similarity, margin: s.rank - rival, coverage: s.coverage } };
    });
  }

  /** Entry ids matching a search box's text, best first (for the knowledge base editor). */
  matchEntries(text: string, limit: number) {
    return this.suggest(text, { limit: limit * 2 })
      .filter((s) => s.source === 'entry')
      .slice(0, limit)
      .map((s) => s.id as number);
  }

  private scoreEntries(query: TermSet, targets: ProductCandidate[], contextNumIid?: number): Scored[] {
    const hits = this.search.search({ combineWith: 'OR', queries: this.selective(query) });
    // The same message without the words naming the product in view, when one is.
    const residual = targets.length ? without(query, targets[0].titleTerms) : undefined;
    const variants = [query, ...(residual && residual.size && residual.size < query.size ? [residual] : [])]
      .map((q) => ({ q, weight: this.stats.total(q) }));
    const best = new Map<number, { dice: number; coverage: number }>();
    const consider = (id: number, o: { dice: number; coverage: number }) => {
      if (o.dice > (best.get(id)?.dice ?? -1)) best.set(id, o);
    };
    const named = new Set(targets.map((t) => t.product.numIid));
    const end = Math.min(hits.length, CANDIDATES);
    for (let h = 0; h < end; h++) {
      const p = this.byDocId.get(hits[h].id as number)!;
      let o = { dice: 0, coverage: 0 };
      for (const { q, weight } of variants) {
        const v = overlap(this.stats, q, weight, p.terms, this.phrasingWeight(p));
        if (v.dice > o.dice) o = v;
      }
      for (const id of p.entries) consider(id, o);
      if (contextNumIid !== undefined) {
        for (const id of p.byItem.get(contextNumIid) ?? []) consider(id, o);
        continue;
      }
      let standIn = false;
      for (const [numIid, ids] of p.byItem) {
        if (named.has(numIid)) for (const id of ids) consider(id, o);
        else if (!standIn) {
          // Of the same wording written for many other products, one stands for all.
          standIn = true;
          consider(ids.values().next().value!, o);
        }
      }
    }
    const prelim: { entry: KnowledgeEntry; answerTerms: Set<string>; o: { dice: number; coverage: number }; rank: number }[] = [];
    const otherProducts = new Set<string>();
    for (const [id, o] of best) {
      const { entry, answerTerms } = this.entries.get(id)!;
      let rank = o.dice;
      if (entry.numIid !== null) {
        if (contextNumIid !== undefined && entry.numIid !== contextNumIid) continue;
        if (entry.numIid === contextNumIid) rank += CONTEXT_BONUS;
        else if (named.has(entry.numIid)) rank += MENTION_BONUS;
        else {
          // One answer written for some other product is enough to show; the same question for fifty is noise.
          if (otherProducts.has(entry.question)) continue;
          otherProducts.add(entry.question);
          rank *= OTHER_PRODUCT_FACTOR;
        }
      }
      prelim.push({ entry, answerTerms, o, rank });
    }
    // The answer's words add at most ANSWER_WEIGHT, so only the leaders need them counted.
    prelim.sort((a, b) => b.rank - a.rank);
    return prelim.slice(0, RESCORED).map(({ entry, answerTerms, o, rank }) => {
      const answer = ANSWER_WEIGHT * overlap(this.stats, variants[0].q, variants[0].weight, answerTerms, 1).coverage;
      const factor = entry.numIid !== null && rank < o.dice ? OTHER_PRODUCT_FACTOR : 1;
      return {
        suggestion: { id: entry.id, source: 'entry' as const, question: entry.question, answer: entry.answer, numIid: entry.numIid },
        similarity: Math.min(1, o.dice + answer), coverage: o.coverage, rank: rank + answer * factor,
      };
    });
  }

  /** A message's terms, misspelt words replaced by the known words they sound like. */
  private queryTerms(text: string): Set<string> {
    const known = (token: string) => {
      const w = canonicalOf(token);
      return this.stats.frequency(w) > 0 || this.products.knows(w);
    };
    const { words, sounds } = analyze(text, (tokens) => this.homophones.correct(tokens, known));
    return new Set([...words, ...sounds]);
  }

  /** The query terms worth looking up: the uncommon ones, or at least the two rarest. */
  private selective(query: TermSet) {
    const limit = Math.max(50, this.stats.size * COMMON_SHARE);
    // Pinyin pairs only help find a misspelt word: when every word is known, the words find the candidates.
    const allKnown = [...query].every((t) => t.startsWith('~') || this.stats.frequency(t) > 0);
    const byRarity = [...query].filter((t) => this.stats.frequency(t) > 0 && !(allKnown && t.startsWith('~')))
      .sort((a, b) => this.stats.frequency(a) - this.stats.frequency(b));
    const rare = byRarity.filter((t) => this.stats.frequency(t) <= limit);
    return rare.length >= 2 ? rare : byRarity.slice(0, 2);
  }

  private phrasingWeight(p: Phrasing) {
    if (p.version !== this.stats.version) {
      p.weight = this.stats.total(p.terms);
      p.version = this.stats.version;
    }
    return p.weight;
  }
}

export type { Scored };
