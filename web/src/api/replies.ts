import { useQuery } from '@tanstack/react-query';
import { get, post } from './client';

/** A quick reply (快捷短语): the team's or my own, with its shortcut code. */
export interface QuickReply {
  id: number;
  scope: 'team' | 'personal';
  group_name: string | null;
  code: string | null;
  text: string;
  used: number;
}

export function useQuickReplies(enabled = true) {
  return useQuery({
    queryKey: ['replies'],
    queryFn: () => get<{ replies: QuickReply[] }>('/api/replies'),
    select: (d) => d.replies,
    staleTime: 60_000,
    enabled,
  });
}

/** The phrase with its variables ({买家}, {订单号}, …) filled from the conversation; counts one use. */
export const fillQuickReply = (id: number, conversationId: number) =>
  post<{ text: string }>(`/api/replies/${id}/use`, { conversation_id: conversationId });
