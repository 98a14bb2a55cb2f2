import { Empty } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSelect } from '../../chat/store';
import { useWorkbench } from './context';

export const loadConversationView = () => import('./ConversationView');
const ConversationView = lazy(loadConversationView);

/** Middle pane: the open conversation, or a hint to pick one. */
export function ChatPane() {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const selected = useSelect(chat, (s) => s.selected);
  const thread = useSelect(chat, (s) => (s.selected === null ? undefined : s.threads[s.selected]));

  if (selected === null || !thread) {
    return <div className="xe-wb-pane xe-wb-chat"><Empty className="xe-wb-empty" description={t('workbench.pickConversation')} /></div>;
  }
  return (
    <Suspense fallback={<div className="xe-wb-pane xe-wb-chat" />}>
      <ConversationView selected={selected} thread={thread} />
    </Suspense>
  );
}
