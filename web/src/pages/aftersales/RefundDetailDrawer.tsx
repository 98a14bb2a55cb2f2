import { Alert, Button, Card, Descriptions, Drawer, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRefund, useTradeRefunds, type Refund } from '../../api/aftersales';
import { hasPermission, useMe } from '../../api/auth';
import { useCouriers, useTrade } from '../../api/trades';
import { StatusTag } from '../../components/StatusTag';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';
import { ChatHistory } from './ChatHistory';
import { RefundActions } from './RefundActions';
import { DisputeTypeTag, RefundStatusTag, useTimeLeft } from './RefundStatusTag';
import { EscrowBalanceView, TradeRefundList } from './TradeParts';

/** One refund with everything needed to answer it: the request, the trade and its escrow, and the chat with the buyer. */
export function RefundDetailDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const refund = useRefund(id);
  const errorText = useErrorText();
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={920}
      title={id ? t('aftersales.detail.title', { id }) : ''}
      extra={refund.data && <RefundStatusTag refund={refund.data} />}
      destroyOnHidden
    >
      {refund.isPending && <Spin />}
      {refund.isError && <Alert type="error" title={errorText(refund.error)} />}
      {refund.data && <RefundDetail refund={refund.data} />}
    </Drawer>
  );
}

function RefundDetail({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const couriers = useCouriers();
  const timeLeft = useTimeLeft();
  const courier = (code: string | null) => couriers.data?.find((c) => c.code === code)?.name ?? code ?? '';
  const waitingKey = refund.status === 'WAIT_SELLER_CONFIRM_GOODS' && refund.dispute_type === 'EXCHANGE'
    ? 'WAIT_SELLER_CONFIRM_GOODS_EXCHANGE' : refund.status;
  const left = timeLeft(refund.timeout);
  const returning = refund.dispute_type !== 'REFUND';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="refund-detail" data-status={refund.status}>
      <RefundActions refund={refund} />
      {refund.status !== 'SUCCESS' && refund.status !== 'CLOSED' && (
        <Alert
          type={left.urgent ? 'warning' : 'info'}
          showIcon
          title={t(`aftersales.waiting.${waitingKey}`)}
          description={refund.timeout && `${t('aftersales.detail.deadline')}：${formatTime(refund.timeout)}（${left.text}）`}
        />
      )}
      <Descriptions size="small" bordered column={2} items={[
        { key: 'item', label: t('aftersales.detail.item'), span: 2, children: `${refund.title} [${skuLabel(refund.sku_properties_name)}] ×${refund.num}` },
        { key: 'type', label: t('aftersales.detail.type'), children: <DisputeTypeTag type={refund.dispute_type} /> },
        { key: 'fee', label: t('aftersales.detail.fee'), children: (
          <Space>
            <Typography.Text strong style={{ color: '#ff5000' }} data-testid="refund-fee">{formatYuan(refund.refund_fee)}</Typography.Text>
            <Typography.Text type="secondary">{t('aftersales.detail.paid', { fee: formatYuan(refund.total_fee) })}</Typography.Text>
          </Space>
        ) },
        { key: 'reason', label: t('aftersales.detail.reason'), children: refund.reason },
        { key: 'shipped', label: t('aftersales.detail.shipped'), children: t(refund.shipped ? 'aftersales.detail.yes' : 'aftersales.detail.no') },
        { key: 'desc', label: t('aftersales.detail.desc'), span: 2, children: <span className="xe-pre">{refund.desc || '-'}</span> },
        ...(refund.refuse_reason ? [{
          key: 'refuse', label: t('aftersales.detail.refuse'), span: 2,
          children: `${refund.refuse_reason}${t('aftersales.detail.refuseTimes', { n: refund.refuse_times })}`,
        }] : []),
        ...(returning ? [
          { key: 'return', label: t('aftersales.detail.returnParcel'), children: <span data-testid="return-parcel">{refund.sid ? `${courier(refund.company_code)} ${refund.sid}` : '-'}</span> },
          { key: 'returnTime', label: t('aftersales.detail.returnTime'), children: formatTime(refund.good_return_time) },
          { key: 'received', label: t('aftersales.detail.received'), span: 2, children: (
            <span data-testid="goods-received">{refund.good_received_time ? formatTime(refund.good_received_time) : t('aftersales.detail.notReceived')}</span>
          ) },
        ] : []),
        ...(refund.exchange_out_sid ? [{
          key: 'exchange', label: t('aftersales.detail.exchangeParcel'), span: 2, children: `${courier(refund.exchange_company_code)} ${refund.exchange_out_sid}`,
        }] : []),
        { key: 'created', label: t('aftersales.detail.created'), children: formatTime(refund.created) },
        { key: 'end', label: refund.end_time ? t('aftersales.detail.endTime') : t('aftersales.detail.modified'), children: formatTime(refund.end_time ?? refund.modified) },
      ]} />
      <RefundTradeCard refund={refund} />
      <ChatHistory buyerNick={refund.buyer_nick} />
    </Space>
  );
}

/** The refund's trade: its state and payment, every refund on it, and where its money is now. */
function RefundTradeCard({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const trade = useTrade(refund.tid);
  const refunds = useTradeRefunds(refund.tid);
  return (
    <Card
      size="small"
      title={<Space>{t('aftersales.trade.title')} <Typography.Text copyable>{String(refund.tid)}</Typography.Text>{trade.data && <StatusTag status={trade.data.status} />}</Space>}
      extra={hasPermission(me, 'trade.view') && (
        <Button size="small" type="link" onClick={() => navigate(`/trades?open=${refund.tid}`)} data-testid="refund-open-trade">{t('aftersales.trade.open')}</Button>
      )}
      loading={trade.isPending}
      data-testid="refund-trade"
    >
      {trade.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={3} items={[
            { key: 'buyer', label: t('trades.buyer'), children: trade.data.buyer_nick },
            { key: 'payment', label: t('aftersales.trade.payment'), children: formatYuan(trade.data.payment) },
            { key: 'post', label: t('detail.postFee'), children: formatYuan(trade.data.post_fee) },
            { key: 'logistics', label: t('detail.logistics'), span: 3, children: trade.data.out_sid ? `${trade.data.company_code} ${trade.data.out_sid}` : '-' },
          ]} />
          <TradeRefundList refunds={refunds.data ?? []} currentId={refund.refund_id} />
          <EscrowBalanceView trade={trade.data} />
        </Space>
      )}
    </Card>
  );
}
