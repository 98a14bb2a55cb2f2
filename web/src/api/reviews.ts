import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Result } from '../../../src/modules/reviews/rules.ts';
import { get, post } from './client';

export {
  CONTACT_CHANNELS, CONTENT_MAX as REVIEW_CONTENT_MAX, FOLLOWUP_OUTCOMES, RESULT_CODES, RESULTS, STATS_GROUPS, type Result,
} from '../../../src/modules/reviews/rules.ts';

/** A review (评价) of one sub-order (docs/reviews.md); `buyer_nick` is for the shop's eyes only. */
export interface Review {
  id: number;
  tid: number;
  oid: number;
  num_iid: number;
  item_title: string;
  buyer_nick?: string;
  result: Result;
  result_name: string;
  content: string;
  original_result: Result | null;
  original_content: string | null;
  created: string;
  changed: string | null;
  can_change: boolean;
  change_deadline: string | null;
}

export type FollowupStatus = 'open' | 'contacted' | 'closed';
export type FollowupFilter = 'active' | FollowupStatus;
export type ContactChannel = 'chat' | 'phone' | 'sms';

export interface Followup {
  id: number;
  review_id: number;
  tid: number;
  oid: number;
  buyer_nick: string;
  result: Result;
  status: FollowupStatus;
  outcome: string | null;
  outcome_name: string | null;
  outcome_note: string | null;
  contacts: number;
  review_result: Result;
  review_content: string;
  num_iid: number;
  item_title: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
  contact_log?: { channel: ContactChannel; note: string; by_name: string; at: string }[];
}

export interface Counts {
  good: number;
  neutral: number;
  bad: number;
  total: number;
  good_rate: number | null;
}

export type StatsGroup = 'none' | 'item' | 'day' | 'week' | 'month';

export interface ReviewStats {
  start: string;
  end: string;
  group_by: StatsGroup;
  timezone: string;
  totals: Counts;
  groups: (Counts & { num_iid?: number; title?: string; period?: string })[];
}

export const reviewsKey = ['reviews'] as const;

export function useReviews(query: { result?: Result; tid?: number; limit?: number }) {
  return useQuery({
    queryKey: [...reviewsKey, 'list', query],
    queryFn: async () => (await get<{ reviews: Review[] }>('/api/reviews', { ...query })).reviews,
  });
}

export function useReviewStats(query: { start?: string; end?: string; group_by: StatsGroup }) {
  return useQuery({
    queryKey: [...reviewsKey, 'stats', query],
    queryFn: () => get<ReviewStats>('/api/reviews/stats', { ...query }),
  });
}

export function useFollowups(status: FollowupFilter) {
  return useQuery({
    queryKey: [...reviewsKey, 'followups', status],
    queryFn: async () => (await get<{ followups: Followup[] }>('/api/review-followups', { status, limit: 100 })).followups,
  });
}

/** After-sales notes a contact with the buyer, or closes the follow-up with its outcome. */
export function useFollowupCommand<B>(run: (id: number, body: B) => Promise<{ followup: Followup }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: B }) => run(id, body),
    onSettled: () => qc.invalidateQueries({ queryKey: reviewsKey }),
  });
}

export const followupCommands = {
  contact: (id: number, body: { channel: ContactChannel; note: string }) => post<{ followup: Followup }>(`/api/review-followups/${id}/contacts`, body),
  close: (id: number, body: { outcome: 'resolved' | 'unresolved'; note: string }) => post<{ followup: Followup }>(`/api/review-followups/${id}/close`, body),
};

// ---- the buyer's side

export interface BuyerTradeReviews {
  reviews: Review[];
  rateable: { oid: number; title: string; deadline: string }[];
}

const buyerReviewsKey = (tid: number) => ['buyer', 'reviews', tid] as const;

export function useBuyerTradeReviews(tid: number, enabled: boolean) {
  return useQuery({
    queryKey: buyerReviewsKey(tid),
    queryFn: () => get<BuyerTradeReviews>(`/api/buyer/trades/${tid}/reviews`),
    enabled,
  });
}

export function useBuyerReviewCommand<V>(tid: number, run: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => qc.invalidateQueries({ queryKey: buyerReviewsKey(tid) }) });
}

export const addReviews = (tid: number, rates: { oid: number; result: Result; content: string }[]) =>
  post<{ reviews: Review[] }>(`/api/buyer/trades/${tid}/reviews`, { rates });
export const changeReview = (id: number, body: { result: 'good'; content?: string }) =>
  post<{ review: Review }>(`/api/buyer/reviews/${id}/change`, body);
