import { Alert, Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESULT_CODES, useReviews, useReviewStats, type Result, type Review, type ReviewStats, type StatsGroup } from '../../api/reviews';
import { useErrorText } from '../../components/useShowError';
import { dayjs, dayRange, formatTime } from '../../lib/time';
import { ResultTag } from './ResultTag';

const GROUPS: StatsGroup[] = ['none', 'item', 'day', 'week', 'month'];
const rate = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);

/** 评价统计: good / neutral / bad and the good rate over a period, for the shop, per item or per day, week or month. */
export function ReviewStatsTab() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [group, setGroup] = useState<StatsGroup>('item');
  const { start_created: start, end_created: end } = dayRange(range[0], range[1]);
  const stats = useReviewStats({ start, end, group_by: group });
  const s = stats.data;
  type Row = ReviewStats['groups'][number];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="review-stats">
      <Space wrap>
        <span>{t('reviews.stats.range')}</span>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <span>{t('reviews.stats.group')}</span>
        <Segmented<StatsGroup> value={group} onChange={setGroup} options={GROUPS.map((g) => ({ value: g, label: t(`reviews.stats.groups.${g}`) }))} />
      </Space>
      {stats.isError && <Alert type="error" title={errorText(stats.error)} />}
      <Card size="small" loading={stats.isPending}>
        {s && (
          <Row gutter={16}>
            <Col span={5}><Statistic title={t('reviews.stats.rate')} value={rate(s.totals.good_rate)} data-testid="review-good-rate" /></Col>
            <Col span={5}><Statistic title={t('reviews.stats.good')} value={s.totals.good} /></Col>
            <Col span={5}><Statistic title={t('reviews.stats.neutral')} value={s.totals.neutral} /></Col>
            <Col span={5}><Statistic title={t('reviews.stats.bad')} value={s.totals.bad} /></Col>
            <Col span={4}><Statistic title={t('reviews.stats.total')} value={s.totals.total} /></Col>
          </Row>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reviews.stats.hint')}</Typography.Text>
      </Card>
      {s && s.group_by !== 'none' && (
        <Table<Row>
          size="small"
          rowKey={(g) => String(g.num_iid ?? g.period)}
          dataSource={s.groups}
          pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
          locale={{ emptyText: t('reviews.stats.none') }}
          columns={[
            s.group_by === 'item'
              ? { title: t('reviews.stats.item'), dataIndex: 'title' }
              : { title: t('reviews.stats.period'), dataIndex: 'period' },
            { title: t('reviews.stats.good'), dataIndex: 'good', align: 'right' },
            { title: t('reviews.stats.neutral'), dataIndex: 'neutral', align: 'right' },
            { title: t('reviews.stats.bad'), dataIndex: 'bad', align: 'right' },
            { title: t('reviews.stats.total'), dataIndex: 'total', align: 'right' },
            { title: t('reviews.stats.rate'), dataIndex: 'good_rate', align: 'right', render: (v: number | null) => rate(v) },
          ]}
        />
      )}
      <RecentReviews />
    </Space>
  );
}

function RecentReviews() {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result>();
  const reviews = useReviews({ result, limit: 50 });
  return (
    <Card size="small" title={t('reviews.stats.recent')}
      extra={<Select<Result> allowClear size="small" style={{ width: 120 }} placeholder={t('reviews.stats.anyResult')} value={result} onChange={setResult}
        options={RESULT_CODES.map((r) => ({ value: r, label: t(`reviews.result.${r}`) }))} />}>
      <Table<Review>
        size="small"
        rowKey="id"
        dataSource={reviews.data ?? []}
        loading={reviews.isFetching}
        pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
        locale={{ emptyText: t('reviews.list.empty') }}
        columns={[
          { title: t('reviews.list.created'), dataIndex: 'created', width: 150, render: (v: string) => formatTime(v) },
          { title: t('reviews.list.buyer'), dataIndex: 'buyer_nick', width: 110 },
          { title: t('reviews.list.item'), dataIndex: 'item_title', width: 180, ellipsis: true },
          { title: t('reviews.list.result'), dataIndex: 'result', width: 80, render: (_, r) => <ResultTag result={r.result} /> },
          { title: t('reviews.list.content'), dataIndex: 'content' },
          { title: t('reviews.list.tid'), dataIndex: 'tid', width: 140 },
        ]}
      />
    </Card>
  );
}
