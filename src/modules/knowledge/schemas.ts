import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import { LIMITS } from './rules.ts';
import type { EntryRow } from './store.ts';
import type { AutoReplySettings, Suggestion } from './rules.ts';

const NumIid = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const EntryBody = z.object({
  question: z.string().trim().min(1).max(LIMITS.question).describe('标准问题'),
  similar: z.array(z.string().max(LIMITS.similarLength)).max(LIMITS.similar).default([]).describe('相似问法'),
  answer: z.string().trim().min(1).max(LIMITS.answer).describe('答案'),
  num_iid: NumIid.nullable().optional().describe('适用商品；不填为全店通用'),
});
export type EntryBody = z.infer<typeof EntryBody>;

export const EntryPatch = EntryBody.partial().refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const ImportBody = z.object({ entries: z.array(EntryBody).min(1).max(LIMITS.importBatch) });

export const EntryId = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const EntryList = z.object({
  q: z.string().trim().max(200).optional().describe('按问题搜索（分词检索，按相关度排序）'),
  num_iid: z.coerce.number().int().positive().optional(),
  page_no: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(40),
});

export const SuggestQuery = z.object({
  q: z.string().trim().min(1).max(500).describe('买家的消息'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
  num_iid: z.coerce.number().int().positive().optional().describe('买家正在看的商品（会话里的商品卡片）'),
});

export const SettingsPatch = z.object({
  enabled: z.boolean().optional(),
  threshold: z.number().min(0.5).max(1).optional().describe('置信度达到即自动回复'),
  when_nobody_online: z.boolean().optional().describe('无客服在线时也自动回复'),
  offline_threshold: z.number().min(0.3).max(1).optional(),
  prefix: z.string().trim().min(1).max(20).optional().describe('自动回复的标记，如【自动回复】'),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const DraftBody = z.object({
  q: z.string().trim().min(1).max(500),
  num_iid: z.number().int().positive().optional(),
});

export const presentEntry = (r: EntryRow) => ({
  id: r.id, question: r.question, similar: r.similar ?? [], answer: r.answer, num_iid: r.num_iid,
  created_at: r.created_at, updated_at: r.updated_at,
});

export const presentSuggestion = (s: Suggestion) => ({
  id: s.id, question: s.question, answer: s.answer, score: s.score, source: s.source, num_iid: s.numIid,
  ...(s.field ? { field: s.field } : {}),
});

export const presentSettings = (s: AutoReplySettings) => ({
  enabled: s.enabled, threshold: s.threshold, when_nobody_online: s.whenNobodyOnline,
  offline_threshold: s.offlineThreshold, prefix: s.prefix,
});

/** The answers' shapes, as the present functions above show them. */
export const EntrySchema = z.object({
  id: Int,
  question: z.string(),
  similar: z.array(z.string()),
  answer: z.string(),
  num_iid: Int.nullable().describe('the item it is about; null for the whole shop'),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const SuggestionSchema = z.object({
  id: z.union([Int, z.string()]).describe("an entry's id, or `num_iid:field` for an answer read from an item's knowledge"),
  question: z.string(),
  answer: z.string(),
  score: z.number().describe('calibrated confidence, 0–1'),
  source: z.enum(['entry', 'product']),
  num_iid: Int.nullable(),
  field: z.string().optional().describe("the item's field the answer comes from (source product)"),
});

export const SettingsSchema = z.object({
  enabled: z.boolean(),
  threshold: z.number(),
  when_nobody_online: z.boolean(),
  offline_threshold: z.number(),
  prefix: z.string(),
});
