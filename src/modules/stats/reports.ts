import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AccountActor } from '../accounts/index.ts';
import {
  addCounters, figures, kpiScore, METRICS, metricOf, monthRange, round, seesTeam, SILENT_SALES, teamOnly, zeroCounters,
  type Counters, type Figures, type MetricKey,
} from './rules.ts';
import * as store from './store.ts';

/** The reports, read from the kept per-day rows: a 30-day team report sums a few rows per agent and day. */
type Db = Kysely<DB>;

const SERVING = new Set(['owner', 'service', 'aftersales', 'supervisor']);

export interface AgentLine {
  agent_id: number;
  login: string;
  name: string;
  counters: Counters;
  figures: Figures;
}

/** 客服绩效: every agent with figures in the range (and every serving agent without), and the team's totals. */
export async function teamReport(db: Db, actor: AccountActor, from: string, to: string) {
  const team = seesTeam(actor);
  const [rows, accounts] = await Promise.all([
    store.agentCounters(db, actor.shopId, from, to, team ? undefined : actor.id),
    store.accounts(db, actor.shopId),
  ]);
  const byId = new Map(rows.map((r) => [r.agent_id, r]));
  const lines: AgentLine[] = accounts
    .filter((a) => (team ? byId.has(a.id) || (!a.disabled && SERVING.has(a.role)) : a.id === actor.id))
    .map((a) => {
      const c = byId.get(a.id) ?? { ...zeroCounters(), agent_id: a.id };
      const { agent_id: _id, ...counters } = c;
      return { agent_id: a.id, login: a.login, name: a.display_name, counters, figures: figures(counters) };
    });
  const total = lines.reduce((s, l) => addCounters(s, l.counters), zeroCounters());
  return { from, to, agents: lines, team: team ? { counters: total, figures: figures(total) } : null };
}

/** One agent's (or the team's) figures day by day, for the charts. */
export async function dailyReport(db: Db, shopId: number, from: string, to: string, agentId?: number) {
  const rows = await store.dailyCounters(db, shopId, from, to, agentId);
  return rows.map(({ day, ...c }) => ({ day, counters: c as Counters, figures: figures(c as Counters) }));
}

/** 销售统计: the shop's sales, trades and buyers per day and over the range, with 静默销售额. */
export async function shopReport(db: Db, shopId: number, from: string, to: string) {
  const [days, buyers] = await Promise.all([store.shopDays(db, shopId, from, to), store.shopBuyers(db, shopId, from, to)]);
  const withSilent = days.map((d) => ({ ...d, silent_sales: d.sales - d.agent_sales }));
  const sum = (k: keyof (typeof withSilent)[number]) => withSilent.reduce((s, d) => s + Number(d[k]), 0);
  const sales = sum('sales');
  const paid = sum('paid_trades');
  return {
    from, to,
    totals: {
      trades: sum('trades'), paid_trades: paid, sales, agent_sales: sum('agent_sales'), silent_sales: sum('silent_sales'),
      items: sum('items'), ordered_buyers: buyers.ordered, paid_buyers: buyers.paid,
      avg_order_value: buyers.paid ? Math.round(sales / buyers.paid) : null,
      refunded_trades: sum('refunded_trades'), refund_fee: sum('refund_fee'),
      refund_rate: paid ? round(sum('refunded_trades') / paid, 4) : null,
    },
    days: withSilent,
    definitions: { silent_sales: SILENT_SALES },
  };
}

/** 排行榜: the agents ranked by one figure (best first, those without it last). */
export async function leaderboard(db: Db, actor: AccountActor, from: string, to: string, metric: MetricKey, limit: number) {
  const report = await teamReport(db, { ...actor, isMain: true }, from, to);
  const better = metricOf(metric).better;
  const ranked = report.agents
    .map((a) => ({ agent_id: a.agent_id, login: a.login, name: a.name, value: a.figures[metric] }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.agent_id - b.agent_id : 1) : -1;
      return (better === 'higher' ? b.value - a.value : a.value - b.value) || a.agent_id - b.agent_id;
    })
    .slice(0, limit);
  // Equal values share a rank.
  let rank = 0;
  const ranking = ranked.map((r, i) => {
    if (i === 0 || r.value !== ranked[i - 1].value) rank = i + 1;
    return { rank, ...r };
  });
  return { from, to, metric: metricOf(metric), ranking };
}

/** 月度绩效得分: each agent's figures of the month against the supervisor's weighted targets. */
export async function monthScores(db: Db, actor: AccountActor, month: string) {
  if (!seesTeam(actor)) throw teamOnly();
  const { from, to } = monthRange(month);
  const [report, t] = await Promise.all([teamReport(db, actor, from, to), store.getTargets(db, actor.shopId, month)]);
  const agents = report.agents
    .map((a) => ({ agent_id: a.agent_id, login: a.login, name: a.name, figures: a.figures, ...kpiScore(a.figures, t.targets) }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.agent_id - b.agent_id);
  return { month, from, to, targets: t.targets, version: t.version, agents };
}

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));
const percent = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(2)}%`);

function cell(key: MetricKey, v: number | null) {
  const unit = metricOf(key).unit;
  if (v === null) return '';
  if (unit === 'fen') return yuan(v);
  if (unit === 'rate') return percent(v);
  return String(v);
}

/** The team report as a spreadsheet: Chinese headers, amounts in yuan, rates in percent; Excel reads the BOM. */
export function teamCsv(report: Awaited<ReturnType<typeof teamReport>>) {
  const header = ['客服', '账号', ...METRICS.map((m) => (m.unit === 'fen' ? `${m.name}(元)` : m.unit === 'seconds' ? `${m.name}(秒)` : m.name))];
  const rows = report.agents.map((a) => [a.name, a.login, ...METRICS.map((m) => cell(m.key, a.figures[m.key]))]);
  if (report.team) rows.push(['合计', '', ...METRICS.map((m) => cell(m.key, report.team!.figures[m.key]))]);
  return '\ufeff' + stringify([header, ...rows]);
}
