import { Alert, Badge, Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyReviews, type Review } from '../../api/supervision';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { ReviewDrawer } from './ReviewDrawer';

/** 我的质检: an agent's scored reviews with the supervisor's comments, each to read and acknowledge. */
export default function MyReviewsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const reviews = useMyReviews();
  const [open, setOpen] = useState<number>();
  const unread = (reviews.data ?? []).filter((r) => !r.acknowledged_at).length;

  return (
    <Card
      size="small"
      title={t('supervision.mine.title')}
      data-testid="my-reviews-page"
      extra={unread > 0 && <Badge count={unread} offset={[8, 0]}><Typography.Text>{t('supervision.mine.unread', { n: unread })}</Typography.Text></Badge>}
    >
      {reviews.isError && <Alert type="error" title={errorText(reviews.error)} />}
      <Table<Review>
        size="small" rowKey="id" loading={reviews.isPending} dataSource={reviews.data ?? []}
        pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }} locale={{ emptyText: t('supervision.mine.none') }}
        onRow={(r) => ({ 'data-testid': `my-review-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('supervision.qa.scoredAt'), dataIndex: 'scored_at', render: (at: string | null) => formatTime(at) },
          { title: t('supervision.qa.buyer'), dataIndex: 'buyer_nick' },
          { title: t('supervision.qa.session'), key: 'session', render: (_, r) => formatTime(r.session.assigned_at) },
          { title: t('supervision.qa.total'), key: 'total', render: (_, r) => <Typography.Text strong>{r.total} / {r.max_total}</Typography.Text> },
          {
            title: t('supervision.mine.items'), key: 'items',
            render: (_, r) => r.items.map((i) => <Tag key={i.key} title={i.comment ?? undefined}>{i.name} {i.score}/{i.max_score}</Tag>),
          },
          { title: t('supervision.mine.comment'), dataIndex: 'comment', render: (c: string | null) => <Typography.Text ellipsis style={{ maxWidth: 240 }}>{c ?? ''}</Typography.Text> },
          { title: t('supervision.mine.reviewer'), key: 'reviewer', render: (_, r) => r.reviewer?.name ?? '' },
          {
            title: '', key: 'ack',
            render: (_, r) => (
              <Button size="small" type={r.acknowledged_at ? 'default' : 'primary'} onClick={() => setOpen(r.id)} data-testid={`my-review-open-${r.id}`}>
                {r.acknowledged_at ? t('supervision.mine.acknowledged') : t('supervision.mine.acknowledge')}
              </Button>
            ),
          },
        ]}
      />
      <ReviewDrawer id={open} mode="read" onClose={() => setOpen(undefined)} />
    </Card>
  );
}
