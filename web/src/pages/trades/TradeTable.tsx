import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trade } from '../../api/types';
import { FlagMark } from '../../components/FlagMark';
import { StatusTag } from '../../components/StatusTag';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';

export function OrderSummary({ trade }: { trade: Trade }) {
  return (
    <Space orientation="vertical" size={0}>
      {trade.orders.map((o) => (
        <Typography.Text key={o.oid} delete={o.status !== trade.status && o.status.startsWith('TRADE_CLOSED')}>
          {o.title} <Typography.Text type="secondary">[{skuLabel(o.sku_properties_name)}]</Typography.Text> ×{o.num}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** One row per trade, its flag colour on the left edge so flagged ones stand out. */
export function TradeTable({ trades, loading, onOpen }: { trades: Trade[]; loading: boolean; onOpen: (tid: number) => void }) {
  const { t } = useTranslation();
  const columns: ColumnsType<Trade> = [
    { title: t('trades.flag'), dataIndex: 'flag', width: 48, render: (_, r) => <FlagMark flag={r.flag} memo={r.memo} /> },
    { title: t('trades.tid'), dataIndex: 'tid', width: 150, render: (tid: number) => <Typography.Text copyable={{ text: String(tid) }}>{tid}</Typography.Text> },
    { title: t('trades.buyer'), dataIndex: 'buyer_nick', width: 120 },
    { title: t('trades.items'), key: 'items', render: (_, r) => <OrderSummary trade={r} /> },
    {
      title: t('trades.payment'), dataIndex: 'payment', width: 120, align: 'right',
      render: (_, r) => (
        <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
          <Typography.Text strong>{formatYuan(r.payment)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('trades.inclPostage', { fee: formatYuan(r.post_fee) })}</Typography.Text>
        </Space>
      ),
    },
    { title: t('trades.status'), dataIndex: 'status', width: 110, render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('trades.created'), dataIndex: 'created', width: 160, render: (v: string) => formatTime(v) },
    { title: t('trades.memo'), dataIndex: 'memo', ellipsis: true, width: 160 },
    {
      title: t('common.actions'), key: 'actions', width: 80, fixed: 'right',
      render: (_, r) => <Button type="link" size="small" onClick={() => onOpen(r.tid)} data-testid={`open-trade-${r.tid}`}>{t('trades.detail')}</Button>,
    },
  ];
  return (
    <Table<Trade>
      rowKey="tid"
      size="small"
      columns={columns}
      dataSource={trades}
      loading={loading}
      pagination={false}
      scroll={{ x: 1100 }}
      rowClassName={(r) => `xe-flag-row-${r.flag ?? 0}`}
      onRow={(r) => ({ 'data-tid': r.tid }) as HTMLAttributes<HTMLElement>}
    />
  );
}
