import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TradeStatus } from '../api/shared';

const COLORS: Record<TradeStatus, string> = {
  WAIT_BUYER_PAY: 'orange',
  WAIT_SELLER_SEND_GOODS: 'red',
  WAIT_BUYER_CONFIRM_GOODS: 'blue',
  TRADE_FINISHED: 'green',
  TRADE_CLOSED_BY_TAOBAO: 'default',
  TRADE_CLOSED: 'default',
};

export function StatusTag({ status }: { status: TradeStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]} data-status={status}>{t(`status.${status}`)}</Tag>;
}
