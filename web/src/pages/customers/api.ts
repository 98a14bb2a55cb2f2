import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post, put, upload } from '../../api/client';
import type { TradeStatus } from '../../api/shared';
import type { Item } from '../../api/types';
import type { SegmentRule } from '../../../../src/modules/customers/rules.ts';

export { LIMITS } from '../../../../src/modules/customers/rules.ts';
export type { SegmentRule };

/** The customer API's answers (docs/customers.md): snake_case, money in fen, times in ISO 8601. */
export interface CustomerTag {
  id: number;
  name: string;
  color: string;
}

export type CustomerOrigin = 'trade' | 'chat' | 'import' | 'favourite' | 'buyer';

export interface Customer {
  id: number;
  nick: string;
  buyer_id: number | null;
  origin: CustomerOrigin;
  mobile: string | null;
  notes: string;
  opt_out: boolean;
  level: string | null;
  tags: CustomerTag[];
  trade_count: number;
  paid_trade_count: number;
  total_spend: number;
  first_purchase_at: string | null;
  last_purchase_at: string | null;
  last_trade_at: string | null;
  favourites_count: number;
  created_at: string;
  updated_at: string;
}

export interface LevelDetail {
  name: string | null;
  min_spend: number | null;
  next: { name: string; min_spend: number } | null;
  to_next: number | null;
}

export interface CustomerWithLevel extends Customer {
  level_detail: LevelDetail;
}

export interface Address {
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
  trades: number;
  last_used: string;
}

export interface Profile {
  customer: CustomerWithLevel;
  contacts: { mobile: string; name: string | null; source: 'profile' | 'account' | 'receiver'; last_used: string | null }[];
  addresses: Address[];
  trades: {
    tid: number;
    status: TradeStatus;
    status_name: string;
    payment: number;
    created: string;
    pay_time: string | null;
    items: { num_iid: number; title: string; num: number }[];
  }[];
  trades_link: string;
  imported_trades: {
    tid: string;
    status: string;
    payment: number;
    created: string;
    pay_time: string | null;
    title: string;
    num: number;
    num_iid: number | null;
  }[];
  favourites: { num_iid: number; title: string; price: number; created_at: string }[];
  conversation: { id: number; status: string; last_seq: number; last_message_at: string | null; created_at: string } | null;
}

export type CustomerSort = 'last_purchase_desc' | 'last_purchase_asc' | 'spend_desc' | 'spend_asc' | 'purchases_desc' | 'newest';
export const SORTS: CustomerSort[] = ['last_purchase_desc', 'last_purchase_asc', 'spend_desc', 'spend_asc', 'purchases_desc', 'newest'];

export interface CustomerQuery {
  nick?: string;
  tag_ids?: string;
  tag_match?: 'any' | 'all';
  level?: string;
  last_purchase_from?: string;
  last_purchase_to?: string;
  min_spend?: number;
  max_spend?: number;
  num_iid?: number;
  opt_out?: 'true' | 'false';
  sort?: CustomerSort;
  page_no?: number;
  page_size?: number;
}

export interface CustomerPage {
  customers: Customer[];
  total: number;
  total_capped: boolean;
  page_no: number;
  page_size: number;
}

export interface TagInfo extends CustomerTag {
  customers: number;
  created_at: string;
}

export interface Level {
  name: string;
  min_spend: number;
  customers?: number;
}

export interface Segment {
  id: number;
  name: string;
  rule: SegmentRule;
  created_at: string;
  updated_at: string;
}

export interface Preview {
  count: number;
  opted_out: number;
  sample: Customer[];
}

export type ImportKind = 'customers' | 'trades';

export interface ImportError {
  line: number;
  code: string;
  reason: string;
  reason_en: string;
}

export interface CustomerImport {
  id: number;
  kind: ImportKind;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  file_name: string;
  total: number;
  processed: number;
  imported: number;
  rejected: number;
  failure: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  errors: ImportError[];
}

export interface RepurchaseFigures {
  buyers: number;
  repeat_buyers: number;
  total_spend: number;
  repurchase_rate: number | null;
}

export type StatsPeriod = 'day' | 'week' | 'month';

export interface Stats {
  all_time: RepurchaseFigures & { customers: number };
  range: RepurchaseFigures & { from: string; to: string };
  period: StatsPeriod;
  periods: (RepurchaseFigures & { start: string })[];
}

// Under a key of their own: the workbench's customer card keeps ['customers', nick].
export const crmKey = ['crm'] as const;
const nickUrl = (nick: string) => `/api/customers/${encodeURIComponent(nick)}`;

export function useCustomerList(query: CustomerQuery) {
  return useQuery({
    queryKey: [...crmKey, 'list', query],
    queryFn: () => get<CustomerPage>('/api/customers', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useProfile(nick: string | undefined) {
  return useQuery({
    queryKey: [...crmKey, 'profile', nick],
    queryFn: () => get<Profile>(nickUrl(nick!)),
    enabled: !!nick,
  });
}

export interface CustomerPatch {
  tag_ids?: number[];
  notes?: string;
  opt_out?: boolean;
  mobile?: string | null;
}

/** Every list, count and card showing the customer is refreshed, the workbench's included. */
function useRefresh() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: crmKey }), qc.invalidateQueries({ queryKey: ['customers'] })]);
}

export function useUpdateCustomer(nick: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CustomerPatch) => api<{ customer: CustomerWithLevel }>('PATCH', nickUrl(nick), body),
    onSuccess: refresh,
  });
}

export function useTags() {
  return useQuery({
    queryKey: [...crmKey, 'tags'],
    queryFn: async () => (await get<{ tags: TagInfo[] }>('/api/customers/tags')).tags,
  });
}

export function useTagCommands() {
  const refresh = useRefresh();
  const add = useMutation({
    mutationFn: (body: { name: string; color: string }) => post<{ tag: CustomerTag }>('/api/customers/tags', body),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: number; name?: string; color?: string }) =>
      api<{ tag: CustomerTag }>('PATCH', `/api/customers/tags/${id}`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: number) => api<{ deleted: number }>('DELETE', `/api/customers/tags/${id}`),
    onSuccess: refresh,
  });
  return { add, update, remove };
}

export function useLevels() {
  return useQuery({
    queryKey: [...crmKey, 'levels'],
    queryFn: async () => (await get<{ levels: Level[] }>('/api/customers/levels')).levels,
  });
}

export function useSaveLevels() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (levels: Level[]) => put<{ levels: Level[] }>('/api/customers/levels', { levels }),
    onSuccess: refresh,
  });
}

export function useSegments() {
  return useQuery({
    queryKey: [...crmKey, 'segments'],
    queryFn: async () => (await get<{ segments: Segment[] }>('/api/customers/segments')).segments,
  });
}

export const previewRule = (rule: SegmentRule) => post<{ preview: Preview }>('/api/customers/segments/preview', { rule });

export function useSegmentCommands() {
  const refresh = useRefresh();
  const save = useMutation({
    mutationFn: ({ id, name, rule }: { id?: number; name: string; rule: SegmentRule }) => id
      ? api<{ segment: Segment; preview: Preview }>('PATCH', `/api/customers/segments/${id}`, { name, rule })
      : post<{ segment: Segment; preview: Preview }>('/api/customers/segments', { name, rule }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: number) => api<{ deleted: number }>('DELETE', `/api/customers/segments/${id}`),
    onSuccess: refresh,
  });
  return { save, remove };
}

export function useImports() {
  return useQuery({
    queryKey: [...crmKey, 'imports'],
    queryFn: async () => (await get<{ imports: CustomerImport[] }>('/api/customers/imports')).imports,
  });
}

/** One import, asked again twice a second while it is still writing rows. */
export function useImport(id: number | undefined) {
  return useQuery({
    queryKey: [...crmKey, 'import', id],
    queryFn: async () => (await get<{ import: CustomerImport }>(`/api/customers/imports/${id}`)).import,
    enabled: id !== undefined,
    refetchInterval: (q) => (q.state.status === 'error' || (q.state.data && q.state.data.status !== 'running') ? false : 500),
  });
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    // `kind` goes before the file: the server reads the parts in order.
    mutationFn: ({ file, kind }: { file: File; kind?: ImportKind }) =>
      upload<{ import: CustomerImport }>('/api/customers/import', file, kind ? { kind } : {}),
    onSuccess: ({ import: started }) => {
      qc.setQueryData([...crmKey, 'import', started.id], started);
      return qc.invalidateQueries({ queryKey: [...crmKey, 'imports'] });
    },
  });
}

export function useStats(period: StatsPeriod) {
  return useQuery({
    queryKey: [...crmKey, 'stats', period],
    queryFn: () => get<Stats>('/api/customers/stats', { period }),
  });
}

/** The shop's items, for "bought item" conditions; the same list the calculator reads. */
export function useShopItems() {
  return useQuery({
    queryKey: ['items', 'all'],
    queryFn: async () => (await get<{ items: Item[] }>('/api/items', { page_size: 100 })).items,
    staleTime: 60_000,
  });
}
