import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useRecordTransfer, useTradePayment } from '../../api/payments';
import type { Trade } from '../../api/types';
import { formatYuan, toFen } from '../../lib/money';
import { dayjs, formatTime } from '../../lib/time';
import { ActionModal } from '../trades/actions/ActionModal';

interface Values {
  notice_id?: number;
  bank: string;
  payer_name: string;
  amount: number;
  received_at: Dayjs;
  reference?: string;
}

/** 登记银行转账: the transfer is on the shop's account, so the trade is paid (payment.offline). */
export function BankTransferButton({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const payment = useTradePayment(trade.tid);
  const record = useRecordTransfer(trade.tid);
  const pending = (payment.data?.notices ?? []).filter((n) => n.status === 'pending');
  const required = [{ required: true, whitespace: true, max: 40, message: t('payments.required') }];
  return (
    <ActionModal<Values>
      label={t('payments.record')}
      title={t('payments.recordTitle', { tid: trade.tid })}
      testId="record-transfer"
      width={560}
      initialValues={{ amount: trade.payment / 100, received_at: dayjs() }}
      onSubmit={(v) => record.mutateAsync({
        bank: v.bank.trim(), payer_name: v.payer_name.trim(), amount: toFen(v.amount), received_at: v.received_at.toISOString(),
        reference: v.reference?.trim() ?? '', notice_id: v.notice_id,
      })}
    >
      {(form) => (
        <>
          {pending.length > 0 && (
            <Form.Item name="notice_id" label={t('payments.notice')}>
              <Select
                allowClear
                placeholder={t('payments.noNotice')}
                onChange={(id) => {
                  const n = pending.find((x) => x.id === id);
                  if (n) form.setFieldsValue({ bank: n.bank, payer_name: n.payer_name, amount: n.amount / 100, reference: n.reference });
                }}
                options={pending.map((n) => ({
                  value: n.id, label: `${n.bank} ${n.payer_name} ${formatYuan(n.amount)} · ${formatTime(n.paid_at)}`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="bank" label={t('payments.bank')} rules={required}><Input data-testid="transfer-bank" /></Form.Item>
          <Form.Item name="payer_name" label={t('payments.payer')} rules={required}><Input data-testid="transfer-payer" /></Form.Item>
          <Form.Item name="amount" label={t('payments.amount')} rules={[{ required: true }]}
            extra={<Typography.Text type="secondary">{t('payments.amountHint', { payment: formatYuan(trade.payment) })}</Typography.Text>}>
            <InputNumber min={0.01} precision={2} style={{ width: 200 }} data-testid="transfer-amount" />
          </Form.Item>
          <Form.Item name="received_at" label={t('payments.receivedAt')} rules={[{ required: true }]}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="reference" label={t('payments.reference')} rules={[{ max: 64 }]}><Input /></Form.Item>
        </>
      )}
    </ActionModal>
  );
}

/** How an offline payment was recorded, for a trade paid by bank transfer. */
export function BankTransferLine({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const payment = useTradePayment(trade.tid, trade.pay_method === 'bank_transfer');
  const b = payment.data?.bank_transfer;
  if (!b) return null;
  return (
    <Typography.Text data-testid="bank-transfer">
      {t('payments.transfer')}：{t('payments.transferLine', { bank: b.bank, payer: b.payer_name, amount: formatYuan(b.amount), no: b.transfer_no })}
      {' · '}{formatTime(b.received_at)}
    </Typography.Text>
  );
}
