import { Alert, Descriptions, Drawer, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCouriers, useTrade } from '../../api/trades';
import type { Trade } from '../../api/types';
import { FlagMark } from '../../components/FlagMark';
import { StatusTag } from '../../components/StatusTag';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { TradeAftersales } from '../aftersales/TradeAftersales';
import { OrdersTable } from './OrdersTable';
import { TradeActionBar } from './TradeActionBar';

/** trade.fullinfo.get: everything about one trade, and only the actions the server allows now. */
export function TradeDetailDrawer({ tid, onClose }: { tid: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const trade = useTrade(tid);
  const errorText = useErrorText();
  return (
    <Drawer
      open={tid !== undefined}
      onClose={onClose}
      size={880}
      title={tid ? `${t('trades.tid')} ${tid}` : ''}
      extra={trade.data && <StatusTag status={trade.data.status} />}
      destroyOnHidden
    >
      {trade.isPending && <Spin />}
      {trade.isError && <Alert type="error" title={errorText(trade.error)} />}
      {trade.data && <TradeDetail trade={trade.data} />}
    </Drawer>
  );
}

function TradeDetail({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const couriers = useCouriers();
  const courier = couriers.data?.find((c) => c.code === trade.company_code)?.name ?? trade.company_code;
  const timeoutLabel = trade.status === 'WAIT_BUYER_PAY' ? t('detail.autoClose') : t('detail.autoConfirm');
  const receiver = [trade.receiver_state, trade.receiver_city, trade.receiver_district, trade.receiver_address].join(' ');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="trade-detail" data-status={trade.status}>
      <TradeActionBar trade={trade} />
      <Descriptions size="small" bordered column={2} title={t('detail.trade')} items={[
        { key: 'tid', label: t('trades.tid'), children: <Typography.Text copyable>{String(trade.tid)}</Typography.Text> },
        { key: 'alipay', label: t('detail.alipayNo'), children: trade.alipay_no ?? '-' },
        { key: 'created', label: t('detail.created'), children: formatTime(trade.created) },
        { key: 'paid', label: t('detail.payTime'), children: formatTime(trade.pay_time) },
        { key: 'consign', label: t('detail.consignTime'), children: formatTime(trade.consign_time) },
        { key: 'end', label: t('detail.endTime'), children: formatTime(trade.end_time) },
        ...(trade.timeout_action_time
          ? [{ key: 'timeout', label: timeoutLabel, children: <span data-testid="timeout-action-time">{formatTime(trade.timeout_action_time)}</span> }]
          : []),
        ...(trade.receive_delay_days ? [{ key: 'delay', label: t('detail.delayed'), children: t('detail.days', { n: trade.receive_delay_days }) }] : []),
        ...(trade.close_reason ? [{ key: 'close', label: t('detail.closeReason'), children: trade.close_reason }] : []),
        { key: 'memo', label: t('trades.memo'), span: 2, children: (
          <Space><FlagMark flag={trade.flag} /><span className="xe-pre" data-testid="trade-memo">{trade.memo || '-'}</span></Space>
        ) },
      ]} />
      <Descriptions size="small" bordered column={2} title={t('detail.buyerAndReceiver')} items={[
        { key: 'buyer', label: t('trades.buyer'), children: trade.buyer_nick },
        { key: 'name', label: t('receiver.name'), children: trade.receiver_name },
        { key: 'mobile', label: t('receiver.mobile'), children: trade.receiver_mobile },
        { key: 'address', label: t('receiver.address'), children: <span data-testid="receiver-address">{receiver}</span> },
      ]} />
      <OrdersTable trade={trade} />
      <Descriptions size="small" bordered column={3} items={[
        { key: 'total', label: t('detail.itemsTotal'), children: formatYuan(trade.total_fee) },
        { key: 'post', label: t('detail.postFee'), children: <span data-testid="post-fee">{formatYuan(trade.post_fee)}</span> },
        { key: 'payment', label: t('trades.payment'), children: (
          <Typography.Text strong style={{ color: '#ff5000' }} data-testid="trade-payment">{formatYuan(trade.payment)}</Typography.Text>
        ) },
      ]} />
      <Descriptions size="small" bordered column={2} title={t('detail.logistics')} items={[
        { key: 'company', label: t('ship.company'), children: courier ?? '-' },
        { key: 'sid', label: t('ship.outSid'), children: <span data-testid="out-sid">{trade.out_sid ?? '-'}</span> },
        ...(trade.escrow ? [{ key: 'escrow', label: t('detail.escrow'), span: 2, children: `${formatYuan(trade.escrow.amount)} · ${t(`escrow.${trade.escrow.status}`)}` }] : []),
      ]} />
      <TradeAftersales trade={trade} />
    </Space>
  );
}
