import { z } from 'zod';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';
import { LIMITS, levelOf, PERIODS, type Level } from './rules.ts';
import { SORTS } from './filter-sql.ts';
import type { CustomerRow, TagRow } from './store.ts';

/** Request and answer schemas with the platform's field names (amounts in fen); the web app imports them too. */
const Fen = z.number().int().min(0).max(LIMITS.maxSpend).describe('integer fen (分)');
const FenQuery = z.coerce.number().int().min(0).max(LIMITS.maxSpend);
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const NumIid = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const NickParam = z.object({ nick: z.string().trim().min(1).max(64).describe('买家昵称') });
export const IdParam = z.object({ id: Id });

/** "3,5,8" in a query string. */
const IdList = z.string().max(400).regex(/^\d+(,\d+)*$/, 'comma-separated ids')
  .transform((s) => s.split(',').map(Number));

export const CustomerListQuery = z.object({
  nick: z.string().trim().min(1).max(32).optional().describe('昵称前缀'),
  tag_ids: IdList.optional().describe('标签 id，逗号分隔'),
  tag_match: z.enum(['any', 'all']).default('any'),
  level: z.string().trim().min(1).max(LIMITS.levelName).optional().describe('会员等级名称'),
  last_purchase_from: z.coerce.date().optional(),
  last_purchase_to: z.coerce.date().optional(),
  min_spend: FenQuery.optional(),
  max_spend: FenQuery.optional(),
  num_iid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('买过的商品'),
  opt_out: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS, ...(keyof typeof SORTS)[]]).default('last_purchase_desc'),
  page_no: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(40),
});

export const CustomerPatch = z.object({
  tag_ids: z.array(NumIid).max(LIMITS.tagsPerCustomer * 2).optional().describe('客户的全部标签（替换）'),
  notes: z.string().trim().max(LIMITS.notes).optional(),
  opt_out: z.boolean().optional().describe('拒收群发'),
  mobile: z.string().regex(/^1\d{10}$/, '11-digit mobile number').nullable().optional(),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');

const TAG_COLORS = ['magenta', 'red', 'volcano', 'orange', 'gold', 'lime', 'green', 'cyan', 'blue', 'geekblue', 'purple'] as const;
const TagColor = z.union([z.enum(TAG_COLORS), z.string().regex(/^#[0-9a-fA-F]{6}$/)]);
const TagName = z.string().trim().min(1).max(LIMITS.tagName);
export const TagBody = z.object({ name: TagName, color: TagColor.default('blue') });
export const TagPatch = z.object({ name: TagName.optional(), color: TagColor.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const LevelsBody = z.object({
  levels: z.array(z.object({ name: z.string().max(LIMITS.levelName * 2), min_spend: Fen })).min(1).max(LIMITS.levels),
});

export const StatsQuery = z.object({
  from: z.coerce.date().optional().describe('default: a year before `to`'),
  to: z.coerce.date().optional().describe('default: now'),
  period: z.enum(PERIODS).default('month'),
});

const IsoTime = z.iso.datetime({ offset: true });
const Days = z.number().int().min(1).max(LIMITS.days);

export const SegmentRuleSchema = z.object({
  tag_ids: z.array(NumIid).max(LIMITS.ruleList).optional(),
  tag_match: z.enum(['any', 'all']).optional().describe('any: 任一标签；all: 全部标签'),
  levels: z.array(z.string().trim().min(1).max(LIMITS.levelName)).max(LIMITS.levels).optional(),
  last_purchase_from: IsoTime.optional(),
  last_purchase_to: IsoTime.optional(),
  last_purchase_within_days: Days.optional().describe('最近 N 天内购买过'),
  last_purchase_before_days: Days.optional().describe('N 天内没有购买（沉睡客户）'),
  bought_num_iids: z.array(NumIid).max(LIMITS.ruleList).optional().describe('买过其中任一商品'),
  min_spend: Fen.optional(),
  max_spend: Fen.optional(),
}).strict();

const SegmentName = z.string().trim().min(1).max(LIMITS.segmentName);
export const SegmentBody = z.object({ name: SegmentName, rule: SegmentRuleSchema });
export const SegmentPatch = z.object({ name: SegmentName.optional(), rule: SegmentRuleSchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const PreviewBody = z.object({ rule: SegmentRuleSchema });

export const presentTag = (t: TagRow) => ({ id: t.id, name: t.name, color: t.color });

export const presentLevels = (levels: readonly Level[]) => levels.map((l) => ({ name: l.name, min_spend: l.minSpend }));

export function presentCustomer(c: CustomerRow, tags: TagRow[], levels: readonly Level[]) {
  return {
    id: c.id, nick: c.nick, buyer_id: c.buyer_id, origin: c.origin, mobile: c.mobile, notes: c.notes, opt_out: c.opt_out,
    level: levelOf(levels, c.total_spend).level?.name ?? null,
    tags: tags.map(presentTag),
    trade_count: c.trade_count, paid_trade_count: c.paid_trade_count, total_spend: c.total_spend,
    first_purchase_at: c.first_purchase_at, last_purchase_at: c.last_purchase_at, last_trade_at: c.last_trade_at,
    favourites_count: c.favourites_count, created_at: c.created_at, updated_at: c.updated_at,
  };
}

export function presentLevel(levels: readonly Level[], spend: number) {
  const { level, next, toNext } = levelOf(levels, spend);
  return {
    name: level?.name ?? null, min_spend: level?.minSpend ?? null,
    next: next ? { name: next.name, min_spend: next.minSpend } : null, to_next: toNext,
  };
}

/** The answers' shapes: customers as presentCustomer shows them, tags, levels, segments and imports. */
export const TagSchema = z.object({ id: Int, name: z.string(), color: z.string() });

export const CustomerSchema = z.object({
  id: Int,
  nick: z.string(),
  buyer_id: Int.nullable().describe('null for a customer imported who never signed up'),
  origin: z.string().describe('how the customer first came: trade, chat, import, favourite or buyer'),
  mobile: z.string().nullable(),
  notes: z.string(),
  opt_out: z.boolean().describe('refuses broadcasts'),
  level: z.string().nullable().describe('membership level by total spend'),
  tags: z.array(TagSchema),
  trade_count: Int,
  paid_trade_count: Int,
  total_spend: Int.describe('fen'),
  first_purchase_at: Timestamp.nullable(),
  last_purchase_at: Timestamp.nullable(),
  last_trade_at: Timestamp.nullable(),
  favourites_count: Int,
  created_at: Timestamp,
  updated_at: Timestamp,
});

const LevelRef = z.object({ name: z.string(), min_spend: Int.describe('fen') });
export const LevelDetailSchema = z.object({
  name: z.string().nullable(),
  min_spend: Int.nullable(),
  next: LevelRef.nullable(),
  to_next: Int.nullable().describe('fen still to spend to reach the next level'),
});
export const CustomerDetailSchema = CustomerSchema.extend({ level_detail: LevelDetailSchema });

export const LevelsAnswer = z.object({ levels: z.array(LevelRef.extend({ customers: Int })) });

export const SegmentSchema = z.object({
  id: Int,
  name: z.string(),
  rule: AnyJson.describe('the rule, as given to crm.segment.add'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export const SegmentPreviewSchema = z.object({
  count: Int.describe('customers the rule reaches now'),
  opted_out: Int.describe('of them, those who refuse broadcasts'),
  sample: z.array(CustomerSchema),
});

export const ImportSchema = z.object({
  id: Int,
  kind: z.enum(['customers', 'trades']),
  status: z.string().describe('running, done, failed, or interrupted (running but silent too long)'),
  file_name: z.string(),
  total: Int,
  processed: Int,
  imported: Int,
  rejected: Int,
  errors: z.array(z.looseObject({ line: Int, code: z.string(), reason: z.string(), reason_en: z.string() }))
    .describe('the rows refused, by line'),
  failure: z.string().nullable(),
  created_by: z.string(),
  created_at: Timestamp,
  finished_at: Timestamp.nullable(),
});
