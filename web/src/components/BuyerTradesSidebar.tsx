import { Card, Empty, List, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrades } from '../api/trades';
import type { Trade } from '../api/types';
import { formatYuan } from '../lib/money';
import { formatTime } from '../lib/time';
import { FlagMark } from './FlagMark';
import { StatusTag } from './StatusTag';

/**
 * The trades of the buyer in the current conversation, newest first: the agent's side panel in the workbench.
 * `onOpen` lets the host show the trade (the workbench opens the same detail drawer as the trades page);
 * `extra` adds the host's own action to each trade (the workbench sends it as a card).
 */
export function BuyerTradesSidebar({ buyerNick, onOpen, extra }: {
  buyerNick: string | undefined;
  onOpen: (tid: number) => void;
  extra?: (trade: Trade) => ReactNode;
}) {
  const { t } = useTranslation();
  const trades = useTrades({ buyer_nick: buyerNick, page_size: 20 }, !!buyerNick);
  return (
    <Card size="small" title={t('sidebar.title', { nick: buyerNick ?? '' })} data-testid="buyer-trades-sidebar">
      {!buyerNick ? (
        <Empty description={t('sidebar.noBuyer')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List<Trade>
          size="small"
          loading={trades.isPending}
          dataSource={trades.data?.trades ?? []}
          locale={{ emptyText: t('sidebar.none') }}
          renderItem={(trade) => (
            <List.Item key={trade.tid} onClick={() => onOpen(trade.tid)} style={{ cursor: 'pointer' }} data-tid={trade.tid}>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{trade.tid}</Typography.Text>
                  <StatusTag status={trade.status} />
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {trade.orders.map((o) => `${o.title}×${o.num}`).join('，')}
                </Typography.Text>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <span><FlagMark flag={trade.flag} memo={trade.memo} /> {formatTime(trade.created)}</span>
                  <Typography.Text strong>{formatYuan(trade.payment)}</Typography.Text>
                  {extra?.(trade)}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
