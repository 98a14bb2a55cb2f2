import { AutoComplete, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  buyerRefundCommands, DESCRIPTION_MAX, REASON, RefundAddSchema, useBuyerRefundCommand, type DisputeType, type Refund,
} from '../../api/aftersales';
import type { Order, Trade } from '../../api/types';
import { formatYuan, toFen } from '../../lib/money';
import { ActionModal, parseWith } from '../trades/actions/ActionModal';

interface Values {
  dispute_type: DisputeType;
  refund_fee?: number;
  reason: string;
  desc?: string;
}

/** What may still come back for the sub-order: what was paid for it less what successful refunds paid back. */
export const refundable = (order: Order, refunds: Refund[]) => order.total_fee - refunds
  .filter((r) => r.oid === order.oid && r.status === 'SUCCESS' && r.dispute_type !== 'EXCHANGE')
  .reduce((n, r) => n + r.refund_fee, 0);

/** 申请售后: refund only (before shipping, the only choice), return and refund, or exchange, of one sub-order. */
export function RefundApplyButton({ trade, order, refunds }: { trade: Trade; order: Order; refunds: Refund[] }) {
  const { t } = useTranslation();
  const apply = useBuyerRefundCommand((body: Values) => buyerRefundCommands.apply(trade.tid, parseWith(RefundAddSchema, {
    oid: order.oid, dispute_type: body.dispute_type, reason: body.reason.trim(), desc: body.desc?.trim() ?? '',
    refund_fee: body.dispute_type === 'EXCHANGE' ? 0 : toFen(body.refund_fee),
  })));
  const shipped = order.status !== 'WAIT_SELLER_SEND_GOODS';
  const max = refundable(order, refunds);
  const types: DisputeType[] = shipped ? ['REFUND_AND_RETURN', 'REFUND', 'EXCHANGE'] : ['REFUND'];
  const reasons = (type: DisputeType) => t(`buyerAftersales.reasons.${type}`, { returnObjects: true }) as unknown as string[];

  return (
    <ActionModal<Values>
      label={t('buyerAftersales.apply')}
      title={t('buyerAftersales.applyTitle', { title: order.title })}
      testId={`apply-refund-${order.oid}`}
      button={{ type: 'link' }}
      initialValues={{ dispute_type: types[0], refund_fee: max / 100 }}
      onSubmit={(v) => apply.mutateAsync(v)}
    >
      {(form) => (
        <>
          {!shipped && <Typography.Paragraph type="secondary">{t('buyerAftersales.onlyRefund')}</Typography.Paragraph>}
          <Form.Item name="dispute_type" label={t('buyerAftersales.type')} rules={[{ required: true }]}>
            <Radio.Group options={types.map((d) => ({ value: d, label: <span data-testid={`refund-type-${d}`}>{t(`aftersales.type.${d}`)}</span> }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const type = form.getFieldValue('dispute_type') as DisputeType;
              return (
                <>
                  {type !== 'EXCHANGE' && (
                    <Form.Item name="refund_fee" label={t('buyerAftersales.fee')} extra={t('buyerAftersales.feeHint', { max: formatYuan(max) })} rules={[{ required: true }]}>
                      <InputNumber min={0.01} max={max / 100} precision={2} style={{ width: 200 }} data-testid="refund-fee-input" />
                    </Form.Item>
                  )}
                  <Form.Item name="reason" label={t('buyerAftersales.reason')}
                    rules={[{ required: true, whitespace: true, min: REASON.min, max: REASON.max, message: t('buyerAftersales.reasonRule', REASON) }]}>
                    <AutoComplete options={reasons(type).map((r) => ({ value: r }))} data-testid="refund-reason" />
                  </Form.Item>
                </>
              );
            }}
          </Form.Item>
          <Form.Item name="desc" label={t('buyerAftersales.desc')} rules={[{ max: DESCRIPTION_MAX }]}>
            <Input.TextArea rows={3} maxLength={DESCRIPTION_MAX} showCount data-testid="refund-desc" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
