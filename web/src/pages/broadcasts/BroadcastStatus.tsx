import { Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Broadcast, BroadcastStatus } from '../../api/broadcasts';

const COLORS: Record<BroadcastStatus, string> = { sending: 'processing', done: 'success', cancelled: 'default' };

export function BroadcastStatusTag({ status }: { status: BroadcastStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]} data-status={status}>{t(`broadcasts.statusName.${status}`)}</Tag>;
}

/** The bar counts every recipient dealt with (sent, skipped or failed); the line under it says how many were sent. */
export function BroadcastProgress({ b, testId }: { b: Broadcast; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }} data-testid={testId} data-percent={b.percent} data-status={b.status}>
      <Progress
        percent={b.percent}
        size="small"
        status={b.status === 'sending' ? 'active' : b.status === 'cancelled' ? 'exception' : b.failed ? 'normal' : 'success'}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('broadcasts.counts', { sent: b.sent, total: b.total })}
        {b.skipped_opt_out > 0 && ` · ${t('broadcasts.summary.skipped_opt_out')} ${b.skipped_opt_out}`}
        {b.failed > 0 && ` · ${t('broadcasts.summary.failed')} ${b.failed}`}
      </Typography.Text>
    </Space>
  );
}
