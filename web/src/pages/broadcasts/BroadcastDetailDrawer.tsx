import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Segmented, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import {
  cancelBroadcast, RECIPIENT_STATUSES, useBroadcast, useRecipients, type Broadcast, type Recipient, type RecipientStatus,
} from '../../api/broadcasts';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { BroadcastProgress, BroadcastStatusTag } from './BroadcastStatus';

const RECIPIENT_COLORS: Record<RecipientStatus, string> = { pending: 'default', sent: 'success', skipped_opt_out: 'warning', failed: 'error' };

/** One broadcast: its numbers as they move (asked every second or two while it sends), each recipient's outcome, cancel. */
export function BroadcastDetailDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const broadcast = useBroadcast(id);
  const errorText = useErrorText();
  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={820}
      title={id ? `${t('broadcasts.title')} #${id}` : ''}
      extra={broadcast.data && <BroadcastStatusTag status={broadcast.data.status} />}
      destroyOnHidden
    >
      {broadcast.isPending && <Spin />}
      {broadcast.isError && <Alert type="error" showIcon title={errorText(broadcast.error)} />}
      {broadcast.data && <BroadcastDetail b={broadcast.data} />}
    </Drawer>
  );
}

function BroadcastDetail({ b }: { b: Broadcast }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [cancelling, setCancelling] = useState(false);

  async function cancel() {
    setCancelling(true);
    try {
      await cancelBroadcast(b.id);
      message.success(t('broadcasts.cancelled'));
      await qc.invalidateQueries({ queryKey: ['broadcasts'] });
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setCancelling(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="broadcast-detail" data-status={b.status}>
      <Descriptions size="small" bordered column={2} items={[
        { key: 'segment', label: t('broadcasts.segment'), children: b.segment_name },
        { key: 'rate', label: t('broadcasts.rate'), children: t('broadcasts.ratePerMinute', { n: b.rate_per_minute }) },
        { key: 'by', label: t('broadcasts.createdBy'), children: b.created_by },
        { key: 'at', label: t('broadcasts.createdAt'), children: formatTime(b.created_at) },
        ...(b.finished_at ? [{ key: 'end', label: t('broadcasts.finishedAt'), children: formatTime(b.finished_at) }] : []),
        { key: 'text', label: t('broadcasts.text'), span: 2, children: <span className="xe-pre" data-testid="broadcast-detail-text">{b.text}</span> },
      ]} />
      <div>
        <BroadcastProgress b={b} testId="broadcast-detail-progress" />
        <Space size="large" wrap style={{ marginTop: 8 }} data-testid="broadcast-counts">
          {(['total', 'sent', 'skipped_opt_out', 'failed', 'pending'] as const).map((k) => (
            <Statistic key={k} title={t(`broadcasts.summary.${k}`)} value={b[k]} styles={{ content: { fontSize: 18 } }} data-testid={`broadcast-count-${k}`} data-value={b[k]} />
          ))}
        </Space>
      </div>
      {b.status === 'sending' && (
        <Popconfirm title={t('broadcasts.cancelAsk')} onConfirm={cancel} okButtonProps={{ 'data-testid': 'broadcast-cancel-confirm' }}>
          <Button danger size="small" loading={cancelling} data-testid="broadcast-cancel">{t('broadcasts.cancel')}</Button>
        </Popconfirm>
      )}
      <RecipientTable b={b} />
    </Space>
  );
}

const PAGE_SIZE = 50;

function RecipientTable({ b }: { b: Broadcast }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [status, setStatus] = useState<RecipientStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const version = `${b.status}:${b.sent}:${b.skipped_opt_out}:${b.failed}`;
  const recipients = useRecipients(b.id, status === 'all' ? undefined : status, page, PAGE_SIZE, version);
  const counts: Record<RecipientStatus | 'all', number> = {
    all: b.total, pending: b.pending, sent: b.sent, skipped_opt_out: b.skipped_opt_out, failed: b.failed,
  };

  const columns: ColumnsType<Recipient> = [
    { title: t('broadcasts.nick'), dataIndex: 'nick', ellipsis: true },
    {
      title: t('broadcasts.recipientStatusCol'), dataIndex: 'status', width: 100,
      render: (s: RecipientStatus) => <Tag color={RECIPIENT_COLORS[s]} data-testid="recipient-status" data-status={s}>{t(`broadcasts.recipientStatus.${s}`)}</Tag>,
    },
    {
      title: t('broadcasts.failReason'), dataIndex: 'reason', width: 240,
      render: (r: string | null) => (r ? t(`broadcasts.reason.${r}`, { defaultValue: r }) : '-'),
    },
    { title: t('broadcasts.conversation'), dataIndex: 'conversation_id', width: 80, render: (c: number | null) => (c ? `#${c}` : '-') },
    { title: t('broadcasts.updatedAt'), dataIndex: 'updated_at', width: 160, render: (v: string) => formatTime(v) },
  ];

  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>{t('broadcasts.recipients')}</Typography.Text>
        <Segmented<RecipientStatus | 'all'>
          size="small"
          value={status}
          onChange={(v) => { setStatus(v); setPage(1); }}
          options={(['all', ...RECIPIENT_STATUSES] as const).map((s) => ({
            value: s, label: <span data-testid={`recipient-filter-${s}`}>{`${t(`broadcasts.recipientStatus.${s}`)} ${counts[s]}`}</span>,
          }))}
        />
      </Space>
      {recipients.isError && <Alert type="error" showIcon title={errorText(recipients.error)} />}
      <Table<Recipient>
        rowKey="customer_id"
        size="small"
        columns={columns}
        dataSource={recipients.data?.recipients ?? []}
        loading={recipients.isPending}
        data-testid="recipient-table"
        onRow={(r) => ({ 'data-nick': r.nick, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page, pageSize: PAGE_SIZE, total: recipients.data?.total ?? 0, size: 'small', showSizeChanger: false,
          hideOnSinglePage: true, onChange: setPage,
        }}
      />
    </div>
  );
}
