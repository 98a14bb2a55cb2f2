import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Counters, Figures, KpiTarget, Metric, MetricKey } from '../../../src/modules/stats/rules.ts';
import { api, get, post } from './client';

export type { Counters, Figures, KpiTarget, Metric, MetricKey };

/** The figures a drill-down opens (src/modules/stats/drilldown-api.ts): every metric, and the shop report's. */
export type DrillFigure = MetricKey | 'silent_sales' | 'shop_trades' | 'shop_paid' | 'shop_refunds';
export type DrillKind = 'contacts' | 'ordered' | 'paid' | 'ratings';

/** 绩效与销售统计 as the server reports it (docs/stats.md): days are the shop's calendar days, money in fen. */
export interface Range {
  from: string;
  to: string;
}

export interface Definitions {
  metrics: Metric[];
  silent_sales: { name: string; name_en: string; definition: string; definition_en: string };
  attribution_rules: Record<string, string>;
}

export interface AgentLine {
  agent_id: number;
  login: string;
  name: string;
  counters: Counters;
  figures: Figures;
}

export interface TeamReport extends Range {
  agents: AgentLine[];
  team: { counters: Counters; figures: Figures } | null;
}

export interface DayLine {
  day: string;
  counters: Counters;
  figures: Figures;
}

export interface ShopDay {
  day: string; trades: number; ordered_buyers: number; paid_trades: number; paid_buyers: number; sales: number; items: number;
  refunded_trades: number; refund_fee: number; agent_sales: number; silent_sales: number;
}

export interface ShopReport extends Range {
  totals: {
    trades: number; paid_trades: number; sales: number; agent_sales: number; silent_sales: number; items: number;
    ordered_buyers: number; paid_buyers: number; avg_order_value: number | null; refunded_trades: number; refund_fee: number;
    refund_rate: number | null;
  };
  days: ShopDay[];
}

export interface ProductLine { num_iid: number; title: string | null; paid_trades: number; items: number; sales: number }

export interface Ranking { rank: number; agent_id: number; login: string; name: string; value: number | null }

export interface ScoreLine {
  agent_id: number;
  login: string;
  name: string;
  figures: Figures;
  score: number | null;
  parts: { metric: MetricKey; actual: number | null; target: number; weight: number; achievement: number }[];
}

export interface Scores { month: string; targets: KpiTarget[]; version: number; agents: ScoreLine[] }

export interface DrillContact {
  day: string; agent: { id: number; name: string }; buyer_id: number; buyer_nick: string; conversation_id: number | null;
  buyer_msgs: number; agent_msgs: number; received: boolean; responses: number; first_response_s: number | null;
  avg_response_s: number | null; inquiry: boolean; converted: boolean; ordered: number; paid: number;
}

export interface DrillTrade {
  tid: number; day: string; buyer_id: number; buyer_nick: string; status: string; created: string; pay_time: string | null;
  payment: number; items: number; agent: { id: number; name: string } | null; refunded: boolean; refund_fee: number;
  conversation_id: number | null;
}

export interface DrillRating {
  id: number; conversation_id: number; buyer_nick: string; agent: { id: number; name: string }; score: number; satisfied: boolean;
  comment: string | null; day: string; created_at: string;
}

export interface Drilldown extends Range {
  figure: DrillFigure;
  kind: DrillKind;
  agent_id: number | null;
  truncated: boolean;
  contacts: DrillContact[];
  trades: DrillTrade[];
  ratings: DrillRating[];
}

/** What each figure means never changes while the page is open. */
export function useDefinitions() {
  return useQuery({ queryKey: ['stats', 'definitions'], queryFn: () => get<Definitions>('/api/stats/definitions'), staleTime: Infinity });
}

export function useTeamReport(range: Range) {
  return useQuery({
    queryKey: ['stats', 'agents', range], queryFn: () => get<TeamReport>('/api/stats/agents', { ...range }),
    placeholderData: keepPreviousData,
  });
}

/** One agent's days, or the team's when `agentId` is undefined; `enabled` false for those who see only themselves. */
export function useDays(range: Range, agentId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'days', agentId ?? 'team', range],
    queryFn: () => get<{ days: DayLine[] }>(agentId === undefined ? '/api/stats/team/days' : `/api/stats/agents/${agentId}/days`, { ...range }),
    select: (d) => d.days,
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useShopReport(range: Range) {
  return useQuery({ queryKey: ['stats', 'shop', range], queryFn: () => get<ShopReport>('/api/stats/shop', { ...range }), placeholderData: keepPreviousData });
}

export function useProducts(range: Range) {
  return useQuery({
    queryKey: ['stats', 'products', range], queryFn: () => get<{ products: ProductLine[] }>('/api/stats/products', { ...range, limit: 100 }),
    select: (d) => d.products,
    placeholderData: keepPreviousData,
  });
}

export function useLeaderboard(range: Range, metric: MetricKey) {
  return useQuery({
    queryKey: ['stats', 'leaderboard', range, metric],
    queryFn: () => get<{ ranking: Ranking[] }>('/api/stats/leaderboard', { ...range, metric, limit: 50 }),
    select: (d) => d.ranking,
    placeholderData: keepPreviousData,
  });
}

export function useScores(month: string, enabled: boolean) {
  return useQuery({ queryKey: ['stats', 'scores', month], queryFn: () => get<Scores>('/api/stats/scores', { month }), enabled });
}

export function useTargets(month: string) {
  return useQuery({
    queryKey: ['stats', 'targets', month],
    queryFn: () => get<{ month: string; targets: KpiTarget[]; version: number }>('/api/stats/targets', { month }),
  });
}

export function useSaveTargets() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { month: string; targets: KpiTarget[]; version: number }) =>
      post<{ month: string; targets: KpiTarget[]; version: number }>('/api/stats/targets', body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['stats'] }),
  });
}

export interface StatsSettings { attribution_days: number; attribution_rule: 'order_first' | 'payment' | 'order'; version: number }

export function useStatsSettings() {
  return useQuery({ queryKey: ['stats', 'settings'], queryFn: () => get<{ settings: StatsSettings }>('/api/stats/settings'), select: (d) => d.settings });
}

export function useSaveStatsSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<StatsSettings>) => api<{ settings: StatsSettings }>('PATCH', '/api/stats/settings', body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['stats', 'settings'] }),
  });
}

export interface DrillQuery extends Range {
  figure: DrillFigure;
  agent_id?: number;
}

export function useDrilldown(q: DrillQuery | null) {
  return useQuery({
    queryKey: ['stats', 'drilldown', q],
    queryFn: () => get<Drilldown>('/api/stats/drilldown', { ...q!, limit: 500 }),
    enabled: !!q,
  });
}

/** The team report as a file the browser downloads (the server checks `export`). */
export const agentsCsvUrl = (range: Range) => `/api/stats/agents.csv?${new URLSearchParams({ ...range })}`;
