import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTradeRefunds } from '../../api/aftersales';
import { hasPermission, useMe } from '../../api/auth';
import type { Trade } from '../../api/types';
import { BankTransferButton, BankTransferLine } from './BankTransferButton';
import { OpenCaseButton } from './OpenCaseButton';
import { TrackingCard } from './TrackingCard';
import { EscrowBalanceView, TradeRefundList } from './TradeParts';

/**
 * The trade drawer's after-sales part: recording a bank transfer while unpaid; once paid, each sub-order's refunds and
 * where the money is; once shipped, the parcel's tracking and its problems.
 */
export function TradeAftersales({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const paid = trade.pay_time !== null;
  const refunds = useTradeRefunds(trade.tid, paid);
  const unpaid = trade.status === 'WAIT_BUYER_PAY';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="trade-aftersales">
      <Space wrap>
        {unpaid && hasPermission(me, 'payment.offline') && <BankTransferButton trade={trade} />}
        {hasPermission(me, 'trade.memo') && <OpenCaseButton trade={trade} />}
      </Space>
      {trade.pay_method === 'bank_transfer' && <BankTransferLine trade={trade} />}
      {paid && (
        <Card size="small" title={t('aftersales.section.refunds')} loading={refunds.isPending} data-testid="trade-refunds">
          <Space orientation="vertical" style={{ width: '100%' }}>
            {refunds.data?.length
              ? <TradeRefundList refunds={refunds.data} />
              : <Typography.Text type="secondary">{t('aftersales.section.none')}</Typography.Text>}
            {trade.escrow && <EscrowBalanceView trade={trade} />}
          </Space>
        </Card>
      )}
      {trade.out_sid && <TrackingCard tid={trade.tid} />}
    </Space>
  );
}
