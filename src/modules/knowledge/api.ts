import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { draftAnswer, llmProviderFromEnv, type LlmProvider } from './llm.ts';
import { knowledgeRegistry } from './registry.ts';
import { checkAutoReplySettings, cleanSimilar } from './rules.ts';
import {
  DraftBody, EntryBody, EntryId, EntryList, EntryPatch, EntrySchema, ImportBody, presentEntry, presentSettings, presentSuggestion,
  SettingsPatch, SettingsSchema, SuggestionSchema, SuggestQuery,
} from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['knowledge'];
const EntryAnswer = z.object({ entry: EntrySchema });

const entryNotFound = (id: number) =>
  new AppError('KNOWLEDGE_ENTRY_NOT_FOUND', 404, `知识条目 ${id} 不存在`, `Knowledge entry ${id} not found`, { id });
const questionTaken = (question: string) =>
  new AppError('KNOWLEDGE_QUESTION_TAKEN', 409, `问题“${question}”已经存在`, `The question "${question}" already exists`, { question });
const itemNotFound = (numIid: number) =>
  new AppError('ITEM_NOT_FOUND', 404, `商品 ${numIid} 不存在`, `Item ${numIid} not found`, { num_iid: numIid });

function toNewEntry(b: EntryBody): store.NewEntry {
  return { question: b.question, similar: cleanSimilar(b.question, b.similar), answer: b.answer, numIid: b.num_iid ?? null };
}

export function registerKnowledgeRoutes(app: ZodApp, ctx: AppContext, opts: { llm?: LlmProvider } = {}) {
  const db = ctx.database.db;
  const registry = knowledgeRegistry(ctx);
  const llm = opts.llm ?? llmProviderFromEnv();
  app.addHook('onClose', async () => registry.close());

  async function checkItems(trx: Parameters<typeof store.ownedItems>[0], shopId: number, numIids: (number | null)[]) {
    const wanted = [...new Set(numIids.filter((n): n is number => n !== null))];
    const owned = await store.ownedItems(trx, shopId, wanted);
    const missing = wanted.find((n) => !owned.has(n));
    if (missing !== undefined) throw itemNotFound(missing);
  }

  app.get('/api/knowledge/entries', {
    schema: { operationId: 'knowledge.entries.get', tags: TAGS, summary: 'Knowledge entries, newest first, or best match first with q',
      querystring: EntryList, response: { 200: z.object({ entries: z.array(EntrySchema), total: Int }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { q, num_iid, page_no, page_size } = request.query;
    if (q) {
      const index = await registry.index(actor.shopId);
      const ids = index.matchEntries(q, page_no * page_size).slice((page_no - 1) * page_size);
      const rows = new Map((await store.loadEntries(db, actor.shopId, ids)).map((r) => [r.id, r]));
      const ranked = ids.map((id) => rows.get(id)).filter((r) => r && (num_iid === undefined || r.num_iid === num_iid));
      return { entries: ranked.map((r) => presentEntry(r!)), total: ranked.length };
    }
    const { rows, total } = await store.listEntries(db, actor.shopId, { numIid: num_iid, limit: page_size, offset: (page_no - 1) * page_size });
    return { entries: rows.map(presentEntry), total };
  });

  app.get('/api/knowledge/entries/:id', {
    schema: { operationId: 'knowledge.entry.get', tags: TAGS, summary: 'One knowledge entry', params: EntryId, response: { 200: EntryAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const row = await store.getEntry(db, actor.shopId, request.params.id);
    if (!row) throw entryNotFound(request.params.id);
    return { entry: presentEntry(row) };
  });

  app.post('/api/knowledge/entries', {
    schema: { operationId: 'knowledge.entry.add', tags: TAGS, summary: 'Add a knowledge entry', body: EntryBody, response: { 201: EntryAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const entry = toNewEntry(request.body);
    const now = ctx.clock.now();
    const id = await inTransaction(ctx, async ({ trx, emit }) => {
      await checkItems(trx, actor.shopId, [entry.numIid]);
      if (await store.questionTaken(trx, actor.shopId, entry.question)) throw questionTaken(entry.question);
      const [newId] = await store.upsertEntries(trx, actor.shopId, [entry], now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'knowledge.entry.add', entity: 'knowledge', entityId: newId,
        after: request.body, at: now });
      emit(registry.changed(actor.shopId, [newId]));
      return newId;
    });
    await registry.refreshEntries(actor.shopId, [id]);
    return reply.status(201).send({ entry: presentEntry((await store.getEntry(db, actor.shopId, id))!) });
  });

  app.patch('/api/knowledge/entries/:id', {
    schema: { operationId: 'knowledge.entry.update', tags: TAGS, summary: 'Change a knowledge entry', params: EntryId, body: EntryPatch,
      response: { 200: EntryAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx, emit }) => {
      const before = await store.getEntry(trx, actor.shopId, id, true);
      if (!before) throw entryNotFound(id);
      const b = request.body;
      const question = b.question ?? before.question;
      const next = toNewEntry({ question, similar: b.similar ?? before.similar, answer: b.answer ?? before.answer,
        num_iid: b.num_iid === undefined ? before.num_iid : b.num_iid });
      await checkItems(trx, actor.shopId, [next.numIid]);
      if (question !== before.question && await store.questionTaken(trx, actor.shopId, question, id)) throw questionTaken(question);
      await store.updateEntry(trx, actor.shopId, id, next, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'knowledge.entry.update', entity: 'knowledge', entityId: id,
        before: presentEntry(before), after: b, at: now });
      emit(registry.changed(actor.shopId, [id]));
    });
    await registry.refreshEntries(actor.shopId, [id]);
    return { entry: presentEntry((await store.getEntry(db, actor.shopId, id))!) };
  });

  app.delete('/api/knowledge/entries/:id', {
    schema: { operationId: 'knowledge.entry.delete', tags: TAGS, summary: 'Delete a knowledge entry', params: EntryId,
      response: { 200: z.object({ deleted: Int.describe('the id of the entry deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx, emit }) => {
      const before = await store.getEntry(trx, actor.shopId, id, true);
      if (!before) throw entryNotFound(id);
      await store.deleteEntry(trx, actor.shopId, id);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'knowledge.entry.delete', entity: 'knowledge', entityId: id,
        before: presentEntry(before), at: now });
      emit(registry.changed(actor.shopId, [id]));
    });
    await registry.refreshEntries(actor.shopId, [id]);
    return { deleted: id };
  });

  app.post('/api/knowledge/entries/import', {
    bodyLimit: 16 * 1024 * 1024,
    schema: { operationId: 'knowledge.entries.import', tags: TAGS, body: ImportBody,
      summary: 'Import knowledge entries; an entry whose question exists replaces it. Answers the ids in the given order',
      response: {
        200: z.object({
          imported: Int.describe('entries written (a question given twice counts once)'),
          ids: z.array(Int).describe("each given entry's id, in the given order"),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'catalog.manage');
    const entries = request.body.entries.map(toNewEntry);
    // The same question twice in one file: the later one is what the seller meant.
    const last = new Map(entries.map((e) => [e.question, e]));
    const now = ctx.clock.now();
    const ids = await inTransaction(ctx, async ({ trx, emit }) => {
      await checkItems(trx, actor.shopId, entries.map((e) => e.numIid));
      const unique = [...last.values()];
      const written = await store.upsertEntries(trx, actor.shopId, unique, now);
      const byQuestion = new Map(unique.map((e, i) => [e.question, written[i]]));
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'knowledge.entries.import', entity: 'knowledge',
        entityId: written[0], after: { count: unique.length, ids: written }, at: now });
      emit(registry.changed(actor.shopId, written));
      return entries.map((e) => byQuestion.get(e.question)!);
    });
    await registry.refreshEntries(actor.shopId, [...new Set(ids)]);
    return { imported: new Set(ids).size, ids };
  });

  app.get('/api/knowledge/suggest', {
    schema: { operationId: 'knowledge.suggest', tags: TAGS, querystring: SuggestQuery,
      summary: 'Best answers for a buyer message, best first; score is a calibrated confidence 0–1',
      response: { 200: z.object({ suggestions: z.array(SuggestionSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { q, limit, num_iid } = request.query;
    const suggestions = await registry.suggest(actor.shopId, q, { limit, numIid: num_iid });
    return { suggestions: suggestions.map(presentSuggestion) };
  });

  app.get('/api/knowledge/settings', {
    schema: { operationId: 'knowledge.settings.get', tags: TAGS, summary: "The shop's auto-reply settings",
      response: {
        200: z.object({
          settings: SettingsSchema,
          llm: z.object({ model: z.string() }).nullable().describe('the language model drafts come from; null when none is configured'),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { settings: presentSettings(await store.getSettings(db, actor.shopId)), llm: llm ? { model: llm.model } : null };
  });

  app.patch('/api/knowledge/settings', {
    schema: { operationId: 'knowledge.settings.update', tags: TAGS, summary: 'Change the auto-reply settings', body: SettingsPatch,
      response: { 200: z.object({ settings: SettingsSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    const b = request.body;
    const settings = await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getSettings(trx, actor.shopId);
      const next = {
        enabled: b.enabled ?? before.enabled, threshold: b.threshold ?? before.threshold,
        whenNobodyOnline: b.when_nobody_online ?? before.whenNobodyOnline,
        offlineThreshold: b.offline_threshold ?? before.offlineThreshold, prefix: b.prefix ?? before.prefix,
      };
      checkAutoReplySettings(next);
      await store.saveSettings(trx, actor.shopId, next, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'knowledge.settings.update', entity: 'shop',
        entityId: actor.shopId, before: presentSettings(before), after: presentSettings(next), at: now });
      return next;
    });
    return { settings: presentSettings(settings) };
  });

  app.post('/api/knowledge/draft', {
    schema: { operationId: 'knowledge.draft', tags: TAGS, body: DraftBody,
      summary: 'A reply drafted by the configured language model from the best matching knowledge (optional feature)',
      response: { 200: z.object({ draft: z.string(), model: z.string(), sources: z.array(SuggestionSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!llm) {
      throw new AppError('LLM_NOT_CONFIGURED', 501, '未配置语言模型（XIAOER_LLM_URL、XIAOER_LLM_MODEL）',
        'No language model is configured (XIAOER_LLM_URL, XIAOER_LLM_MODEL)');
    }
    const knowledge = await registry.suggest(actor.shopId, request.body.q, { limit: 5, numIid: request.body.num_iid });
    return { draft: await draftAnswer(llm, request.body.q, knowledge), model: llm.model,
      sources: knowledge.map(presentSuggestion) };
  });
}
