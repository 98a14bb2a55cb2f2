/**
 * Knowledge suggestions (知识库与商品知识): what other modules may use. The chat module asks `suggestFor` for each
 * buyer message and `autoReplyFor` whether to answer alone; everything else goes through the HTTP routes.
 */
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { knowledgeRegistry } from './registry.ts';
import { cleanSimilar, type Suggestion } from './rules.ts';
import { getSettings, upsertEntries } from './store.ts';

export { registerKnowledgeRoutes } from './api.ts';
export { autoReplyFor, DEFAULT_AUTO_REPLY, type AutoReply, type AutoReplySettings, type Suggestion } from './rules.ts';
export { KNOWLEDGE_CHANGED } from './registry.ts';
export { llmProviderFromEnv, openAiCompatibleProvider, draftAnswer, type LlmProvider } from './llm.ts';

/** The best answers for a buyer's message in this shop, best first, `score` a confidence 0–1. */
export function suggestFor(ctx: AppContext, shopId: number, text: string, opts: { numIid?: number; limit?: number } = {}): Promise<Suggestion[]> {
  return knowledgeRegistry(ctx).suggest(shopId, text, { numIid: opts.numIid, limit: opts.limit ?? 3 });
}

/** The shop's auto-reply settings (off unless the shop turned it on). */
export function autoReplySettings(ctx: AppContext, shopId: number) {
  return getSettings(ctx.database.db, shopId);
}

/**
 * Writes knowledge entries for a shop (seeds, imports from the command line): an entry whose question exists is
 * replaced. Answers the ids in the given order. Product scopes are trusted here; the HTTP import checks them.
 */
export async function importKnowledge(
  ctx: Pick<AppContext, 'database' | 'bus' | 'clock'>, shopId: number,
  entries: { question: string; similar?: string[]; answer: string; num_iid?: number | null }[],
): Promise<number[]> {
  const registry = knowledgeRegistry(ctx);
  const rows = [...new Map(entries.map((e) => [e.question.trim(), e])).values()].map((e) => ({
    question: e.question.trim(), similar: cleanSimilar(e.question, e.similar ?? []), answer: e.answer.trim(), numIid: e.num_iid ?? null,
  }));
  const ids = await inTransaction(ctx, async ({ trx, emit }) => {
    const written = await upsertEntries(trx, shopId, rows, ctx.clock.now());
    emit(registry.changed(shopId, written));
    return written;
  });
  await registry.refreshEntries(shopId, ids);
  const byQuestion = new Map(rows.map((r, i) => [r.question, ids[i]]));
  return entries.map((e) => byQuestion.get(e.question.trim())!);
}
