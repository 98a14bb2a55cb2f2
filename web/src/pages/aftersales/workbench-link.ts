import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { get } from '../../api/client';
import type { AgentChat } from '../../chat/agent-chat';
import type { Conversation } from '../../chat/types';

/** The workbench, opened on one buyer's conversation (from a refund's detail, say). */
export const workbenchLink = (conversationId: number) => `/workbench?conversation=${conversationId}`;

/**
 * Opens the conversation named in the workbench's address: selected if I serve it, otherwise shown read-only as the
 * workbench shows a teammate's or an ended one.
 */
export function useLinkedConversation(chat: AgentChat) {
  const [params] = useSearchParams();
  const id = Number(params.get('conversation')) || undefined;
  useEffect(() => {
    if (!id) return;
    let live = true;
    get<{ conversation: Conversation }>(`/api/conversations/${id}`).then(({ conversation }) => {
      if (!live) return;
      if (chat.snapshot.threads[id]) chat.select(id);
      else chat.view(conversation);
    }, () => {});
    return () => {
      live = false;
    };
  }, [chat, id]);
}
