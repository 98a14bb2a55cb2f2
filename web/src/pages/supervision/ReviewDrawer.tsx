import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAcknowledge, useReview, useScoreReview, type Review } from '../../api/supervision';
import { MessageList } from '../../chat/MessageList';
import { useErrorText, useShowError } from '../../components/useShowError';
import { formatTime } from '../../lib/time';

type Item = Review['items'][number];

/**
 * One review with the messages of the session it covers. A supervisor scores every item of the rubric (and may
 * comment); the agent reviewed reads the outcome and acknowledges it.
 */
export function ReviewDrawer({ id, mode, onClose }: { id: number | undefined; mode: 'score' | 'read'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const review = useReview(id);
  const score = useScoreReview();
  const acknowledge = useAcknowledge();
  const [form] = Form.useForm<{ scores: Record<string, number>; comments: Record<string, string>; comment: string }>();
  const r = review.data?.review;

  useEffect(() => {
    if (!r) return;
    form.setFieldsValue({
      scores: Object.fromEntries(r.items.filter((i) => i.score !== null).map((i) => [i.key, i.score!])),
      comments: Object.fromEntries(r.items.map((i) => [i.key, i.comment ?? ''])),
      comment: r.comment ?? '',
    });
  }, [r?.id, r?.version]);

  async function submit(v: { scores: Record<string, number>; comments?: Record<string, string>; comment?: string }) {
    try {
      await score.mutateAsync({ id: r!.id, scores: v.scores, item_comments: v.comments ?? {}, comment: v.comment ?? '', version: r!.version });
      message.success(t('supervision.qa.scoredOk'));
      onClose();
    } catch (err) {
      showError(err);
    }
  }

  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={820}
      destroyOnHidden
      title={r ? `#${r.id} · ${r.buyer_nick} · ${r.agent.name}` : ''}
      loading={review.isPending && id !== undefined}
      extra={mode === 'read' && r && (
        r.acknowledged_at
          ? <Tag color="green">{t('supervision.mine.acknowledgedAt', { at: formatTime(r.acknowledged_at) })}</Tag>
          : (
            <Button
              type="primary" loading={acknowledge.isPending} data-testid="review-acknowledge"
              onClick={async () => {
                try {
                  await acknowledge.mutateAsync(r.id);
                  message.success(t('supervision.mine.ackOk'));
                } catch (err) {
                  showError(err);
                }
              }}
            >
              {t('supervision.mine.acknowledge')}
            </Button>
          )
      )}
    >
      <div data-testid="review-drawer">
        {review.isError && <Alert type="error" title={errorText(review.error)} />}
        {r && (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={t('supervision.qa.session')}>{formatTime(r.session.assigned_at)}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.qa.total')}>{r.total === null ? '—' : `${r.total} / ${r.max_total}`}</Descriptions.Item>
              <Descriptions.Item label={t('supervision.qa.reviewer')}>{r.reviewer?.name ?? '—'}</Descriptions.Item>
            </Descriptions>
            {review.data!.messages.length ? (
              <div style={{ height: 300, display: 'flex', flexDirection: 'column', border: '1px solid #f0f0f0' }}>
                <MessageList messages={review.data!.messages} outgoing={[]} mySide="agent" hasOlder={false} onLoadOlder={() => {}} />
              </div>
            ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            {mode === 'read' ? (
              <>
                <Table<Item>
                  size="small" rowKey="key" pagination={false} dataSource={r.items} data-testid="review-items"
                  columns={[
                    { title: t('supervision.qa.items'), dataIndex: 'name', render: (n: string, i) => <span title={i.description}>{n}</span> },
                    { title: t('supervision.qa.score'), key: 'score', render: (_, i) => `${i.score ?? '—'} / ${i.max_score}` },
                    { title: t('supervision.qa.itemComment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
                  ]}
                />
                {r.comment && <Alert type="info" title={t('supervision.mine.comment')} description={r.comment} data-testid="review-comment" />}
              </>
            ) : (
              <Form form={form} layout="vertical" onFinish={submit}>
                {r.items.map((i) => (
                  <Space key={i.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item
                      name={['scores', i.key]} label={<span title={i.description}>{i.name}</span>} style={{ width: 160 }}
                      extra={t('supervision.qa.maxHint', { max: i.max_score })}
                      rules={[{ required: true, message: t('supervision.qa.scoreRequired') }]}
                    >
                      <InputNumber min={0} max={i.max_score} precision={0} style={{ width: '100%' }} data-testid={`score-${i.key}`} />
                    </Form.Item>
                    <Form.Item name={['comments', i.key]} label={t('supervision.qa.itemComment')} style={{ flex: 1, minWidth: 360 }}>
                      <Input maxLength={200} placeholder={i.description} />
                    </Form.Item>
                  </Space>
                ))}
                <Form.Item name="comment" label={t('supervision.qa.comment')} extra={t('supervision.qa.commentHint')}>
                  <Input.TextArea maxLength={1000} rows={3} data-testid="review-comment-input" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={score.isPending} data-testid="review-submit">{t('supervision.qa.submit')}</Button>
                {r.status === 'scored' && <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{formatTime(r.scored_at)}</Typography.Text>}
              </Form>
            )}
          </Space>
        )}
      </div>
    </Drawer>
  );
}
