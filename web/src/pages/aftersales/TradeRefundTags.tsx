import { Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTradeRefunds, type Refund } from '../../api/aftersales';
import type { Trade } from '../../api/types';
import { formatYuan } from '../../lib/money';
import { RefundStatusTag } from './RefundStatusTag';

/** The latest refund of each sub-order of a paid trade, as small tags: the workbench's sidebar shows them per trade. */
export function TradeRefundTags({ trade }: { trade: Pick<Trade, 'tid' | 'pay_time'> }) {
  const { t } = useTranslation();
  const refunds = useTradeRefunds(trade.tid, trade.pay_time !== null);
  const latest = new Map<number, Refund>();
  for (const r of refunds.data ?? []) {
    const seen = latest.get(r.oid);
    if (!seen || r.created > seen.created) latest.set(r.oid, r);
  }
  if (!latest.size) return null;
  return (
    <Space size={2} wrap data-testid={`trade-refund-tags-${trade.tid}`}>
      {[...latest.values()].map((r) => (
        <Tooltip key={r.oid} title={`${r.title} · ${t(`aftersales.type.${r.dispute_type}`)} ${r.dispute_type === 'EXCHANGE' ? '' : formatYuan(r.refund_fee)}`}>
          <span data-testid={`sidebar-refund-${r.oid}`} data-status={r.status}><RefundStatusTag refund={r} /></span>
        </Tooltip>
      ))}
    </Space>
  );
}
