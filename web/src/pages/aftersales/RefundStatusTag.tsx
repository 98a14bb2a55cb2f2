import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeType, Refund, RefundStatus } from '../../api/aftersales';

const COLORS: Record<RefundStatus, string> = {
  WAIT_SELLER_AGREE: 'orange',
  WAIT_BUYER_RETURN_GOODS: 'gold',
  WAIT_SELLER_CONFIRM_GOODS: 'blue',
  SELLER_REFUSE_BUYER: 'red',
  CLOSED: 'default',
  SUCCESS: 'green',
};

/** The refund's status in the reader's language; a successful exchange says so rather than "refunded". */
export function RefundStatusTag({ refund }: { refund: Pick<Refund, 'status' | 'dispute_type'> }) {
  const { t } = useTranslation();
  const label = refund.status === 'SUCCESS' && refund.dispute_type === 'EXCHANGE'
    ? t('aftersales.successExchange') : t(`aftersales.status.${refund.status}`);
  return <Tag color={COLORS[refund.status]} data-refund-status={refund.status}>{label}</Tag>;
}

export function DisputeTypeTag({ type }: { type: DisputeType }) {
  const { t } = useTranslation();
  return <Tag bordered={false} color={type === 'REFUND' ? 'volcano' : type === 'EXCHANGE' ? 'purple' : 'cyan'}>{t(`aftersales.type.${type}`)}</Tag>;
}

/** Time left until the deadline, as people say it: 2 天 3 小时, 45 分钟. */
export function useTimeLeft() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (timeout: string | null, now = Date.now()) => {
    if (!timeout) return { text: t('aftersales.noDeadline'), overdue: false, urgent: false };
    const ms = new Date(timeout).getTime() - now;
    if (ms <= 0) return { text: t('aftersales.overdue'), overdue: true, urgent: true };
    const minutes = Math.floor(ms / 60_000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const parts = days ? [`${days}${en ? 'd' : ' 天'}`, `${hours}${en ? 'h' : ' 小时'}`]
      : hours ? [`${hours}${en ? 'h' : ' 小时'}`, `${minutes % 60}${en ? 'm' : ' 分钟'}`] : [`${minutes % 60}${en ? 'm' : ' 分钟'}`];
    return { text: t('aftersales.left', { time: parts.join(' ') }), overdue: false, urgent: ms < 12 * 3_600_000 };
  };
}
