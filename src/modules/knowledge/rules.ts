import { AppError } from '../../errors.ts';

/** The product fields that answer buyers' questions (商品知识), in the catalogue's own names. */
export const PRODUCT_FIELDS = ['material', 'size_chart', 'usage', 'care', 'suitable_for', 'not_suitable_for', 'notes'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export interface KnowledgeEntry {
  id: number;
  question: string;
  similar: string[];
  answer: string;
  /** The product the answer is about; null for a shop-wide answer. */
  numIid: number | null;
}

export interface ProductKnowledge {
  numIid: number;
  title: string;
  fields: Partial<Record<ProductField, string>>;
}

/** One ranked answer. `score` is the confidence, 0–1: about the chance that this answer is the right one. */
export interface Suggestion {
  id: number | string;
  source: 'entry' | 'product';
  question: string;
  answer: string;
  score: number;
  numIid: number | null;
  field?: ProductField;
}

export const LIMITS = { question: 200, answer: 2000, similar: 50, similarLength: 200, importBatch: 5000 };

/** Trims the similar phrasings, drops blanks, repeats and copies of the question itself. */
export function cleanSimilar(question: string, similar: readonly string[]) {
  const seen = new Set([question.trim()]);
  const out: string[] = [];
  for (const s of similar) {
    const t = s.trim();
    if (!t || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  if (out.length > LIMITS.similar) {
    throw new AppError('KNOWLEDGE_TOO_MANY_SIMILAR', 400, `相似问法最多 ${LIMITS.similar} 条`,
      `At most ${LIMITS.similar} similar phrasings per entry`);
  }
  return out;
}

/**
 * Confidence from the match features, by a logistic curve fitted on the labelled buyer questions asked of a
 * 5,000-entry shop (`npx tsx bench/knowledge-calibrate.ts`), so that among suggestions scored about 0.8, about 8 in
 * 10 are the right answer (on the held-out questions, the mean gap between score and hit rate is about 0.03):
 *   similarity — IDF-weighted Dice overlap of the message and the entry's best phrasing (0–1);
 *   margin     — how far this candidate stands above the best other one, or above what an unrelated entry scores by
 *                chance when there is none (negative below the top).
 * How much of the message the phrasing covers was tried too; it adds nothing once these two are known.
 */
export const CALIBRATION = { similarity: 1.6, margin: 16.2, bias: -1.1 };

export interface MatchFeatures {
  similarity: number;
  margin: number;
  /** Share of the message's weight the phrasing explains (diagnostic). */
  coverage: number;
}

export function confidence(f: MatchFeatures, c: { similarity: number; margin: number; bias: number } = CALIBRATION) {
  const z = c.similarity * f.similarity + c.margin * f.margin + c.bias;
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}

/** Per-shop auto-reply (off by default): answers alone when sure, or when nobody is there to answer. */
export interface AutoReplySettings {
  enabled: boolean;
  /** Reply alone when the best suggestion's confidence reaches this. */
  threshold: number;
  /** Also reply when no agent is online, if the confidence reaches `offlineThreshold`. */
  whenNobodyOnline: boolean;
  offlineThreshold: number;
  /** Put before every automatic answer, so the buyer knows a machine answered. */
  prefix: string;
}

export const DEFAULT_AUTO_REPLY: AutoReplySettings = {
  enabled: false,
  threshold: 0.9,
  whenNobodyOnline: true,
  offlineThreshold: 0.7,
  prefix: '【自动回复】',
};

export interface AutoReply {
  /** The message to send, marked as automatic. */
  text: string;
  suggestion: Suggestion;
  reason: 'confident' | 'nobody_online';
}

/** What the chat sends by itself for a buyer message, or null to leave it to the agents. */
export function autoReplyFor(settings: AutoReplySettings, suggestions: readonly Suggestion[], agentsOnline: number): AutoReply | null {
  if (!settings.enabled) return null;
  const best = suggestions[0];
  if (!best) return null;
  const reason = best.score >= settings.threshold ? 'confident'
    : settings.whenNobodyOnline && agentsOnline <= 0 && best.score >= settings.offlineThreshold ? 'nobody_online'
      : null;
  if (!reason) return null;
  const prefix = settings.prefix.trim() || DEFAULT_AUTO_REPLY.prefix;
  return { text: `${prefix}${best.answer}`, suggestion: best, reason };
}

export function checkAutoReplySettings(s: AutoReplySettings) {
  if (s.offlineThreshold > s.threshold) {
    throw new AppError('AUTO_REPLY_THRESHOLDS', 400, '无人在线时的阈值不能高于自动回复阈值',
      'The nobody-online threshold may not be above the auto-reply threshold');
  }
}
