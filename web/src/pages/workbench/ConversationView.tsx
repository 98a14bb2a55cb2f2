import { LikeOutlined, PoweroffOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { useShowError } from '../../components/useShowError';
import type { Thread } from '../../chat/agent-chat';
import { MessageList } from '../../chat/MessageList';
import { useSelect } from '../../chat/store';
import { Composer } from './Composer';
import { useWorkbench } from './context';
import { TransferModal } from './TransferModal';

/**
 * The open conversation: its history, and the composer when it is mine to answer. Loaded when the agent first opens
 * one, so the workbench's first screen does not wait for the message list, the composer and their editors.
 */
export default function ConversationView({ selected, thread }: { selected: number; thread: Thread }) {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const myId = useSelect(chat, (s) => s.me?.account_id);
  const showError = useShowError();
  const { message } = App.useApp();
  const [transferring, setTransferring] = useState(false);
  const loadOlder = useCallback(() => chat.loadOlder(selected), [chat, selected]);
  const retry = useCallback((id: string) => chat.retry(selected, id), [chat, selected]);

  const c = thread.conversation;
  const mine = c.status === 'active' && c.agent_id === myId;
  const end = async () => {
    try {
      await post(`/api/conversations/${c.id}/end`);
    } catch (err) {
      showError(err);
    }
  };
  const invite = async () => {
    try {
      await chat.inviteRating(c.id);
      void message.success(t('workbench.ratingInvited'));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div className="xe-wb-pane xe-wb-chat" data-testid="chat-pane" data-conversation={c.id}>
      <div className="xe-wb-chat-head">
        <Space>
          <Typography.Text strong data-testid="chat-buyer">{c.buyer_nick}</Typography.Text>
          <Tag>{t(`conversationStatus.${c.status}`)}</Tag>
          {thread.buyerTyping && <Typography.Text type="secondary" data-testid="buyer-typing">{t('chat.typing')}</Typography.Text>}
        </Space>
        {mine && (
          <Space size={4}>
            <Button size="small" icon={<LikeOutlined />} onClick={() => void invite()}>{t('workbench.inviteRating')}</Button>
            <Button size="small" icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="transfer">{t('workbench.transfer')}</Button>
            <Button size="small" danger icon={<PoweroffOutlined />} onClick={() => void end()} data-testid="end-conversation">{t('workbench.end')}</Button>
          </Space>
        )}
      </div>
      {thread.handover && (
        <Alert
          type="info"
          showIcon
          banner
          title={t('workbench.handedOver', { from: thread.handover.from_name ?? thread.handover.by ?? '' })}
          description={thread.handover.note ?? undefined}
          data-testid="handover-note"
        />
      )}
      {/* Mounted once the newest page is in, so it opens at the bottom rather than paging in from the top. */}
      {!thread.loaded ? <div className="xe-msg-list" /> : <MessageList
        key={c.id}
        messages={thread.messages}
        outgoing={thread.outgoing}
        mySide="agent"
        otherReadSeq={c.buyer_read_seq ?? 0}
        hasOlder={thread.hasOlder}
        onLoadOlder={loadOlder}
        onRetry={retry}
      />}
      <Composer conversationId={c.id} disabled={!mine} />
      {myId !== undefined && <TransferModal conversationId={c.id} myId={myId} open={transferring} onClose={() => setTransferring(false)} />}
    </div>
  );
}
