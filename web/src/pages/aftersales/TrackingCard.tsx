import { Card, DatePicker, Empty, Form, Input, Select, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import { TRACE_STATUS_CODES, useAddTrace, useTracking, type TraceStatus, type Tracking } from '../../api/logistics';
import { dayjs, formatTime } from '../../lib/time';
import { ActionModal } from '../trades/actions/ActionModal';

/** The parcel's events, newest on top; the warehouse may enter one the courier did not push. */
export function TrackingCard({ tid }: { tid: number }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const tracking = useTracking(tid);
  return (
    <Card size="small" title={t('logistics.tracking.title')} loading={tracking.isPending} data-testid="trade-tracking"
      extra={hasPermission(me, 'trade.ship') && <AddTraceButton tid={tid} />}>
      {tracking.data && <TrackingTimeline tracking={tracking.data} />}
    </Card>
  );
}

export function TrackingTimeline({ tracking }: { tracking: Tracking }) {
  const { t } = useTranslation();
  if (!tracking.traces.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('logistics.tracking.none')} />;
  return (
    <>
      <Typography.Paragraph>
        {tracking.company_name} {tracking.out_sid} {tracking.status && <Tag color="blue" data-testid="tracking-status">{t(`logistics.trace.${tracking.status}`)}</Tag>}
      </Typography.Paragraph>
      <Timeline items={[...tracking.traces].reverse().map((e) => ({
        key: e.id,
        color: e.status === 'SIGN' ? 'green' : e.status === 'FAILED' || e.status === 'RETURN' ? 'red' : 'blue',
        content: (
          <div data-testid="trace-event" data-status={e.status}>
            <Typography.Text strong>{t(`logistics.trace.${e.status}`)}</Typography.Text> {e.description}
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(e.occurred_at)} {e.location} · {t(`logistics.tracking.source.${e.source}`)}
            </Typography.Text></div>
          </div>
        ),
      }))} />
    </>
  );
}

function AddTraceButton({ tid }: { tid: number }) {
  const { t } = useTranslation();
  const add = useAddTrace(tid);
  return (
    <ActionModal<{ status: TraceStatus; description: string; location?: string; occurred_at: Dayjs }>
      label={t('logistics.tracking.add')}
      title={t('logistics.tracking.add')}
      testId="add-trace"
      initialValues={{ status: 'TRANSPORT', occurred_at: dayjs() }}
      onSubmit={(v) => add.mutateAsync({
        status: v.status, description: v.description.trim(), location: v.location?.trim() ?? '', occurred_at: v.occurred_at.toISOString(),
      })}
    >
      {() => (
        <>
          <Form.Item name="status" label={t('logistics.tracking.status')} rules={[{ required: true }]}>
            <Select options={TRACE_STATUS_CODES.map((s) => ({ value: s, label: t(`logistics.trace.${s}`) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('logistics.tracking.description')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input data-testid="trace-description" />
          </Form.Item>
          <Form.Item name="location" label={t('logistics.tracking.location')} rules={[{ max: 60 }]}><Input /></Form.Item>
          <Form.Item name="occurred_at" label={t('logistics.tracking.occurredAt')} rules={[{ required: true }]}>
            <DatePicker showTime disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
