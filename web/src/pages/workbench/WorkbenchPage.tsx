import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentChat } from '../../chat/agent-chat';
import { askNotificationPermission, notifyHidden } from '../../chat/notify';
import { previewOf } from '../../chat/preview';
import { useSelect } from '../../chat/store';
import { BuyerPane } from './BuyerPane';
import { ChatPane } from './ChatPane';
import { WorkbenchContext, type Workbench } from './context';
import { ConversationPane } from './ConversationPane';

/** The agent's workbench (接待工作台): conversations, the open chat, and the buyer beside it, all live. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const [chat] = useState(() => new AgentChat());
  const composer = useRef<((text: string) => void) | null>(null);
  const workbench = useMemo<Workbench>(() => ({
    chat,
    insert: (text) => composer.current?.(text),
    setComposer: (insert) => {
      composer.current = insert;
    },
  }), [chat]);

  useEffect(() => {
    askNotificationPermission();
    chat.onArrival = (e) => {
      const body = e.kind === 'assigned' ? t('workbench.newConversation') : e.message ? previewOf(e.message, t) : '';
      notifyHidden(e.buyerNick, body, `conversation-${e.conversationId}`, () => chat.select(e.conversationId));
    };
    // Back on the tab: what the agent is looking at is now read.
    const visible = () => {
      const id = chat.snapshot.selected;
      if (!document.hidden && id !== null) chat.markRead(id);
    };
    document.addEventListener('visibilitychange', visible);
    return () => {
      document.removeEventListener('visibilitychange', visible);
      chat.close();
    };
  }, [chat, t]);

  return (
    <WorkbenchContext.Provider value={workbench}>
      <UnreadTitle chat={chat} />
      <div className="xe-wb" data-testid="workbench-page">
        <ConversationPane />
        <ChatPane />
        <BuyerPane />
      </div>
    </WorkbenchContext.Provider>
  );
}

/** The tab's title carries the unread count, so a hidden tab still shows that buyers are waiting. */
function UnreadTitle({ chat }: { chat: AgentChat }) {
  const { t } = useTranslation();
  const unread = useSelect(chat, (s) => s.order.reduce((n, id) => n + (s.threads[id]?.unread ?? 0), 0));
  useEffect(() => {
    const base = t('menu.workbench');
    document.title = unread ? `(${unread}) ${base}` : base;
    return () => {
      document.title = t('app.name');
    };
  }, [unread, t]);
  return null;
}
