import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { takeAgentChat, type AgentChat } from '../../chat/agent-chat';
import { askNotificationPermission, notifyHidden } from '../../chat/notify';
import { previewOf } from '../../chat/preview';
import { useSelect } from '../../chat/store';
import { BuyerPane, loadBuyerTrades, loadCustomerCard } from './BuyerPane';
import { ChatPane, loadConversationView } from './ChatPane';
import { WorkbenchContext, type Workbench } from './context';
import { ConversationPane } from './ConversationPane';

/** The agent's workbench (接待工作台): conversations, the open chat, and the buyer beside it, all live. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  // main.tsx may have opened the connection already, on the first load of this page.
  const [chat] = useState(takeAgentChat);
  const composer = useRef<((text: string) => void) | null>(null);
  const workbench = useMemo<Workbench>(() => ({
    chat,
    insert: (text) => composer.current?.(text),
    setComposer: (insert) => {
      composer.current = insert;
    },
  }), [chat]);

  const online = useSelect(chat, (s) => s.connection === 'online');
  // The buyer's pane (suggestions, quick replies, trades) renders right after the first screen rather than with it:
  // the agent's status and conversations show first.
  const [sideShown, showSide] = useState(false);
  useEffect(() => startTransition(() => showSide(true)), []);

  useEffect(() => {
    chat.connect();
    const cancelAsk = whenIdle(askNotificationPermission);
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
      cancelAsk();
      document.removeEventListener('visibilitychange', visible);
      chat.close();
    };
  }, [chat, t]);

  // Once the first screen is up, what opening a conversation needs is fetched while the agent reads the list.
  useEffect(() => {
    if (!online) return;
    return whenIdle(() => void Promise.all([loadConversationView(), loadCustomerCard(), loadBuyerTrades()]).catch(() => {}));
  }, [online]);

  return (
    <WorkbenchContext.Provider value={workbench}>
      <UnreadTitle chat={chat} />
      <div className="xe-wb" data-testid="workbench-page">
        <ConversationPane />
        <ChatPane />
        {sideShown ? <BuyerPane /> : <div className="xe-wb-pane xe-wb-side" />}
      </div>
    </WorkbenchContext.Provider>
  );
}

/** Runs `task` when the page has a moment (within two seconds at most); returns how to call it off. */
function whenIdle(task: () => void) {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(task, 500);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(task, { timeout: 2000 });
  return () => cancelIdleCallback(idle);
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
