import { Alert, Card, Descriptions, Empty, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBuyerRefunds, type Refund } from '../../api/aftersales';
import { COURIERS } from '../../api/logistics';
import { useBuyerTrades } from '../../api/storefront';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';
import { DisputeTypeTag, RefundStatusTag, useTimeLeft } from '../aftersales/RefundStatusTag';
import { BuyerRefundActions } from './BuyerRefundActions';

const parcel = (code: string | null, sid: string | null) => `${COURIERS[code as keyof typeof COURIERS] ?? code ?? ''} ${sid ?? ''}`;

/** 退款/售后: the buyer's refunds in this shop, newest first, each with its next step and the time left for it. */
export function MyRefunds({ shopName }: { shopName: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const trades = useBuyerTrades(true);
  const refunds = useBuyerRefunds(true);
  if (trades.isPending || refunds.isPending) return <Spin />;
  if (refunds.isError) return <Alert type="error" title={errorText(refunds.error)} />;
  const here = new Set((trades.data ?? []).filter((tr) => tr.shop_name === shopName).map((tr) => tr.tid));
  const mine = refunds.data.filter((r) => here.has(r.tid));
  if (!mine.length) return <Empty description={t('buyerAftersales.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="my-refunds">
      {mine.map((r) => <BuyerRefundCard key={r.refund_id} refund={r} />)}
    </Space>
  );
}

export function BuyerRefundCard({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const timeLeft = useTimeLeft();
  const open = refund.status !== 'SUCCESS' && refund.status !== 'CLOSED';
  return (
    <Card
      size="small"
      data-testid={`buyer-refund-${refund.refund_id}`}
      data-status={refund.status}
      title={<Space><span>{t('buyerAftersales.refundId', { id: refund.refund_id })}</span><Typography.Text type="secondary">{t('buyerAftersales.trade', { tid: refund.tid })}</Typography.Text></Space>}
      extra={<RefundStatusTag refund={refund} />}
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {refund.title} <Typography.Text type="secondary">[{skuLabel(refund.sku_properties_name)}] ×{refund.num}</Typography.Text>
      </Typography.Paragraph>
      <Alert style={{ marginBottom: 8 }} type={refund.status === 'SELLER_REFUSE_BUYER' ? 'warning' : refund.status === 'SUCCESS' ? 'success' : 'info'}
        title={t(`buyerAftersales.waiting.${refund.status}`)}
        description={refund.status === 'SELLER_REFUSE_BUYER' && refund.refuse_reason ? t('buyerAftersales.refuse', { reason: refund.refuse_reason }) : undefined} />
      <Descriptions size="small" column={3} items={[
        { key: 'type', label: t('buyerAftersales.type'), children: <DisputeTypeTag type={refund.dispute_type} /> },
        ...(refund.dispute_type !== 'EXCHANGE' ? [{ key: 'fee', label: t('aftersales.detail.fee'), children: <span data-testid="buyer-refund-fee">{formatYuan(refund.refund_fee)}</span> }] : []),
        { key: 'created', label: t('aftersales.detail.created'), children: formatTime(refund.created) },
        { key: 'reason', label: t('buyerAftersales.reason'), span: 3, children: refund.reason },
        ...(open && refund.timeout ? [{ key: 'left', label: t('buyerAftersales.deadline'), children: timeLeft(refund.timeout).text }] : []),
        ...(refund.sid ? [{ key: 'return', label: t('aftersales.detail.returnParcel'), children: parcel(refund.company_code, refund.sid) }] : []),
        ...(refund.good_received_time ? [{ key: 'received', label: t('aftersales.detail.received'), children: formatTime(refund.good_received_time) }] : []),
        ...(refund.exchange_out_sid ? [{ key: 'exchange', label: t('aftersales.detail.exchangeParcel'), children: parcel(refund.exchange_company_code, refund.exchange_out_sid) }] : []),
      ]} />
      <BuyerRefundActions refund={refund} />
    </Card>
  );
}
