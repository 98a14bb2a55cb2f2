import { App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  buyerRefundCommands, ReapplySchema, REASON, ReturnGoodsSchema, useBuyerRefundCommand, type Refund,
} from '../../api/aftersales';
import { COURIERS } from '../../api/logistics';
import { useErrorText } from '../../components/useShowError';
import { toFen } from '../../lib/money';
import { ActionModal, parseWith } from '../trades/actions/ActionModal';

const courierOptions = Object.entries(COURIERS).map(([code, name]) => ({ value: code, label: `${name} (${code})` }));

/** The buyer's next steps that the server lists in allowed_actions: send the goods back, ask again, or withdraw. */
export function BuyerRefundActions({ refund }: { refund: Refund }) {
  const allowed = new Set(refund.allowed_actions);
  return (
    <Space size={4} wrap data-testid={`buyer-refund-actions-${refund.refund_id}`} data-actions={refund.allowed_actions.join(' ')}>
      {allowed.has('return_goods') && <ReturnGoodsButton refund={refund} />}
      {allowed.has('reapply') && <ReapplyButton refund={refund} />}
      {allowed.has('cancel') && <CancelButton refund={refund} />}
    </Space>
  );
}

function ReturnGoodsButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const run = useBuyerRefundCommand((v: { company_code: string; sid: string }) =>
    buyerRefundCommands.return_goods(refund.refund_id, parseWith(ReturnGoodsSchema, { company_code: v.company_code, sid: v.sid.trim() })));
  return (
    <ActionModal<{ company_code: string; sid: string }>
      label={t('buyerAftersales.returnGoods')}
      title={t('buyerAftersales.returnTitle', { title: refund.title })}
      testId={`return-goods-${refund.refund_id}`}
      button={{ type: 'primary' }}
      onSubmit={(v) => run.mutateAsync(v)}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">{t('buyerAftersales.returnHint')}</Typography.Paragraph>
          <Form.Item name="company_code" label={t('buyerAftersales.company')} rules={[{ required: true, message: t('ship.companyRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={courierOptions} data-testid="return-company" />
          </Form.Item>
          <Form.Item name="sid" label={t('buyerAftersales.sid')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{6,40}$/, message: t('ship.outSidRule') }]}>
            <Input data-testid="return-sid" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

function ReapplyButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const money = refund.dispute_type !== 'EXCHANGE';
  const run = useBuyerRefundCommand((v: { refund_fee?: number; reason: string; desc?: string }) =>
    buyerRefundCommands.reapply(refund.refund_id, parseWith(ReapplySchema, {
      ...(money ? { refund_fee: toFen(v.refund_fee) } : {}), reason: v.reason.trim(), desc: v.desc?.trim() ?? '',
    })));
  return (
    <ActionModal<{ refund_fee?: number; reason: string; desc?: string }>
      label={t('buyerAftersales.reapply')}
      title={t('buyerAftersales.reapplyTitle', { title: refund.title })}
      testId={`reapply-${refund.refund_id}`}
      initialValues={{ refund_fee: refund.refund_fee / 100, reason: refund.reason, desc: refund.desc }}
      onSubmit={(v) => run.mutateAsync(v)}
    >
      {() => (
        <>
          {refund.refuse_reason && <Typography.Paragraph type="danger">{t('buyerAftersales.refuse', { reason: refund.refuse_reason })}</Typography.Paragraph>}
          {money && (
            <Form.Item name="refund_fee" label={t('buyerAftersales.fee')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={refund.total_fee / 100} precision={2} style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('buyerAftersales.reason')}
            rules={[{ required: true, whitespace: true, min: REASON.min, max: REASON.max, message: t('buyerAftersales.reasonRule', REASON) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="desc" label={t('buyerAftersales.desc')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

function CancelButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const run = useBuyerRefundCommand((id: number) => buyerRefundCommands.cancel(id));
  return (
    <Popconfirm
      title={t('buyerAftersales.cancelAsk')}
      okButtonProps={{ 'data-testid': `cancel-refund-ok-${refund.refund_id}` }}
      onConfirm={() => run.mutateAsync(refund.refund_id).then(() => { message.success(t('common.done')); }, (e) => { message.error(errorText(e)); })}
    >
      <Button size="small" loading={run.isPending} data-testid={`cancel-refund-${refund.refund_id}`}>{t('buyerAftersales.cancel')}</Button>
    </Popconfirm>
  );
}
