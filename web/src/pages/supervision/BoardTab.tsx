import { Alert, Badge, Button, Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardAgent, BoardConversation } from '../../api/supervision';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { ConversationDrawer } from './ConversationDrawer';
import { useLiveBoard } from './useLiveBoard';

const STATUS_COLORS: Record<string, string> = { online: 'green', busy: 'orange', suspended: 'purple', offline: 'default' };
const CONNECTION: Record<string, 'processing' | 'success' | 'error'> = { connecting: 'processing', online: 'success', offline: 'error' };

/** A clock that ticks every second, so waits count up between pushes. */
function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function useDuration() {
  const { t } = useTranslation();
  return (s: number | null) => {
    if (s === null) return '—';
    if (s < 60) return t('supervision.duration.s', { n: s });
    if (s < 3600) return t('supervision.duration.m', { m: Math.floor(s / 60), s: s % 60 });
    return t('supervision.duration.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  };
}

/**
 * 实时看板: each agent's status and load, the buyer each keeps waiting longest, the queue and every conversation in
 * progress, pushed by the server as they change; any conversation opens read-only and follows new messages.
 */
export function BoardTab() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const live = useLiveBoard();
  const now = useNow();
  const duration = useDuration();
  const [open, setOpen] = useState<number>();
  const b = live.board;
  const agents = b?.agents ?? [];
  const conversations = b?.conversations ?? [];
  const nameOf = new Map(agents.map((a) => [a.account_id, a.name]));
  const buyerOf = new Map(conversations.map((c) => [c.id, c.buyer_nick]));
  const active = conversations.filter((c) => c.status === 'active');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="team-board">
      {live.error && <Alert type="error" title={errorText(live.error)} />}
      <Card size="small" extra={<Badge status={CONNECTION[live.connection]} text={t(`supervision.connection.${live.connection}`)} data-testid="board-connection" />}>
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={t('supervision.queue.agentsOnline')} value={agents.filter((a) => a.status === 'online').length} suffix={`/ ${agents.length}`} />
          </Col>
          <Col span={4}><Statistic title={t('supervision.queue.inProgress')} value={active.length} /></Col>
          <Col span={4}><Statistic title={t('supervision.queue.queued')} value={b?.queue.queued ?? 0} data-testid="board-queued" /></Col>
          <Col span={4}><Statistic title={t('supervision.queue.waiting')} value={b?.queue.waiting ?? 0} /></Col>
          <Col span={4}><Statistic title={t('supervision.queue.longestQueue')} value={duration(live.since(b?.queue.oldest_queued_since, now))} /></Col>
          <Col span={4}><Statistic title={t('supervision.queue.longestMessage')} value={duration(live.since(b?.queue.oldest_waiting_since, now))} /></Col>
        </Row>
      </Card>
      <Card size="small" title={t('supervision.agents.title')}>
        <Table<BoardAgent>
          size="small" rowKey="account_id" dataSource={agents} pagination={false} loading={!b && !live.error}
          locale={{ emptyText: t('supervision.agents.noAgents') }}
          onRow={(a) => ({ 'data-testid': `board-agent-${a.account_id}`, 'data-status': a.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.agents.name'), dataIndex: 'name', render: (n: string, a) => <span title={a.login}>{n}</span> },
            {
              title: t('supervision.agents.status'), dataIndex: 'status',
              render: (s: string, a) => <Tag color={STATUS_COLORS[s]} data-testid={`board-status-${a.account_id}`}>{t(`agentStatus.${s}`)}</Tag>,
            },
            { title: t('supervision.agents.since'), dataIndex: 'status_since', render: (at: string) => duration(live.since(at, now)) },
            {
              title: t('supervision.agents.load'), key: 'load', width: 180,
              render: (_, a) => (
                <Progress
                  size="small" percent={Math.round((a.load ?? 0) * 100)} status={a.load !== null && a.load >= 1 ? 'exception' : 'normal'}
                  format={() => `${a.active} / ${a.reception_limit}`} data-testid={`board-load-${a.account_id}`}
                />
              ),
            },
            {
              title: t('supervision.agents.longestWait'), key: 'wait',
              render: (_, a) => {
                const w = a.longest_wait;
                if (!w) return <Typography.Text type="secondary">{t('supervision.agents.none')}</Typography.Text>;
                const s = live.since(w.since, now) ?? 0;
                return (
                  <Space>
                    <Typography.Text type={s >= 60 ? 'danger' : undefined}>{buyerOf.get(w.conversation_id ?? 0) ?? ''} · {duration(s)}</Typography.Text>
                    {w.conversation_id !== null && <Button size="small" type="link" onClick={() => setOpen(w.conversation_id!)}>{t('supervision.agents.view')}</Button>}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('supervision.conversations.title')}>
        <Table<BoardConversation>
          size="small" rowKey="id" dataSource={conversations} pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
          locale={{ emptyText: t('supervision.conversations.none') }}
          onRow={(c) => ({ 'data-testid': `board-conversation-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.conversations.buyer'), dataIndex: 'buyer_nick' },
            {
              title: t('supervision.conversations.agent'), dataIndex: 'agent_id',
              render: (id: number | null) => (id === null ? <Tag>{t('supervision.conversations.unassigned')}</Tag> : nameOf.get(id) ?? id),
            },
            {
              title: t('supervision.conversations.status'), dataIndex: 'status',
              render: (s: string, c) => (
                <Space size={2}>
                  <Tag color={s === 'active' ? 'green' : 'orange'}>{t(`supervision.conversationStatus.${s}`)}</Tag>
                  {c.situation && <Tag>{t(`supervision.situation.${c.situation}`)}</Tag>}
                </Space>
              ),
            },
            {
              title: t('supervision.conversations.wait'), dataIndex: 'waiting_since',
              render: (at: string | null) => {
                const s = live.since(at, now);
                return <Typography.Text type={s !== null && s >= 60 ? 'danger' : undefined}>{duration(s)}</Typography.Text>;
              },
            },
            { title: t('supervision.conversations.assignedAt'), dataIndex: 'assigned_at', render: (at: string | null) => (at ? formatTime(at) : '—') },
            { title: t('supervision.conversations.lastMessage'), dataIndex: 'last_message_at', render: (at: string | null) => (at ? formatTime(at) : '—') },
            {
              title: '', key: 'view',
              render: (_, c) => <Button size="small" onClick={() => setOpen(c.id)} data-testid={`board-view-${c.id}`}>{t('supervision.conversations.view')}</Button>,
            },
          ]}
        />
      </Card>
      <ConversationDrawer id={open} onClose={() => setOpen(undefined)} watch={live.watch} />
    </Space>
  );
}
