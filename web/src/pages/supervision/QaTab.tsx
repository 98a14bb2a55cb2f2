import { App, Button, Card, DatePicker, Empty, Form, InputNumber, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useTeamReport } from '../../api/stats';
import { useAddRubric, useReviews, useRubrics, useSample, type Review, type ReviewStatus } from '../../api/supervision';
import { useShowError } from '../../components/useShowError';
import { DEFAULT_TZ, dayjs, formatTime } from '../../lib/time';
import { ConversationDrawer } from './ConversationDrawer';
import { ReviewDrawer } from './ReviewDrawer';

/** 质检: pick a rubric, sample served chats of some days at random, score them; the agents see the outcome. */
export function QaTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const { data: me } = useMe();
  const rubrics = useRubrics();
  const addRubric = useAddRubric();
  const sample = useSample();
  const [status, setStatus] = useState<ReviewStatus | 'all'>('pending');
  const reviews = useReviews(status === 'all' ? {} : { status });
  const [open, setOpen] = useState<number>();
  const [conversation, setConversation] = useState<number>();
  const today = dayjs().tz(me?.shop.timezone || DEFAULT_TZ);
  const agents = useTeamReport({ from: today.format('YYYY-MM-DD'), to: today.format('YYYY-MM-DD') }).data?.agents ?? [];
  const active = (rubrics.data?.rubrics ?? []).filter((r) => r.active);
  const [rubricId, setRubricId] = useState<number>();
  const rubric = active.find((r) => r.id === rubricId) ?? active[0];

  async function fromTemplate() {
    try {
      await addRubric.mutateAsync({ name: t('supervision.qa.templateName'), items: rubrics.data!.template });
      message.success(t('supervision.qa.created'));
    } catch (err) {
      showError(err);
    }
  }

  async function draw(v: { range: [Dayjs, Dayjs]; count: number; agent_id?: number }) {
    try {
      const res = await sample.mutateAsync({
        rubric_id: rubric!.id, from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD'), count: v.count, agent_id: v.agent_id,
      });
      if (res.reviews.length) message.success(t('supervision.qa.sampled', { n: res.reviews.length }));
      else message.info(t('supervision.qa.sampledNone'));
      setStatus('pending');
    } catch (err) {
      showError(err);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="qa-tab">
      <Card size="small" title={t('supervision.qa.rubric')} loading={rubrics.isPending}>
        {!rubric ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.qa.noRubric')}>
            <Button type="primary" onClick={fromTemplate} loading={addRubric.isPending} data-testid="qa-template">{t('supervision.qa.createTemplate')}</Button>
          </Empty>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Select style={{ width: 200 }} value={rubric.id} onChange={setRubricId} options={active.map((r) => ({ value: r.id, label: r.name }))} />
              {rubric.items.map((i) => (
                <Tag key={i.key} title={i.description}>{i.name} · {t('supervision.qa.fullMarks', { n: i.max_score })}</Tag>
              ))}
            </Space>
            <Form layout="inline" onFinish={draw} initialValues={{ range: [today.subtract(6, 'day'), today], count: 5 }}>
              <Form.Item name="range" label={t('supervision.qa.sampleRange')} rules={[{ required: true }]}>
                <DatePicker.RangePicker allowClear={false} />
              </Form.Item>
              <Form.Item name="count" label={t('supervision.qa.sampleCount')}>
                <InputNumber min={1} max={100} precision={0} />
              </Form.Item>
              <Form.Item name="agent_id" label={t('supervision.qa.sampleAgent')}>
                <Select allowClear placeholder={t('supervision.qa.anyAgent')} style={{ width: 140 }} options={agents.map((a) => ({ value: a.agent_id, label: a.name }))} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={sample.isPending} data-testid="qa-sample">{t('supervision.qa.sample')}</Button>
            </Form>
          </Space>
        )}
      </Card>
      <Card
        size="small"
        title={t('supervision.qa.reviews')}
        extra={
          <Segmented<ReviewStatus | 'all'>
            size="small" value={status} onChange={setStatus}
            options={[{ value: 'pending', label: t('supervision.qa.status.pending') }, { value: 'scored', label: t('supervision.qa.status.scored') },
              { value: 'all', label: t('supervision.qa.all') }]}
          />
        }
      >
        <Table<Review>
          size="small" rowKey="id" loading={reviews.isFetching} dataSource={reviews.data ?? []}
          pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }} locale={{ emptyText: t('supervision.qa.none') }}
          onRow={(r) => ({ 'data-testid': `qa-review-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('supervision.qa.id'), dataIndex: 'id', width: 64 },
            { title: t('supervision.qa.buyer'), dataIndex: 'buyer_nick' },
            { title: t('supervision.qa.agent'), key: 'agent', render: (_, r) => r.agent.name },
            { title: t('supervision.qa.session'), key: 'session', render: (_, r) => formatTime(r.session.assigned_at) },
            {
              title: t('supervision.qa.filter'), dataIndex: 'status',
              render: (s: ReviewStatus, r) => (
                <Space size={2}>
                  <Tag color={s === 'scored' ? 'green' : 'orange'}>{t(`supervision.qa.status.${s}`)}</Tag>
                  {s === 'scored' && <Tag color={r.acknowledged_at ? 'blue' : 'default'}>{t(r.acknowledged_at ? 'supervision.qa.acknowledged' : 'supervision.qa.notAcknowledged')}</Tag>}
                </Space>
              ),
            },
            { title: t('supervision.qa.total'), key: 'total', render: (_, r) => (r.total === null ? '—' : <Typography.Text strong>{r.total} / {r.max_total}</Typography.Text>) },
            { title: t('supervision.qa.reviewer'), key: 'reviewer', render: (_, r) => r.reviewer?.name ?? '' },
            {
              title: '', key: 'actions',
              render: (_, r) => (
                <Space size={4}>
                  <Button size="small" type="primary" ghost onClick={() => setOpen(r.id)} data-testid={`qa-open-${r.id}`}>{t('supervision.qa.open')}</Button>
                  <Button size="small" type="link" onClick={() => setConversation(r.conversation_id)}>{t('supervision.qa.openConversation')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReviewDrawer id={open} mode="score" onClose={() => setOpen(undefined)} />
      <ConversationDrawer id={conversation} onClose={() => setConversation(undefined)} />
    </Space>
  );
}
