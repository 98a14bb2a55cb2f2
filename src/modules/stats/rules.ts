import { AppError } from '../../errors.ts';

/**
 * 绩效与销售统计 (SPEC §11): what every figure means, in one place. The UI shows `name` and `definition` beside each
 * figure; the counters kept by migrations/017_stats.sql and the day fold in fold.ts compute exactly these.
 *
 * The unit of every per-buyer figure is a contact: one agent and one buyer on one day of the shop's calendar. A buyer
 * message is received by the agent serving the conversation when it is written; one written while nobody served it
 * (留言, queue) is received by the next agent assigned, at that moment. A buyer counts once a day.
 */
export type MetricKey =
  | 'consulted' | 'received' | 'inquired' | 'ordered_buyers' | 'paid_buyers' | 'conversion_rate' | 'sales'
  | 'avg_order_value' | 'items_per_buyer' | 'first_response_s' | 'avg_response_s' | 'reply_rate' | 'answer_ratio'
  | 'satisfaction' | 'refund_rate';

export interface Metric {
  key: MetricKey;
  name: string;
  name_en: string;
  definition: string;
  definition_en: string;
  unit: 'buyers' | 'rate' | 'fen' | 'items' | 'seconds' | 'ratio';
  /** Which way is good: a KPI target is reached from below (sales) or from above (response time). */
  better: 'higher' | 'lower';
}

export const METRICS: readonly Metric[] = [
  { key: 'consulted', name: '咨询人数', name_en: 'Buyers who wrote', unit: 'buyers', better: 'higher',
    definition: '当天给该客服发过消息的买家数（每位买家每天计一次；留言与排队的消息计入随后接待的客服）',
    definition_en: 'Buyers who sent the agent a message that day (once per buyer per day; messages left while nobody served go to the agent assigned next)' },
  { key: 'received', name: '接待人数', name_en: 'Buyers received', unit: 'buyers', better: 'higher',
    definition: '当天买家与该客服双方都至少发过一条消息的买家数',
    definition_en: 'Buyers with whom both sides sent at least one message that day' },
  { key: 'inquired', name: '询单人数', name_en: 'Buyers who asked before ordering', unit: 'buyers', better: 'higher',
    definition: '接待人数中，首次发消息前的归属窗口内没有在本店下过单的买家',
    definition_en: 'Buyers received who had placed no trade with the shop within the attribution window before they first wrote that day' },
  { key: 'ordered_buyers', name: '下单人数', name_en: 'Buyers who ordered', unit: 'buyers', better: 'higher',
    definition: '当天下单、且下单时归属该客服（窗口内最后接待该买家的客服）的买家数',
    definition_en: 'Buyers who placed a trade that day credited at ordering to the agent (the last agent who served them within the window)' },
  { key: 'paid_buyers', name: '付款人数', name_en: 'Buyers who paid', unit: 'buyers', better: 'higher',
    definition: '当天付款、且按店铺归属规则归属该客服的买家数',
    definition_en: "Buyers who paid a trade that day credited to the agent by the shop's attribution rule" },
  { key: 'conversion_rate', name: '询单转化率', name_en: 'Inquiry conversion', unit: 'rate', better: 'higher',
    definition: '询单买家中，在归属窗口内最终付款且付款归属该客服的比例：询单→付款人数 ÷ 询单人数',
    definition_en: 'Share of buyers who asked that finally paid, within the window, a trade credited to the agent: converted ÷ buyers who asked' },
  { key: 'sales', name: '客服销售额', name_en: 'Agent sales', unit: 'fen', better: 'higher',
    definition: '当天付款且归属该客服的交易的实付金额之和（分）；店铺总额减去各客服之和为静默销售额',
    definition_en: 'Sum paid for trades paid that day credited to the agent (fen); the shop total less all agents is silent sales' },
  { key: 'avg_order_value', name: '客单价', name_en: 'Sales per paying buyer', unit: 'fen', better: 'higher',
    definition: '客服销售额 ÷ 付款人数（分）', definition_en: 'Agent sales ÷ buyers who paid (fen)' },
  { key: 'items_per_buyer', name: '客件数', name_en: 'Items per paying buyer', unit: 'items', better: 'higher',
    definition: '归属该客服的已付款交易的商品件数 ÷ 付款人数', definition_en: 'Items in the paid trades credited to the agent ÷ buyers who paid' },
  { key: 'first_response_s', name: '首次响应时间', name_en: 'First response time', unit: 'seconds', better: 'lower',
    definition: '每位买家当天第一次得到该客服回复所等的秒数的平均值（从买家未获回复的第一条消息、或客服接到会话时起算，取较晚者）',
    definition_en: "Average seconds each buyer waited for the agent's first answer that day (from the buyer's earliest unanswered message, or from when the agent received the chat, whichever is later)" },
  { key: 'avg_response_s', name: '平均响应时间', name_en: 'Average response time', unit: 'seconds', better: 'lower',
    definition: '客服每次回复买家所等的秒数的平均值（起算同上）', definition_en: 'Average seconds of every answer the agent gave (timed as above)' },
  { key: 'reply_rate', name: '回复率', name_en: 'Reply rate', unit: 'rate', better: 'higher',
    definition: '接待人数 ÷ 咨询人数：写了消息的买家中得到该客服回复的比例', definition_en: 'Buyers received ÷ buyers who wrote' },
  { key: 'answer_ratio', name: '答问比', name_en: 'Answers per question', unit: 'ratio', better: 'higher',
    definition: '客服发出的消息数 ÷ 买家发来的消息数', definition_en: "Agent's messages ÷ buyers' messages" },
  { key: 'satisfaction', name: '满意度', name_en: 'Satisfaction', unit: 'rate', better: 'higher',
    definition: '买家会话评价中“满意”与“非常满意”所占比例（按评价当天计）', definition_en: "Share of the buyers' post-chat ratings that are satisfied or very satisfied (by the day of the rating)" },
  { key: 'refund_rate', name: '退款率', name_en: 'Refund rate', unit: 'rate', better: 'lower',
    definition: '当天付款且归属该客服的交易中，之后有退款（仅退款或退货退款，不含换货）成功的比例',
    definition_en: 'Share of the trades paid that day credited to the agent that later had a refund (refund only, or return and refund; not an exchange) succeed' },
];

export const METRIC_KEYS = METRICS.map((m) => m.key) as [MetricKey, ...MetricKey[]];
export const metricOf = (key: MetricKey) => METRICS.find((m) => m.key === key)!;

export const SILENT_SALES = {
  name: '静默销售额', name_en: 'Silent sales',
  definition: '当天付款但没有归属任何客服的交易的实付金额之和（店铺销售额 − 客服销售额）',
  definition_en: 'Sum paid for trades paid that day credited to no agent (shop sales − agent sales)',
};

// ——— attribution ———

export const ATTRIBUTION_RULES = ['order_first', 'payment', 'order'] as const;
export type AttributionRule = (typeof ATTRIBUTION_RULES)[number];
export const ATTRIBUTION_RULE_NAMES: Record<AttributionRule, string> = { order_first: '下单优先', payment: '付款', order: '下单' };
export const ATTRIBUTION_DAYS = { min: 2, max: 15, default: 3 } as const;

/** The agent a paid trade is credited to, from the agents credited at ordering and at payment. */
export function creditedAgent(rule: AttributionRule, orderAgent: number | null, payAgent: number | null): number | null {
  if (rule === 'order') return orderAgent;
  if (rule === 'payment') return payAgent;
  return orderAgent ?? payAgent;
}

export const windowMs = (days: number) => days * 86_400_000;

// ——— figures ———

/** The counters of one agent (or the team) over a period: sums of per-day rows. */
export interface Counters {
  consulted: number; received: number; inquired: number; converted: number;
  buyer_msgs: number; agent_msgs: number; responses: number; response_ms: number;
  first_responses: number; first_response_ms: number;
  ordered_buyers: number; paid_buyers: number; paid_trades: number; sales: number; items: number;
  refunded_trades: number; refund_fee: number; ratings: number; satisfied: number; rating_sum: number;
}

export const COUNTER_KEYS: readonly (keyof Counters)[] = [
  'consulted', 'received', 'inquired', 'converted', 'buyer_msgs', 'agent_msgs', 'responses', 'response_ms',
  'first_responses', 'first_response_ms', 'ordered_buyers', 'paid_buyers', 'paid_trades', 'sales', 'items',
  'refunded_trades', 'refund_fee', 'ratings', 'satisfied', 'rating_sum',
];

export const zeroCounters = (): Counters => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as unknown as Counters;

export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  const out = { ...a };
  for (const k of COUNTER_KEYS) out[k] += Number(b[k] ?? 0);
  return out;
}

export type Figures = Record<MetricKey, number | null>;

const ratio = (num: number, den: number, digits: number) => (den > 0 ? round(num / den, digits) : null);
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Every figure of METRICS from the counters; a figure with nothing to divide by is null (shown as “—”). */
export function figures(c: Counters): Figures {
  return {
    consulted: c.consulted,
    received: c.received,
    inquired: c.inquired,
    ordered_buyers: c.ordered_buyers,
    paid_buyers: c.paid_buyers,
    conversion_rate: ratio(c.converted, c.inquired, 4),
    sales: c.sales,
    avg_order_value: c.paid_buyers > 0 ? Math.round(c.sales / c.paid_buyers) : null,
    items_per_buyer: ratio(c.items, c.paid_buyers, 2),
    first_response_s: ratio(c.first_response_ms, c.first_responses * 1000, 1),
    avg_response_s: ratio(c.response_ms, c.responses * 1000, 1),
    reply_rate: ratio(c.received, c.consulted, 4),
    answer_ratio: ratio(c.agent_msgs, c.buyer_msgs, 2),
    satisfaction: ratio(c.satisfied, c.ratings, 4),
    refund_rate: ratio(c.refunded_trades, c.paid_trades, 4),
  };
}

// ——— KPI score ———

export interface KpiTarget {
  metric: MetricKey;
  target: number;
  weight: number;
}

export const KPI_LIMITS = { maxTargets: METRICS.length, maxWeight: 100 } as const;

/** A supervisor's targets: each metric once, a positive target (a rate at most 1) and a weight of 1–100. */
export function checkTargets(targets: KpiTarget[]): KpiTarget[] {
  const seen = new Set<MetricKey>();
  for (const t of targets) {
    if (seen.has(t.metric)) {
      throw new AppError('KPI_METRIC_TWICE', 400, `考核指标重复：${metricOf(t.metric).name}`, `A metric is targeted twice: ${t.metric}`, { metric: t.metric });
    }
    seen.add(t.metric);
    const m = metricOf(t.metric);
    if (!(t.target > 0) || (m.unit === 'rate' && t.target > 1)) {
      throw new AppError('BAD_KPI_TARGET', 400, `「${m.name}」的目标值无效`, `Bad target for ${t.metric}: a positive number${m.unit === 'rate' ? ' of at most 1' : ''}`, { metric: t.metric });
    }
    if (!Number.isInteger(t.weight) || t.weight < 1 || t.weight > KPI_LIMITS.maxWeight) {
      throw new AppError('BAD_KPI_WEIGHT', 400, '权重须为 1 到 100 的整数', 'A weight is a whole number from 1 to 100', { metric: t.metric });
    }
  }
  return targets;
}

export interface KpiScore {
  score: number | null;
  parts: { metric: MetricKey; actual: number | null; target: number; weight: number; achievement: number }[];
}

/**
 * 绩效得分 0–100: each target's achievement (actual ÷ target, or target ÷ actual where lower is better; no figure
 * means 0), capped at 100%, weighted by its weight.
 */
export function kpiScore(f: Figures, targets: KpiTarget[]): KpiScore {
  if (!targets.length) return { score: null, parts: [] };
  const parts = targets.map((t) => {
    const actual = f[t.metric];
    const m = metricOf(t.metric);
    let achievement = 0;
    if (actual !== null) achievement = m.better === 'higher' ? actual / t.target : actual <= 0 ? 1 : t.target / actual;
    return { metric: t.metric, actual, target: t.target, weight: t.weight, achievement: round(Math.min(1, achievement), 4) };
  });
  const weights = parts.reduce((s, p) => s + p.weight, 0);
  return { score: round((parts.reduce((s, p) => s + p.weight * p.achievement, 0) / weights) * 100, 1), parts };
}

// ——— periods ———

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A calendar day 'YYYY-MM-DD' that exists. */
export function checkDay(day: string, field = 'day'): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) {
    throw new AppError('BAD_DAY', 400, `日期格式应为 YYYY-MM-DD：${field}`, `\`${field}\` must be a day as YYYY-MM-DD`, { field });
  }
  return day;
}

export const MAX_RANGE_DAYS = 400;

/** An inclusive range of days, `from` not after `to`, at most MAX_RANGE_DAYS long. */
export function checkRange(from: string, to: string) {
  checkDay(from, 'from');
  checkDay(to, 'to');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) throw new AppError('BAD_TIME_RANGE', 400, '开始日期不能晚于结束日期', '`from` must not be later than `to`');
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('RANGE_TOO_LONG', 400, `统计区间最多 ${MAX_RANGE_DAYS} 天`, `A range is at most ${MAX_RANGE_DAYS} days`);
  }
  return { from, to, days };
}

/** 'YYYY-MM' → its first and last day. */
export function monthRange(month: string) {
  if (!MONTH.test(month)) throw new AppError('BAD_MONTH', 400, '月份格式应为 YYYY-MM', '`month` must be YYYY-MM');
  const [y, m] = month.split('-').map(Number);
  if (m < 1 || m > 12) throw new AppError('BAD_MONTH', 400, '月份格式应为 YYYY-MM', '`month` must be YYYY-MM');
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The shop's calendar day of an instant. */
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Days from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

// ——— who may see what ———

export interface StatsViewer {
  id: number;
  role: string;
  isMain: boolean;
  permissions: readonly string[];
}

/** The whole team's figures: the owner, supervisors (挂起审批 is the supervisor's permission) and finance. */
export const seesTeam = (a: StatsViewer) =>
  a.isMain || a.role === 'supervisor' || a.role === 'finance' || a.permissions.includes('suspend.approve');
/** Targets and attribution are the supervisor's to set. */
export const setsTargets = (a: StatsViewer) => a.isMain || a.role === 'supervisor' || a.permissions.includes('suspend.approve');

export const teamOnly = () =>
  new AppError('PERMISSION_DENIED', 403, '只有主管、财务或主账号可以查看团队数据', 'Only a supervisor, finance or the main account sees the team', { permission: 'stats.team' });
