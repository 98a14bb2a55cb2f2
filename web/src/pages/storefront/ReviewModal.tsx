import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addReviews, changeReview, RESULT_CODES, REVIEW_CONTENT_MAX, useBuyerReviewCommand, useBuyerTradeReviews, type Result, type Review,
} from '../../api/reviews';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { ResultTag } from '../reviews/ResultTag';
import { ActionModal } from '../trades/actions/ActionModal';

type Rates = Record<string, { result: Result; content?: string }>;

/** 评价: rate each sub-order of a finished trade (good, neutral or bad with a reason), and change a bad one to good once. */
export function ReviewButton({ tid }: { tid: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid={`review-${tid}`}>{t('buyerAftersales.review.open')}</Button>
      <Modal open={open} title={t('buyerAftersales.review.title', { tid })} footer={null} width={640} onCancel={() => setOpen(false)} destroyOnHidden>
        <ReviewPanel tid={tid} />
      </Modal>
    </>
  );
}

function ReviewPanel({ tid }: { tid: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const data = useBuyerTradeReviews(tid, true);
  const add = useBuyerReviewCommand(tid, (rates: Rates) => addReviews(tid, Object.entries(rates).map(([oid, r]) => ({
    oid: Number(oid), result: r.result, content: r.content?.trim() ?? '',
  }))));
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<{ rates: Rates }>();
  if (data.isPending) return <Spin />;
  if (data.isError) return <Alert type="error" title={errorText(data.error)} />;
  const { rateable, reviews } = data.data;

  async function submit(v: { rates: Rates }) {
    setError(undefined);
    try {
      await add.mutateAsync(v.rates);
      message.success(t('buyerAftersales.review.done'));
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="review-panel">
      {rateable.length > 0 && (
        <Form form={form} layout="vertical" onFinish={submit}
          initialValues={{ rates: Object.fromEntries(rateable.map((o) => [String(o.oid), { result: 'good' as Result }])) }}>
          {rateable.map((o) => (
            <Card key={o.oid} size="small" title={o.title} style={{ marginBottom: 8 }}
              extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('buyerAftersales.review.deadline', { time: formatTime(o.deadline) })}</Typography.Text>}>
              <Form.Item name={['rates', String(o.oid), 'result']} rules={[{ required: true }]}>
                <Radio.Group options={RESULT_CODES.map((r) => ({ value: r, label: <span data-testid={`rate-${o.oid}-${r}`}>{t(`reviews.result.${r}`)}</span> }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() => {
                  const bad = form.getFieldValue(['rates', String(o.oid), 'result']) !== 'good';
                  return (
                    <Form.Item name={['rates', String(o.oid), 'content']} label={t('buyerAftersales.review.content')}
                      rules={[{ required: bad, whitespace: true, message: t('buyerAftersales.review.contentRequired') }, { max: REVIEW_CONTENT_MAX }]}>
                      <Input.TextArea rows={2} maxLength={REVIEW_CONTENT_MAX} showCount data-testid={`rate-content-${o.oid}`} />
                    </Form.Item>
                  );
                }}
              </Form.Item>
            </Card>
          ))}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="review-submit">{t('buyerAftersales.review.submit')}</Button>
        </Form>
      )}
      {rateable.length === 0 && reviews.length === 0 && <Typography.Text type="secondary">{t('buyerAftersales.review.nothing')}</Typography.Text>}
      {reviews.length > 0 && <Typography.Title level={5}>{t('buyerAftersales.review.mine')}</Typography.Title>}
      {reviews.map((r) => <MyReview key={r.id} tid={tid} review={r} />)}
    </Space>
  );
}

function MyReview({ tid, review }: { tid: number; review: Review }) {
  const { t } = useTranslation();
  const change = useBuyerReviewCommand(tid, (v: { content?: string }) => changeReview(review.id, { result: 'good', content: v.content?.trim() || undefined }));
  return (
    <Card size="small" title={review.item_title} data-testid={`my-review-${review.id}`} data-result={review.result}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(review.created)}</Typography.Text>}>
      <Space orientation="vertical" size={4}>
        <span><ResultTag result={review.result} />{review.content}</span>
        {review.changed && review.original_result && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('buyerAftersales.review.was', { result: t(`reviews.result.${review.original_result}`), content: review.original_content ?? '' })}
          </Typography.Text>
        )}
        {review.can_change && (
          <ActionModal<{ content?: string }>
            label={t('buyerAftersales.review.change')}
            title={t('buyerAftersales.review.changeTitle')}
            testId={`change-review-${review.id}`}
            onSubmit={(v) => change.mutateAsync(v)}
          >
            {() => (
              <>
                <Typography.Paragraph type="secondary">{t('buyerAftersales.review.changeHint')}</Typography.Paragraph>
                <Form.Item name="content" label={t('buyerAftersales.review.changeContent')} rules={[{ max: REVIEW_CONTENT_MAX }]}>
                  <Input.TextArea rows={2} maxLength={REVIEW_CONTENT_MAX} />
                </Form.Item>
              </>
            )}
          </ActionModal>
        )}
      </Space>
    </Card>
  );
}
