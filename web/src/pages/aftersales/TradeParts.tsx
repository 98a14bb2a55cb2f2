import { Button, Descriptions, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import type { Refund } from '../../api/aftersales';
import type { Trade } from '../../api/types';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';
import { escrowBalance } from './escrow';
import { DisputeTypeTag, RefundStatusTag } from './RefundStatusTag';

/** Whoever works the after-sales desk may open a refund there from anywhere (trade drawer, workbench). */
export const canOpenAftersales = (me: Parameters<typeof hasPermission>[0]) =>
  hasPermission(me, 'refund.approve') || hasPermission(me, 'refund.goods') || me?.account.role === 'supervisor';

/** The escrow's books for the trade: paid in, refunded to the buyer, paid to the shop, still held. */
export function EscrowBalanceView({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  if (!trade.escrow) return <Typography.Text type="secondary">{t('aftersales.trade.noEscrow')}</Typography.Text>;
  const b = escrowBalance(trade.escrow);
  return (
    <Descriptions size="small" bordered column={4} data-testid="escrow-balance" items={[
      { key: 'amount', label: t('aftersales.trade.escrowAmount'), children: <span data-testid="escrow-amount">{formatYuan(b.amount)}</span> },
      { key: 'refunded', label: t('aftersales.trade.refunded'), children: <span data-testid="escrow-refunded">{formatYuan(b.refunded)}</span> },
      { key: 'released', label: t('aftersales.trade.released'), children: <span data-testid="escrow-released">{formatYuan(b.released)}</span> },
      { key: 'held', label: t('aftersales.trade.held'), children: <span data-testid="escrow-held">{formatYuan(b.held)}</span> },
    ]} />
  );
}

/** Every refund of a trade, per sub-order, with its state; each opens on the after-sales desk for those who work it. */
export function TradeRefundList({ refunds, currentId }: { refunds: Refund[]; currentId?: number }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const canOpen = canOpenAftersales(me);
  return (
    <Table<Refund>
      rowKey="refund_id"
      size="small"
      pagination={false}
      dataSource={refunds}
      locale={{ emptyText: t('aftersales.section.none') }}
      rowClassName={(r) => (r.refund_id === currentId ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ 'data-refund-id': r.refund_id, 'data-oid': r.oid, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('aftersales.detail.item'), key: 'item', render: (_, r) => (
          <span>{r.title} <Typography.Text type="secondary" style={{ fontSize: 12 }}>[{skuLabel(r.sku_properties_name)}] ×{r.num}</Typography.Text></span>
        ) },
        { title: t('aftersales.typeLabel'), dataIndex: 'dispute_type', width: 100, render: (_, r) => <DisputeTypeTag type={r.dispute_type} /> },
        { title: t('aftersales.list.fee'), dataIndex: 'refund_fee', width: 90, align: 'right', render: (v: number) => formatYuan(v) },
        { title: t('aftersales.list.status'), dataIndex: 'status', width: 150, render: (_, r) => <RefundStatusTag refund={r} /> },
        { title: t('aftersales.list.created'), dataIndex: 'created', width: 150, render: (v: string) => formatTime(v) },
        ...(canOpen ? [{
          title: t('common.actions'), key: 'open', width: 70,
          render: (_: unknown, r: Refund) => r.refund_id !== currentId && (
            <Button type="link" size="small" onClick={() => navigate(`/aftersales?open=${r.refund_id}`)} data-testid={`trade-open-refund-${r.refund_id}`}>
              {t('aftersales.section.open')}
            </Button>
          ),
        }] : []),
      ]}
    />
  );
}
