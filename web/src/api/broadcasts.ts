import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { BroadcastStatus, RecipientStatus } from '../../../src/modules/broadcasts/rules.ts';
import { get, post } from './client';

export { BROADCAST_LIMITS, RECIPIENT_STATUSES, type BroadcastStatus, type RecipientStatus } from '../../../src/modules/broadcasts/rules.ts';

/** A broadcast (群发) to a saved segment, with its progress as the server counts it. */
export interface Broadcast {
  id: number;
  segment_id: number;
  segment_name: string;
  text: string;
  status: BroadcastStatus;
  rate_per_minute: number;
  total: number;
  sent: number;
  skipped_opt_out: number;
  failed: number;
  pending: number;
  percent: number;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

export interface Recipient {
  customer_id: number;
  nick: string;
  status: RecipientStatus;
  reason: string | null;
  conversation_id: number | null;
  seq: number | null;
  updated_at: string;
}

export interface Segment {
  id: number;
  name: string;
  rule: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface SegmentPreview {
  count: number;
  opted_out: number;
}

/** While a broadcast is sending, its numbers are asked again this often. */
export const PROGRESS_POLL_MS = 1500;
const LIST_PAGE = 20;

/** The shop's broadcasts, newest first, a page at a time; asked again while any of them is sending. */
export function useBroadcasts(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['broadcasts', 'list'],
    queryFn: ({ pageParam }) => get<{ broadcasts: Broadcast[] }>('/api/broadcasts', { limit: LIST_PAGE, before_id: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.broadcasts.length < LIST_PAGE ? undefined : last.broadcasts.at(-1)!.id),
    enabled,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.broadcasts.some((b) => b.status === 'sending')) ? PROGRESS_POLL_MS : false),
  });
}

export function useBroadcast(id: number | undefined) {
  return useQuery({
    queryKey: ['broadcasts', 'one', id],
    queryFn: () => get<{ broadcast: Broadcast }>(`/api/broadcasts/${id}`),
    select: (d) => d.broadcast,
    enabled: id !== undefined,
    retry: false,
    refetchInterval: (q) => (q.state.data?.broadcast.status === 'sending' ? PROGRESS_POLL_MS : false),
  });
}

/** One page of a broadcast's recipients; `version` (the progress counts) asks again whenever the progress moves. */
export function useRecipients(id: number | undefined, status: RecipientStatus | undefined, page: number, pageSize: number, version: string) {
  return useQuery({
    queryKey: ['broadcasts', 'recipients', id, status ?? 'all', page, pageSize, version],
    queryFn: () => get<{ recipients: Recipient[]; total: number }>(`/api/broadcasts/${id}/recipients`,
      { status, page_no: page, page_size: pageSize }),
    enabled: id !== undefined,
    placeholderData: keepPreviousData,
  });
}

export const startBroadcast = (body: { segment_id: number; text: string; rate_per_minute?: number }) =>
  post<{ broadcast: Broadcast }>('/api/broadcasts', body);

export const cancelBroadcast = (id: number) => post<{ broadcast: Broadcast }>(`/api/broadcasts/${id}/cancel`);

export function useSegments() {
  return useQuery({
    queryKey: ['customers', 'segments'],
    queryFn: () => get<{ segments: Segment[] }>('/api/customers/segments'),
    select: (d) => d.segments,
  });
}

/** How many customers the segment reaches now, and how many of them refuse broadcasts. */
export function useSegmentPreview(id: number | undefined) {
  return useQuery({
    queryKey: ['customers', 'segments', id, 'preview'],
    queryFn: () => get<{ segment: Segment; preview: SegmentPreview }>(`/api/customers/segments/${id}`),
    select: (d) => d.preview,
    enabled: id !== undefined,
    staleTime: 0,
  });
}
