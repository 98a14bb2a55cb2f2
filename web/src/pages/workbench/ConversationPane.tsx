import { Badge, Button, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso } from 'react-virtuoso';
import { get, post } from '../../api/client';
import { useShowError } from '../../components/useShowError';
import { previewOf } from '../../chat/preview';
import { useSelect } from '../../chat/store';
import type { Conversation } from '../../chat/types';
import { formatTime } from '../../lib/time';
import { useWorkbench } from './context';
import { StatusSwitch } from './StatusSwitch';

type Tab = 'mine' | 'waiting' | 'ended';

/** Left pane: my conversations (live), those waiting for someone (留言 and the queue), and the ones I ended. */
export function ConversationPane() {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const [tab, setTab] = useState<Tab>('mine');
  const order = useSelect(chat, (s) => s.order);
  const queue = useSelect(chat, (s) => s.queue);
  const unreadTotal = useSelect(chat, (s) => s.order.reduce((n, id) => n + (s.threads[id]?.unread ?? 0), 0));

  return (
    <div className="xe-wb-pane xe-wb-convs" data-testid="conversation-pane">
      <div className="xe-wb-pane-head">
        <StatusSwitch />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="queue-length">
          {t('workbench.queueLine', { queued: queue.queued, waiting: queue.waiting })}
        </Typography.Text>
        <Segmented<Tab>
          block
          size="small"
          value={tab}
          onChange={setTab}
          options={[
            { value: 'mine', label: <Badge count={unreadTotal} size="small" offset={[8, -2]}>{t('workbench.tabMine', { n: order.length })}</Badge> },
            { value: 'waiting', label: t('workbench.tabWaiting', { n: queue.queued + queue.waiting }) },
            { value: 'ended', label: t('workbench.tabEnded') },
          ]}
        />
      </div>
      {tab === 'mine' ? <MyConversations /> : <ListedConversations status={tab} />}
    </div>
  );
}

function MyConversations() {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const order = useSelect(chat, (s) => s.order);
  if (!order.length) return <Empty className="xe-wb-empty" description={t('workbench.noneMine')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Virtuoso
      className="xe-wb-list"
      data={order}
      computeItemKey={(_, id) => id}
      itemContent={(_, id) => <MyConversationRow id={id} />}
    />
  );
}

function MyConversationRow({ id }: { id: number }) {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const thread = useSelect(chat, (s) => s.threads[id]);
  const selected = useSelect(chat, (s) => s.selected === id);
  if (!thread) return null;
  const { conversation: c, last, unread, buyerTyping } = thread;
  return (
    <div
      className={`xe-wb-row${selected ? ' xe-wb-row-on' : ''}`}
      onClick={() => chat.select(id)}
      data-testid="conversation-row"
      data-buyer={c.buyer_nick}
    >
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text strong ellipsis style={{ maxWidth: 150 }}>{c.buyer_nick}</Typography.Text>
        <Badge count={unread} size="small" data-testid="unread" />
      </Space>
      <Typography.Text type="secondary" ellipsis className="xe-wb-preview">
        {buyerTyping ? t('chat.typing') : last ? previewOf(last, t) : ''}
      </Typography.Text>
      {last && <Typography.Text type="secondary" className="xe-wb-time">{formatTime(last.created_at)}</Typography.Text>}
    </div>
  );
}

/** 留言 and queued conversations anyone may take, or the ones I ended: read from the server, refreshed live. */
function ListedConversations({ status }: { status: 'waiting' | 'ended' }) {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const queue = useSelect(chat, (s) => s.queue);
  const selected = useSelect(chat, (s) => s.selected);
  const client = useQueryClient();
  const showError = useShowError();
  const list = useQuery({
    queryKey: ['conversations', status, status === 'waiting' ? queue : null],
    queryFn: async () => {
      if (status === 'ended') return (await get<{ conversations: Conversation[] }>('/api/conversations', { status: 'ended', mine: 'true', limit: 200 })).conversations;
      const [waiting, queued] = await Promise.all([
        get<{ conversations: Conversation[] }>('/api/conversations', { status: 'waiting', limit: 200 }),
        get<{ conversations: Conversation[] }>('/api/conversations', { status: 'queued', limit: 200 }),
      ]);
      return [...queued.conversations, ...waiting.conversations];
    },
    placeholderData: (prev) => prev,
  });
  const claim = async (id: number) => {
    try {
      await post(`/api/conversations/${id}/claim`);
      await client.invalidateQueries({ queryKey: ['conversations'] });
      chat.select(id);
    } catch (err) {
      showError(err);
    }
  };
  const rows = list.data ?? [];
  if (!rows.length && !list.isPending) {
    return <Empty className="xe-wb-empty" description={t(status === 'ended' ? 'workbench.noneEnded' : 'workbench.noneWaiting')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  }
  return (
    <Virtuoso
      className="xe-wb-list"
      data={rows}
      computeItemKey={(_, c) => c.id}
      itemContent={(_, c) => (
        <div className={`xe-wb-row${selected === c.id ? ' xe-wb-row-on' : ''}`} onClick={() => chat.view(c)} data-testid="listed-row" data-buyer={c.buyer_nick}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text strong ellipsis style={{ maxWidth: 140 }}>{c.buyer_nick}</Typography.Text>
            <Tag color={c.status === 'queued' ? 'orange' : c.status === 'waiting' ? 'blue' : 'default'}>{t(`conversationStatus.${c.status}`)}</Tag>
          </Space>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text type="secondary" className="xe-wb-time">{formatTime(c.last_message_at ?? c.created_at ?? '')}</Typography.Text>
            {status === 'waiting' && (
              <Button size="small" type="link" onClick={(e) => { e.stopPropagation(); void claim(c.id); }} data-testid="claim">{t('workbench.claim')}</Button>
            )}
          </Space>
        </div>
      )}
    />
  );
}
