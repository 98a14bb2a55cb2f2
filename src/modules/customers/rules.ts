import { AppError } from '../../errors.ts';

/** Customers (SPEC §9): membership levels, what counts as a purchase, segments. Pure: time is a parameter. */

/**
 * A purchase is a trade that was paid and neither refunded nor closed; its payment is the customer's spend.
 * migrations/012_customers.sql (customer_trade_counts) says the same for the aggregates kept in the database.
 */
export const COUNTED_STATUSES = ['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED'] as const;

export const countsAsPurchase = (status: string, payTime: Date | null) =>
  payTime !== null && (COUNTED_STATUSES as readonly string[]).includes(status);

export interface Level {
  name: string;
  /** Total spend (fen) from which a customer holds this level. */
  minSpend: number;
}

export const DEFAULT_LEVELS: readonly Level[] = [
  { name: '普通会员', minSpend: 0 },
  { name: '高级会员', minSpend: 100_000 },
  { name: 'VIP', minSpend: 500_000 },
  { name: '至尊VIP', minSpend: 2_000_000 },
];

export const LIMITS = {
  levels: 10,
  levelName: 20,
  maxSpend: 100_000_000_00, // one hundred million yuan, in fen
  tagName: 20,
  tagsPerShop: 200,
  tagsPerCustomer: 20,
  notes: 1000,
  segmentName: 40,
  segmentsPerShop: 100,
  ruleList: 50,
  days: 3650,
} as const;

const badLevels = (zh: string, en: string, details?: unknown) =>
  new AppError('CUSTOMER_LEVELS_INVALID', 400, `会员等级设置不正确：${zh}`, `Invalid membership levels: ${en}`, details);

/** Levels as the shop sets them: 1–10, distinct names, thresholds rising strictly from the first. */
export function checkLevels(levels: readonly Level[]): Level[] {
  if (levels.length < 1 || levels.length > LIMITS.levels) {
    throw badLevels(`须有 1 到 ${LIMITS.levels} 个等级`, `there must be 1 to ${LIMITS.levels} levels`);
  }
  const clean = levels.map((l) => ({ name: l.name.trim(), minSpend: l.minSpend }));
  const names = new Set<string>();
  clean.forEach((l, i) => {
    if (!l.name || [...l.name].length > LIMITS.levelName) {
      throw badLevels(`等级名称须为 1 到 ${LIMITS.levelName} 个字`, `a level name must be 1 to ${LIMITS.levelName} characters`, { index: i });
    }
    if (names.has(l.name)) throw badLevels(`等级名称“${l.name}”重复`, `the level name "${l.name}" is repeated`, { index: i });
    names.add(l.name);
    if (!Number.isSafeInteger(l.minSpend) || l.minSpend < 0 || l.minSpend > LIMITS.maxSpend) {
      throw badLevels('门槛须为不小于 0 的整数（分）', 'a threshold is a whole number of fen, at least 0', { index: i });
    }
    if (i > 0 && l.minSpend <= clean[i - 1].minSpend) {
      throw badLevels('门槛须逐级升高', 'each threshold must be higher than the one before', { index: i });
    }
  });
  return clean;
}

/** The level a spend reaches (none below the first threshold), and what the next one needs. */
export function levelOf(levels: readonly Level[], spend: number) {
  let at = -1;
  for (let i = 0; i < levels.length; i++) if (spend >= levels[i].minSpend) at = i;
  const next = levels[at + 1];
  return {
    level: at >= 0 ? levels[at] : null,
    next: next ?? null,
    toNext: next ? next.minSpend - spend : null,
  };
}

/** A half-open spend interval [min, max); max null is unbounded. */
export interface SpendRange {
  min: number;
  max: number | null;
}

/**
 * The spends of the named levels, adjacent ones merged. A name the shop no longer has matches nobody: a broadcast
 * to a renamed level must not go to everyone.
 */
export function spendRanges(levels: readonly Level[], names: readonly string[]): SpendRange[] {
  const ranges: SpendRange[] = [];
  levels.forEach((l, i) => {
    if (!names.includes(l.name)) return;
    const max = levels[i + 1]?.minSpend ?? null;
    const last = ranges[ranges.length - 1];
    if (last && last.max === l.minSpend) last.max = max;
    else ranges.push({ min: l.minSpend, max });
  });
  return ranges;
}

/** Repurchase rate (复购率): buyers with two purchases or more among buyers with one or more; null without buyers. */
export function repurchaseRate(buyers: number, repeatBuyers: number) {
  return buyers > 0 ? Math.round((repeatBuyers / buyers) * 10_000) / 10_000 : null;
}

/** What a segment (or the list's filters) asks of a customer; every field narrows, an absent one does not. */
export interface SegmentRule {
  tag_ids?: number[];
  tag_match?: 'any' | 'all';
  levels?: string[];
  last_purchase_from?: string;
  last_purchase_to?: string;
  /** Bought within the last N days (active buyers). */
  last_purchase_within_days?: number;
  /** Bought before, but not in the last N days (dormant buyers to win back). */
  last_purchase_before_days?: number;
  bought_num_iids?: number[];
  min_spend?: number;
  max_spend?: number;
}

/** The resolved form a query applies: levels turned into spend, relative windows into dates. */
export interface CustomerFilter {
  nickPrefix?: string;
  tagIds?: number[];
  tagMatch?: 'any' | 'all';
  spendRanges?: SpendRange[];
  minSpend?: number;
  maxSpend?: number;
  lastPurchaseFrom?: Date;
  lastPurchaseTo?: Date;
  boughtNumIids?: number[];
  optOut?: boolean;
}

const DAY_MS = 86_400_000;
const later = (a: Date | undefined, b: Date | undefined) => (!a ? b : !b ? a : a > b ? a : b);
const earlier = (a: Date | undefined, b: Date | undefined) => (!a ? b : !b ? a : a < b ? a : b);

export function resolveRule(rule: SegmentRule, levels: readonly Level[], now: Date): CustomerFilter {
  const f: CustomerFilter = {};
  if (rule.tag_ids?.length) {
    f.tagIds = [...new Set(rule.tag_ids)];
    f.tagMatch = rule.tag_match ?? 'any';
  }
  if (rule.levels?.length) f.spendRanges = spendRanges(levels, rule.levels);
  if (rule.min_spend !== undefined) f.minSpend = rule.min_spend;
  if (rule.max_spend !== undefined) f.maxSpend = rule.max_spend;
  let from = rule.last_purchase_from ? new Date(rule.last_purchase_from) : undefined;
  let to = rule.last_purchase_to ? new Date(rule.last_purchase_to) : undefined;
  if (rule.last_purchase_within_days !== undefined) {
    from = later(from, new Date(now.getTime() - rule.last_purchase_within_days * DAY_MS));
  }
  if (rule.last_purchase_before_days !== undefined) {
    to = earlier(to, new Date(now.getTime() - rule.last_purchase_before_days * DAY_MS));
  }
  if (from) f.lastPurchaseFrom = from;
  if (to) f.lastPurchaseTo = to;
  if (rule.bought_num_iids?.length) f.boughtNumIids = [...new Set(rule.bought_num_iids)];
  return f;
}

/** A rule must narrow something: an empty one would be "every customer", which a broadcast should say outright. */
export function checkRule(rule: SegmentRule) {
  const { tag_match: _match, ...rest } = rule;
  const narrowing = Object.values(rest).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
  if (!narrowing) {
    throw new AppError('SEGMENT_RULE_EMPTY', 400, '分群规则至少需要一个条件', 'A segment rule needs at least one condition');
  }
  if (rule.min_spend !== undefined && rule.max_spend !== undefined && rule.min_spend > rule.max_spend) {
    throw new AppError('SEGMENT_RULE_INVALID', 400, '最低消费不能高于最高消费', 'min_spend cannot exceed max_spend');
  }
  if (rule.last_purchase_from && rule.last_purchase_to && new Date(rule.last_purchase_from) >= new Date(rule.last_purchase_to)) {
    throw new AppError('SEGMENT_RULE_INVALID', 400, '最近购买时间的起点须早于终点', 'last_purchase_from must be before last_purchase_to');
  }
  return rule;
}

/** Tags a customer ends with: the ones given, each at most once. */
export function checkTagSet(tagIds: readonly number[]) {
  const unique = [...new Set(tagIds)];
  if (unique.length > LIMITS.tagsPerCustomer) {
    throw new AppError('TOO_MANY_TAGS', 400, `一个客户最多 ${LIMITS.tagsPerCustomer} 个标签`,
      `A customer may have at most ${LIMITS.tagsPerCustomer} tags`);
  }
  return unique;
}

export interface ContactSource {
  mobile: string;
  name: string | null;
  source: 'profile' | 'account' | 'receiver';
  lastUsed: Date | null;
}

/** Phone numbers to reach a customer: the seller's own record first, then the platform account, then receivers. */
export function mergeContacts(
  profileMobile: string | null, accountMobile: string | null,
  receivers: readonly { receiver_mobile: string; receiver_name: string; last_used: Date }[],
): ContactSource[] {
  const out: ContactSource[] = [];
  const seen = new Set<string>();
  const add = (c: ContactSource) => {
    if (!c.mobile || seen.has(c.mobile)) return;
    seen.add(c.mobile);
    out.push(c);
  };
  if (profileMobile) add({ mobile: profileMobile, name: null, source: 'profile', lastUsed: null });
  if (accountMobile) add({ mobile: accountMobile, name: null, source: 'account', lastUsed: null });
  const byRecent = [...receivers].sort((a, b) => new Date(b.last_used).getTime() - new Date(a.last_used).getTime());
  for (const r of byRecent) add({ mobile: r.receiver_mobile, name: r.receiver_name, source: 'receiver', lastUsed: r.last_used });
  return out;
}

/** Repurchase periods: at most this many buckets in one request. */
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];
export const MAX_BUCKETS = 400;

export function checkStatsRange(from: Date, to: Date, period: Period) {
  if (!(from < to)) throw new AppError('STATS_RANGE_INVALID', 400, '起始时间须早于结束时间', '`from` must be before `to`');
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  const buckets = period === 'day' ? days : period === 'week' ? days / 7 : days / 28;
  if (buckets > MAX_BUCKETS) {
    throw new AppError('STATS_RANGE_TOO_LONG', 400, `时间范围太长：最多 ${MAX_BUCKETS} 个统计周期`,
      `The range is too long: at most ${MAX_BUCKETS} periods`);
  }
}
