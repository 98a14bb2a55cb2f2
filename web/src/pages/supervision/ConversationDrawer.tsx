import { Alert, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConversationView, type ConversationView } from '../../api/supervision';
import { mergeMessages } from '../../chat/messages';
import { MessageList } from '../../chat/MessageList';
import type { ChatMessage } from '../../chat/types';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import type { LiveBoard } from './useLiveBoard';

/**
 * Any conversation of the shop as a supervisor reads it: who served which messages, the history, ratings, reviews.
 * Read-only: there is no composer; with `watch` new messages appear as they are written.
 */
export function ConversationDrawer({ id, onClose, watch }: { id: number | undefined; onClose: () => void; watch?: LiveBoard['watch'] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const view = useConversationView(id);
  const [live, setLive] = useState<ChatMessage[]>([]);

  useEffect(() => {
    setLive([]);
    if (id === undefined || !watch) return;
    return watch(id, (m) => setLive((prev) => mergeMessages(prev, [m])));
  }, [id]);

  const v = view.data;
  const messages = v ? mergeMessages(v.messages, live) : [];
  type Assignment = ConversationView['assignments'][number];

  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={<Space>{t('supervision.view.title', { buyer: v?.conversation.buyer_nick ?? '' })}<Tag color="blue">{t('supervision.view.readOnly')}</Tag></Space>}
      loading={view.isPending && id !== undefined}
    >
      <div data-testid="conversation-view">
        {view.isError && <Alert type="error" title={errorText(view.error)} />}
        {v && (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={t('supervision.view.status')}>{t(`supervision.conversationStatus.${v.conversation.status}`)}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.view.created')}>{formatTime(v.conversation.created_at)}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.view.lastMessage')}>{formatTime(v.conversation.last_message_at)}</Descriptions.Item>
            </Descriptions>
            <Table<Assignment>
              size="small"
              rowKey="assignment_id"
              pagination={false}
              dataSource={v.assignments}
              locale={{ emptyText: t('supervision.view.noAssignments') }}
              columns={[
                { title: t('supervision.view.agent'), dataIndex: 'agent_name' },
                { title: t('supervision.view.via'), dataIndex: 'via', render: (via: string) => t(`supervision.via.${via}`, { defaultValue: via }) },
                { title: t('supervision.view.assignedAt'), dataIndex: 'assigned_at', render: (at: string) => formatTime(at) },
                { title: t('supervision.view.endedAt'), dataIndex: 'ended_at', render: (at: string | null) => (at ? formatTime(at) : <Tag color="green">{t('supervision.view.serving')}</Tag>) },
                {
                  title: t('supervision.view.messages'), key: 'seqs',
                  render: (_: unknown, a: Assignment) => (a.start_seq === null ? '—' : `${a.start_seq + 1} – ${a.end_seq ?? '…'}`),
                },
                { title: t('supervision.view.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
              ]}
            />
            {v.ratings.length > 0 && (
              <Typography.Text>
                {t('supervision.view.ratings')}：{v.ratings.map((r) => `${'★'.repeat(r.score)}${r.comment ? `（${r.comment}）` : ''}`).join('；')}
              </Typography.Text>
            )}
            {v.reviews.length > 0 && (
              <Space wrap>
                {t('supervision.view.reviews')}：
                {v.reviews.map((r) => (
                  <Tag key={r.id} color={r.status === 'scored' ? 'green' : 'default'}>
                    #{r.id} {r.status === 'scored' ? `${r.total}/${r.max_total}` : t('supervision.qa.status.pending')}
                  </Tag>
                ))}
              </Space>
            )}
            {messages.length ? (
              <div style={{ height: 420, display: 'flex', flexDirection: 'column', border: '1px solid #f0f0f0' }} data-testid="conversation-messages">
                <MessageList messages={messages} outgoing={[]} mySide="agent" hasOlder={false} onLoadOlder={() => {}} />
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.view.noMessages')} />
            )}
          </Space>
        )}
      </div>
    </Drawer>
  );
}
