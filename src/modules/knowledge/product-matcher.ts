import MiniSearch from 'minisearch';
import { FIELD_INTENTS, SYNONYMS } from './lexicon.ts';
import { PRODUCT_FIELDS, type ProductField, type ProductKnowledge } from './rules.ts';
import type { Scored } from './search-index.ts';
import { overlap, TermStats, termSet, without, type TermSet } from './similarity.ts';

/** Product knowledge answers only when it says something about what was asked; its words count a little. */
const CONTENT_WEIGHT = 0.35;
const CONTEXT_BONUS = 0.1;
const MENTION_BONUS = 0.05;
/** A product counts as named by a title word that few other titles have (睡衣 may be; 加厚 is not). */
const SPECIFIC_SHARE = 0.02;
/** Words of the shop's vocabulary (儿童, 颜色…) describe products; they do not name one. */
const CONCEPTS = new Set(Object.keys(SYNONYMS));
const NAME_WORD = /^(?=.*\p{Script=Han}).{2,}$/u;
const MAX_NAMED = 3;

export interface ProductCandidate {
  product: ProductKnowledge;
  titleTerms: Set<string>;
  via: 'context' | 'title';
}

interface IndexedProduct {
  product: ProductKnowledge;
  titleTerms: Set<string>;
  fieldTerms: Map<ProductField, Set<string>>;
}

const INTENTS = PRODUCT_FIELDS.map((field) => ({
  field,
  label: FIELD_INTENTS[field].label,
  phrasings: FIELD_INTENTS[field].phrasings.map(termSet),
}));

/** Finds the product a message is about (the one in view, or one it names) and the knowledge field it asks for. */
export class ProductMatcher {
  private readonly items = new Map<number, IndexedProduct>();
  private readonly titleStats = new TermStats();
  private readonly titles = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
  });

  constructor(private readonly stats: TermStats) {}

  has(numIid: number) {
    return this.items.has(numIid);
  }
  ids() {
    return [...this.items.keys()];
  }
  /** Whether some product title has this word. */
  knows(word: string) {
    return this.titleStats.frequency(word) > 0;
  }

  upsert(product: ProductKnowledge) {
    this.remove(product.numIid);
    const titleTerms = termSet(product.title);
    const words = new Set([...titleTerms].filter((t) => !t.startsWith('~')));
    const fieldTerms = new Map<ProductField, Set<string>>();
    for (const field of PRODUCT_FIELDS) {
      const text = product.fields[field]?.trim();
      if (text) fieldTerms.set(field, termSet(text));
    }
    this.titleStats.add(words);
    this.titles.add({ id: product.numIid, text: [...words].join(' ') });
    this.items.set(product.numIid, { product, titleTerms, fieldTerms });
  }

  remove(numIid: number) {
    const old = this.items.get(numIid);
    if (!old) return;
    this.titleStats.remove(new Set([...old.titleTerms].filter((t) => !t.startsWith('~'))));
    this.titles.discard(numIid);
    this.items.delete(numIid);
  }

  /** The product in view, or else the products the message names by title words specific enough to count. */
  targets(query: TermSet, contextNumIid?: number): ProductCandidate[] {
    if (contextNumIid !== undefined) {
      const item = this.items.get(contextNumIid);
      return item ? [{ product: item.product, titleTerms: item.titleTerms, via: 'context' }] : [];
    }
    const words = [...query].filter((t) => !t.startsWith('~'));
    if (!words.length || !this.items.size) return [];
    const hits = this.titles.search({ combineWith: 'OR', queries: words });
    const out: ProductCandidate[] = [];
    for (const hit of hits) {
      if (out.length >= MAX_NAMED || hit.score < hits[0].score * 0.9) break;
      const item = this.items.get(hit.id as number)!;
      const specific = Math.max(1, this.items.size * SPECIFIC_SHARE);
      if (words.some((t) => item.titleTerms.has(t) && NAME_WORD.test(t) && !CONCEPTS.has(t) && this.titleStats.frequency(t) <= specific)) out.push({ product: item.product, titleTerms: item.titleTerms, via: 'title' });
    }
    return out;
  }

  /** Each knowledge field of each target, scored by how much the rest of the message asks for that field. */
  score(query: TermSet, targets: ProductCandidate[]): Scored[] {
    const out: Scored[] = [];
    targets.forEach((target, i) => {
      const item = this.items.get(target.product.numIid)!;
      // The message as said, and without the words naming the product (这件T恤啥面料 asks 啥面料).
      const rest = without(query, target.titleTerms);
      const variants = [query, ...(rest.size && rest.size < query.size ? [rest] : [])]
        .map((q) => ({ q, weight: this.stats.total(q) }));
      for (const intent of INTENTS) {
        const content = item.fieldTerms.get(intent.field);
        if (!content) continue;
        let similarity = 0;
        let coverage = 0;
        for (const { q, weight } of variants) {
          let best = { dice: 0, coverage: 0 };
          for (const p of intent.phrasings) {
            const o = overlap(this.stats, q, weight, p, this.stats.total(p));
            if (o.dice > best.dice) best = o;
          }
          const mentioned = overlap(this.stats, q, weight, content, 1).coverage;
          const s = Math.min(1, best.dice + CONTENT_WEIGHT * mentioned);
          if (s > similarity) [similarity, coverage] = [s, Math.max(best.coverage, mentioned)];
        }
        const bonus = target.via === 'context' ? CONTEXT_BONUS : MENTION_BONUS / (i + 1);
        const { title, numIid } = target.product;
        out.push({
          suggestion: {
            id: `${numIid}:${intent.field}`, source: 'product', question: `${title}（${intent.label}）`,
            answer: `${title}的${intent.label}：${target.product.fields[intent.field]!.trim()}`, numIid, field: intent.field,
          },
          similarity, coverage, rank: similarity + bonus,
        });
      }
    });
    return out;
  }
}
