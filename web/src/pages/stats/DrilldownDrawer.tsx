import { Alert, Button, Drawer, Rate, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import { useDrilldown, type DrillContact, type DrillFigure, type DrillQuery, type DrillRating, type DrillTrade, type MetricKey } from '../../api/stats';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { ConversationDrawer } from '../supervision/ConversationDrawer';
import type { Metrics } from './format';

const SHOP_NAMES: Record<string, string> = { shop_trades: 'stats.shop.trades', shop_paid: 'stats.shop.paidTrades', shop_refunds: 'stats.shop.refunded' };
const SHOP_DEFS: Record<string, string> = { shop_trades: 'stats.shop.defs.trades', shop_paid: 'stats.shop.defs.paidTrades', shop_refunds: 'stats.shop.defs.refunded' };

/** The conversations, trades or ratings behind one figure, with the figure's definition above them. */
export function DrilldownDrawer({ query, metrics, onClose }: { query: DrillQuery | null; metrics: Metrics; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const { data: me } = useMe();
  const drill = useDrilldown(query);
  const [conversation, setConversation] = useState<number>();
  const d = drill.data;
  const supervises = !!me && (me.account.is_main || me.account.role === 'supervisor' || hasPermission(me, 'suspend.approve'));
  const seesTrades = hasPermission(me, 'trade.view');

  const words = (f: DrillFigure) => {
    if (f === 'silent_sales') return { name: metrics.silent?.name ?? f, definition: metrics.silent?.definition ?? '' };
    if (SHOP_NAMES[f]) return { name: t(SHOP_NAMES[f]), definition: t(SHOP_DEFS[f]) };
    const m = metrics.get(f as MetricKey);
    return { name: metrics.name(f as MetricKey), definition: m ? (metrics.lang.startsWith('en') ? m.definition_en : m.definition) : '' };
  };
  const w = query ? words(query.figure) : { name: '', definition: '' };
  const chat = (id: number | null) => id !== null && supervises && (
    <Button size="small" type="link" onClick={() => setConversation(id)} data-testid={`drill-chat-${id}`}>{t('stats.drill.view')}</Button>
  );
  const agentName = d?.contacts[0]?.agent.name ?? d?.trades.find((x) => x.agent)?.agent?.name ?? d?.ratings[0]?.agent.name;
  const count = (d?.contacts.length ?? 0) + (d?.trades.length ?? 0) + (d?.ratings.length ?? 0);

  return (
    <Drawer
      open={!!query}
      onClose={onClose}
      size={960}
      destroyOnHidden
      title={t('stats.drill.title', { figure: w.name })}
      extra={query && (
        <Typography.Text type="secondary">
          {query.from === query.to ? query.from : `${query.from} ~ ${query.to}`} ·{' '}
          {query.agent_id !== undefined ? agentName ?? '' : t('stats.drill.agentAll')}
        </Typography.Text>
      )}
    >
      <div data-testid="drilldown">
        <Space orientation="vertical" style={{ width: '100%' }}>
          {w.definition && <Alert type="info" showIcon title={w.definition} data-testid="drilldown-definition" />}
          {drill.isError && <Alert type="error" title={errorText(drill.error)} />}
          {d?.truncated && <Alert type="warning" title={t('stats.drill.truncated')} />}
          {d && <Typography.Text type="secondary" data-testid="drilldown-count">{t('stats.drill.count', { n: count })}</Typography.Text>}
          {(drill.isPending || d?.kind === 'contacts') && (
            <Table<DrillContact>
              size="small" loading={drill.isPending} rowKey={(c) => `${c.day}-${c.agent.id}-${c.buyer_id}`}
              dataSource={d?.contacts ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
              columns={[
                { title: t('stats.drill.day'), dataIndex: 'day' },
                { title: t('stats.drill.buyer'), dataIndex: 'buyer_nick' },
                { title: t('stats.drill.agent'), key: 'agent', render: (_, c) => c.agent.name },
                { title: t('stats.drill.buyerMsgs'), dataIndex: 'buyer_msgs', align: 'right' },
                { title: t('stats.drill.agentMsgs'), dataIndex: 'agent_msgs', align: 'right' },
                {
                  title: t('stats.drill.firstResponse'), dataIndex: 'first_response_s', align: 'right',
                  render: (s: number | null) => (s === null ? '—' : t('stats.drill.seconds', { n: s.toFixed(1) })),
                },
                {
                  title: '', key: 'tags',
                  render: (_, c) => (
                    <Space size={2} wrap>
                      <Tag color={c.received ? 'green' : 'red'}>{t(c.received ? 'stats.drill.received' : 'stats.drill.notReceived')}</Tag>
                      {c.inquiry && <Tag color="blue">{t('stats.drill.inquiry')}</Tag>}
                      {c.converted && <Tag color="orange">{t('stats.drill.converted')}</Tag>}
                      {c.paid > 0 && <Tag>{t('stats.drill.paid')} {c.paid}</Tag>}
                    </Space>
                  ),
                },
                { title: t('stats.drill.conversation'), key: 'chat', render: (_, c) => chat(c.conversation_id) },
              ]}
            />
          )}
          {d && (d.kind === 'ordered' || d.kind === 'paid') && (
            <Table<DrillTrade>
              size="small" rowKey="tid" dataSource={d.trades} pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
              columns={[
                {
                  title: t('stats.drill.tid'), dataIndex: 'tid',
                  render: (tid: number) => (seesTrades ? <Typography.Link onClick={() => navigate(`/trades?open=${tid}`)} data-testid={`drill-trade-${tid}`}>{tid}</Typography.Link> : tid),
                },
                { title: t('stats.drill.buyer'), dataIndex: 'buyer_nick' },
                { title: t('stats.drill.status'), dataIndex: 'status', render: (s: string) => t(`status.${s}`, { defaultValue: s }) },
                { title: t('stats.drill.payment'), dataIndex: 'payment', align: 'right', render: (v: number) => formatYuan(v) },
                { title: t('stats.drill.items'), dataIndex: 'items', align: 'right' },
                {
                  title: t(d.kind === 'paid' ? 'stats.drill.payTime' : 'stats.drill.created'), key: 'at',
                  render: (_, x) => formatTime(d.kind === 'paid' ? x.pay_time : x.created),
                },
                { title: t('stats.drill.agent'), key: 'agent', render: (_, x) => x.agent?.name ?? <Tag>{t('stats.drill.silent')}</Tag> },
                { title: '', key: 'refund', render: (_, x) => x.refunded && <Tag color="red">{t('stats.drill.refunded')} {formatYuan(x.refund_fee)}</Tag> },
                { title: t('stats.drill.conversation'), key: 'chat', render: (_, x) => chat(x.conversation_id) },
              ]}
            />
          )}
          {d?.kind === 'ratings' && (
            <Table<DrillRating>
              size="small" rowKey="id" dataSource={d.ratings} pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
              columns={[
                { title: t('stats.drill.at'), dataIndex: 'created_at', render: (at: string) => formatTime(at) },
                { title: t('stats.drill.buyer'), dataIndex: 'buyer_nick' },
                { title: t('stats.drill.agent'), key: 'agent', render: (_, r) => r.agent.name },
                { title: t('stats.drill.score'), dataIndex: 'score', render: (s: number) => <Rate disabled value={s} style={{ fontSize: 12 }} /> },
                { title: t('stats.drill.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
                { title: t('stats.drill.conversation'), key: 'chat', render: (_, r) => chat(r.conversation_id) },
              ]}
            />
          )}
        </Space>
        <ConversationDrawer id={conversation} onClose={() => setConversation(undefined)} />
      </div>
    </Drawer>
  );
}
