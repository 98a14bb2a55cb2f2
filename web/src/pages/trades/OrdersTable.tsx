import { Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Order, Trade } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';
import { formatYuan } from '../../lib/money';
import { CloseButton } from './actions/CloseButton';
import { PriceButton } from './actions/PriceButton';
import { skuLabel } from '../../lib/sku';

/** The sub-orders: SKU, unit price (the price at ordering struck through when changed), quantity, per-line actions. */
export function OrdersTable({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const canPrice = trade.allowed_actions.includes('modify_price');
  const canCloseOrder = trade.allowed_actions.includes('close_order');
  const columns: ColumnsType<Order> = [
    { title: t('trades.items'), dataIndex: 'title', render: (_, o) => (
      <Space orientation="vertical" size={0}>
        <Typography.Text>{o.title}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{skuLabel(o.sku_properties_name)}</Typography.Text>
      </Space>
    ) },
    { title: t('detail.unitPrice'), dataIndex: 'price', width: 120, align: 'right', render: (_, o) => (
      <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
        <span data-testid={`order-price-${o.oid}`}>{formatYuan(o.price)}</span>
        {o.original_price !== o.price && <Typography.Text delete type="secondary" style={{ fontSize: 12 }}>{formatYuan(o.original_price)}</Typography.Text>}
      </Space>
    ) },
    { title: t('detail.num'), dataIndex: 'num', width: 60, align: 'right' },
    { title: t('detail.subtotal'), key: 'subtotal', width: 110, align: 'right', render: (_, o) => formatYuan(o.price * o.num) },
    { title: t('trades.status'), dataIndex: 'status', width: 110, render: (_, o) => <StatusTag status={o.status} /> },
  ];
  if (canPrice || canCloseOrder) {
    columns.push({
      title: t('common.actions'), key: 'actions', width: 150,
      render: (_, o) => o.status === 'WAIT_BUYER_PAY' && (
        <Space size={0}>
          {canPrice && <PriceButton trade={trade} order={o} />}
          {canCloseOrder && <CloseButton trade={trade} order={o} />}
        </Space>
      ),
    });
  }
  return <Table<Order> rowKey="oid" size="small" columns={columns} dataSource={trade.orders} pagination={false} />;
}
