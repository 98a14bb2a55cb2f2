import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RubricItem } from '../../../src/modules/supervision/rules.ts';
import type { ChatMessage } from '../chat/types';
import { get, post } from './client';

export type { RubricItem };

/** The live board (docs/supervision.md): instants as ISO strings, so a screen counts waits up by itself. */
export interface BoardAgent {
  account_id: number;
  login: string;
  name: string;
  role: string;
  status: 'online' | 'busy' | 'suspended' | 'offline';
  status_since: string;
  reception_limit: number;
  active: number;
  load: number | null;
  longest_wait: { conversation_id: number | null; since: string; seconds: number | null } | null;
}

export interface BoardConversation {
  id: number;
  buyer_nick: string;
  agent_id: number | null;
  status: 'active' | 'queued' | 'waiting';
  situation: string | null;
  assigned_at: string | null;
  queued_at: string | null;
  last_message_at: string | null;
  waiting_since: string | null;
  wait_s: number | null;
}

export interface Board {
  generated_at: string;
  agents: BoardAgent[];
  queue: {
    queued: number; waiting: number; oldest_queued_since: string | null; longest_queue_wait_s: number | null;
    oldest_waiting_since: string | null; longest_message_wait_s: number | null;
  };
  conversations: BoardConversation[];
}

interface RawMessage {
  seq: number; sender_kind: ChatMessage['sender']; sender_id: number | null; sender_name: string; kind: ChatMessage['kind'];
  body: Record<string, unknown>; created_at: string;
}

export interface ConversationView {
  conversation: {
    id: number; buyer_id: number; buyer_nick: string; status: string; agent_id: number | null; situation: string | null;
    assigned_at: string | null; last_seq: number; last_message_at: string | null; ended_at: string | null; created_at: string;
  };
  assignments: {
    assignment_id: number; agent_id: number; agent_name: string; via: string; from_agent_id: number | null; note: string | null;
    assigned_at: string; ended_at: string | null; end_reason: string | null; start_seq: number | null; end_seq: number | null;
  }[];
  messages: ChatMessage[];
  ratings: { id: number; agent_id: number | null; score: number; comment: string | null; created_at: string }[];
  reviews: { id: number; assignment_id: number; status: ReviewStatus; total: number | null; max_total: number }[];
}

/** The supervision API's messages in the chat's own shape, for the chat's message list. */
export const asChatMessage = (conversationId: number) => (m: RawMessage): ChatMessage => ({
  conversation_id: conversationId, seq: m.seq, client_msg_id: '', sender: m.sender_kind, sender_id: m.sender_id,
  sender_name: m.sender_name, kind: m.kind, body: m.body, created_at: m.created_at,
});

/** A conversation as a supervisor reads it: who served it when, the latest messages, ratings and reviews. */
export function useConversationView(id: number | undefined) {
  return useQuery({
    queryKey: ['supervision', 'conversation', id],
    queryFn: async () => {
      const v = await get<Omit<ConversationView, 'messages'> & { messages: RawMessage[] }>(`/api/supervision/conversations/${id}`, { limit: 200 });
      return { ...v, messages: v.messages.map(asChatMessage(id!)) } as ConversationView;
    },
    enabled: id !== undefined,
    retry: false,
  });
}

// ——— quality inspection (质检) ———

export type ReviewStatus = 'pending' | 'scored';

export interface Rubric {
  id: number;
  name: string;
  items: RubricItem[];
  active: boolean;
  version: number;
}

export interface Review {
  id: number;
  conversation_id: number;
  assignment_id: number;
  buyer_nick: string;
  agent: { id: number; name: string; login: string };
  status: ReviewStatus;
  session: { assigned_at: string | null; ended_at: string | null; from_seq: number | null; to_seq: number | null };
  items: (RubricItem & { score: number | null; comment: string | null })[];
  total: number | null;
  max_total: number;
  comment: string | null;
  reviewer: { id: number; name: string } | null;
  sampled_at: string;
  scored_at: string | null;
  acknowledged_at: string | null;
  version: number;
}

export function useRubrics(enabled = true) {
  return useQuery({
    queryKey: ['supervision', 'rubrics'],
    queryFn: () => get<{ rubrics: Rubric[]; template: RubricItem[] }>('/api/supervision/qa/rubrics'),
    enabled,
  });
}

export function useReviews(filter: { status?: ReviewStatus; agent_id?: number }) {
  return useQuery({
    queryKey: ['supervision', 'reviews', filter],
    queryFn: () => get<{ reviews: Review[] }>('/api/supervision/qa/reviews', { ...filter, limit: 200 }),
    select: (d) => d.reviews,
  });
}

export function useMyReviews() {
  return useQuery({
    queryKey: ['supervision', 'mine'],
    queryFn: () => get<{ reviews: Review[] }>('/api/supervision/qa/mine'),
    select: (d) => d.reviews,
  });
}

export function useReview(id: number | undefined) {
  return useQuery({
    queryKey: ['supervision', 'review', id],
    queryFn: async () => {
      const r = await get<{ review: Review; messages: RawMessage[] }>(`/api/supervision/qa/reviews/${id}`);
      return { review: r.review, messages: r.messages.map(asChatMessage(r.review.conversation_id)) };
    },
    enabled: id !== undefined,
  });
}

/** Every change to reviews and rubrics asks the lists again. */
function useQaMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: ['supervision'] }) });
}

export const useAddRubric = () =>
  useQaMutation((b: { name: string; items: RubricItem[] }) => post<{ rubric: Rubric }>('/api/supervision/qa/rubrics', b));

export const useSample = () =>
  useQaMutation((b: { rubric_id: number; from: string; to: string; count: number; agent_id?: number }) =>
    post<{ reviews: Review[] }>('/api/supervision/qa/samples', b));

export const useScoreReview = () =>
  useQaMutation(({ id, ...b }: { id: number; scores: Record<string, number>; item_comments: Record<string, string>; comment: string; version: number }) =>
    post<{ review: Review }>(`/api/supervision/qa/reviews/${id}/score`, b));

export const useAcknowledge = () =>
  useQaMutation((id: number) => post<{ review: Review }>(`/api/supervision/qa/reviews/${id}/acknowledge`));
