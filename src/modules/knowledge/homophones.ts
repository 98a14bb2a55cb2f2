import { SYNONYMS } from './lexicon.ts';
import { wordPinyin } from './text.ts';

const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;

/**
 * Buyers type with pinyin keyboards, so their misspellings are homophones: 顺风 for 顺丰, 包油 (cut 包/油) for 包邮.
 * A word the shop's knowledge never uses is replaced by the known word that sounds the same, if there is one.
 */
let lexicon: Map<string, string> | undefined;

export class Homophones {
  private readonly byPinyin: Map<string, string>;

  constructor() {
    if (!lexicon) {
      lexicon = new Map();
      for (const [canonical, variants] of Object.entries(SYNONYMS)) {
        for (const w of [canonical, ...variants]) if (HAN_WORD.test(w) && !lexicon.has(wordPinyin(w))) lexicon.set(wordPinyin(w), canonical);
      }
    }
    this.byPinyin = new Map(lexicon);
  }

  /** Makes `word` (or what it stands for) the answer for its sound; the first word learnt for a sound keeps it. */
  learn(word: string, canonical = word) {
    if (!HAN_WORD.test(word)) return;
    const key = wordPinyin(word);
    if (!this.byPinyin.has(key)) this.byPinyin.set(key, canonical);
  }

  /** Replaces unknown tokens by their known homophones; the result is made canonical by the caller. */
  correct(words: readonly string[], known: (word: string) => boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const next = words[i + 1];
      // Two single characters the segmenter could not join may be one misspelt word.
      if (next !== undefined && HAN_CHAR.test(w) && HAN_CHAR.test(next) && !known(w + next)) {
        const joined = this.byPinyin.get(wordPinyin(w + next));
        if (joined && known(joined)) {
          out.push(joined);
          i++;
          continue;
        }
      }
      if (!known(w) && HAN_WORD.test(w)) {
        const fixed = this.byPinyin.get(wordPinyin(w));
        if (fixed && known(fixed)) {
          out.push(fixed);
          continue;
        }
      }
      out.push(w);
    }
    return out;
  }
}
