import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseKind, Method, RegionFee, TraceStatus } from '../../../src/modules/logistics/rules.ts';
import { api, get, post } from './client';
import type { Receiver } from './types';

export {
  CASE_KIND_CODES, CASE_KINDS, COURIERS, METHOD_CODES, METHODS, OUT_SID, TRACE_STATUS_CODES, TRACE_STATUSES,
  type CaseKind, type Method, type RegionFee, type TraceStatus,
} from '../../../src/modules/logistics/rules.ts';

/** A shipping template (运费模板): first weight + additional weight, fees by province, free from a threshold. */
export interface TemplateInput {
  name: string;
  method: Method;
  is_default: boolean;
  first_weight_g: number;
  first_fee: number;
  additional_weight_g: number;
  additional_fee: number;
  free_threshold: number | null;
  region_fees: RegionFee[];
}
export interface Template extends TemplateInput {
  id: number;
}

export interface Trace {
  id: number;
  status: TraceStatus;
  status_name: string;
  description: string;
  location: string;
  occurred_at: string;
  source: 'warehouse' | 'courier';
  recorded_by?: string | null;
}

/** The tracking of a trade's parcel: its latest status and its events in time order (none before shipping). */
export interface Tracking {
  tid: number;
  company_code: string | null;
  company_name: string | null;
  out_sid: string | null;
  status: TraceStatus | null;
  status_name: string | null;
  traces: Trace[];
}

/** A parcel problem (问题件) on a trade, open until closed with an outcome. */
export interface ParcelCase {
  id: number;
  tid: number;
  kind: CaseKind;
  kind_name: string;
  status: 'open' | 'closed';
  company_code: string | null;
  out_sid: string | null;
  detail: Record<string, unknown>;
  note: string;
  amount: number | null;
  outcome: string | null;
  outcome_name: string | null;
  outcome_note: string | null;
  compensation: number | null;
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

const templatesKey = ['logistics', 'templates'] as const;
const tracesKey = (tid: number) => ['logistics', 'traces', tid] as const;
const casesKey = ['logistics', 'cases'] as const;

export function useTemplates() {
  return useQuery({
    queryKey: templatesKey,
    queryFn: async () => (await get<{ templates: Template[] }>('/api/logistics/templates')).templates,
  });
}

/** Adds a template, replaces one (`id`), or deletes one (`body` null). */
export function useTemplateCommand() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: TemplateInput | null }) => (body === null
      ? api('DELETE', `/api/logistics/templates/${id}`)
      : post(id === undefined ? '/api/logistics/templates' : `/api/logistics/templates/${id}`, body)),
    onSettled: () => qc.invalidateQueries({ queryKey: templatesKey }),
  });
}

export interface Quote {
  template_id: number;
  name: string;
  method_name: string;
  is_default: boolean;
  post_fee: number;
}
export const quotePostage = (body: { weight_g: number; items_total: number; receiver_state: string }) =>
  post<{ quotes: Quote[] }>('/api/logistics/postage', body);

export function useTracking(tid: number, enabled = true) {
  return useQuery({ queryKey: tracesKey(tid), queryFn: () => get<Tracking>(`/api/trades/${tid}/traces`), enabled });
}

export function useBuyerTracking(tid: number, enabled: boolean) {
  return useQuery({ queryKey: ['buyer', ...tracesKey(tid)], queryFn: () => get<Tracking>(`/api/buyer/trades/${tid}/traces`), enabled });
}

export function useAddTrace(tid: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: TraceStatus; description: string; location: string; occurred_at: string }) =>
      post<Tracking>(`/api/trades/${tid}/traces`, body),
    onSuccess: (tracking) => qc.setQueryData(tracesKey(tid), tracking),
  });
}

export function useCases(query: { status?: 'open' | 'closed'; kind?: CaseKind; tid?: number }) {
  return useQuery({
    queryKey: [...casesKey, query],
    queryFn: async () => (await get<{ cases: ParcelCase[] }>('/api/logistics/cases', { ...query, limit: 100 })).cases,
  });
}

export function useCaseCommand<B>(run: (key: number, body: B) => Promise<{ case: ParcelCase }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: number; body: B }) => run(key, body),
    onSettled: () => qc.invalidateQueries({ queryKey: casesKey }),
  });
}

export const caseCommands = {
  open: (tid: number, body: { kind: CaseKind; note: string; amount?: number | null; receiver?: Receiver | null }) =>
    post<{ case: ParcelCase }>(`/api/trades/${tid}/parcel-cases`, body),
  close: (id: number, body: { outcome: string; compensation?: number | null; note: string }) =>
    post<{ case: ParcelCase }>(`/api/logistics/cases/${id}/close`, body),
};
