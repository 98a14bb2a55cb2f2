import { Button, Modal, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuyerRefunds, type Refund } from '../../api/aftersales';
import { useBuyerTracking } from '../../api/logistics';
import type { Trade } from '../../api/types';
import { RefundStatusTag } from '../aftersales/RefundStatusTag';
import { TrackingTimeline } from '../aftersales/TrackingCard';
import { BuyerRefundActions } from './BuyerRefundActions';
import { refundable, RefundApplyButton } from './RefundApplyModal';
import { ReviewButton } from './ReviewModal';

const REFUNDABLE = ['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'];
const isOpen = (r: Refund) => r.status !== 'SUCCESS' && r.status !== 'CLOSED';

/**
 * The after-sales part of a buyer's trade card: each sub-order's refund and its next step, asking for one, the
 * parcel's tracking, and rating a finished trade.
 */
export function BuyerTradeAftersales({ trade }: { trade: Trade }) {
  const refunds = useBuyerRefunds(trade.pay_time !== null);
  const mine = (refunds.data ?? []).filter((r) => r.tid === trade.tid);
  const canAsk = REFUNDABLE.includes(trade.status) && trade.pay_method === 'escrow';
  const lines = trade.orders.map((o) => {
    const latest = mine.filter((r) => r.oid === o.oid).sort((a, b) => b.created.localeCompare(a.created))[0];
    const ask = canAsk && o.status === trade.status && !(latest && isOpen(latest)) && refundable(o, mine) > 0;
    return { o, latest, ask };
  }).filter((l) => l.latest || l.ask);

  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 8 }} data-testid={`buyer-aftersales-${trade.tid}`}>
      {lines.map(({ o, latest, ask }) => (
        <Space key={o.oid} wrap size={4} data-testid={`buyer-order-${o.oid}`} data-refund-status={latest?.status ?? ''}>
          <Typography.Text type="secondary">{o.title}</Typography.Text>
          {latest && <RefundStatusTag refund={latest} />}
          {latest && <BuyerRefundActions refund={latest} />}
          {ask && <RefundApplyButton trade={trade} order={o} refunds={mine} />}
        </Space>
      ))}
      {(trade.out_sid || trade.status === 'TRADE_FINISHED') && (
        <Space>
          {trade.out_sid && <TrackingButton tid={trade.tid} />}
          {trade.status === 'TRADE_FINISHED' && <ReviewButton tid={trade.tid} />}
        </Space>
      )}
    </Space>
  );
}

function TrackingButton({ tid }: { tid: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const tracking = useBuyerTracking(tid, open);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid={`tracking-${tid}`}>{t('buyerAftersales.tracking')}</Button>
      <Modal open={open} title={t('buyerAftersales.trackingTitle', { tid })} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        {tracking.isPending ? <Spin /> : tracking.data && <TrackingTimeline tracking={tracking.data} />}
      </Modal>
    </>
  );
}
