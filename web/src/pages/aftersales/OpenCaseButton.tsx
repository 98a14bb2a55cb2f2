import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_KIND_CODES, CASE_KINDS, caseCommands, useCaseCommand, type CaseKind } from '../../api/logistics';
import type { Receiver, Trade } from '../../api/types';
import { ReceiverFields } from '../../components/ReceiverFields';
import { toFen } from '../../lib/money';
import { ActionModal } from '../trades/actions/ActionModal';

/** The kinds of parcel problem this trade may have now (docs/logistics.md, Parcel problems). */
export const caseKindsFor = (trade: Trade) => CASE_KIND_CODES.filter((k) =>
  (CASE_KINDS[k].statuses as readonly string[]).includes(trade.status) && (k === 'insured_value' || !!trade.out_sid));

const WITH_AMOUNT: CaseKind[] = ['insured_value', 'claim'];

/** 登记问题件: an address change, recall, insurance, return to sender or claim on the trade's parcel. */
export function OpenCaseButton({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const run = useCaseCommand(caseCommands.open);
  const kinds = caseKindsFor(trade);
  if (!kinds.length) return null;
  return (
    <ActionModal<{ kind: CaseKind; note?: string; amount?: number } & Partial<Receiver>>
      label={t('logistics.cases.add')}
      title={`${t('logistics.cases.add')} · ${trade.tid}`}
      testId="open-case"
      width={600}
      initialValues={{ kind: kinds[0] }}
      onSubmit={({ kind, note, amount, ...receiver }) => run.mutateAsync({ key: trade.tid, body: {
        kind, note: note?.trim() ?? '',
        amount: WITH_AMOUNT.includes(kind) ? toFen(amount) : null,
        receiver: kind === 'address_change' ? { ...(receiver as Receiver), receiver_district: receiver.receiver_district ?? '' } : null,
      } })}
    >
      {(form) => (
        <>
          <Form.Item name="kind" label={t('logistics.cases.kind')} rules={[{ required: true }]}>
            <Select options={kinds.map((k) => ({ value: k, label: t(`logistics.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => {
              const kind = form.getFieldValue('kind') as CaseKind;
              if (WITH_AMOUNT.includes(kind)) {
                return (
                  <Form.Item name="amount" label={t('logistics.cases.amountLabel')} extra={t('logistics.cases.amountHint')} rules={[{ required: true }]}>
                    <InputNumber min={0.01} max={trade.payment / 100} precision={2} style={{ width: 200 }} />
                  </Form.Item>
                );
              }
              return kind === 'address_change' ? <ReceiverFields /> : null;
            }}
          </Form.Item>
          <Form.Item name="note" label={t('logistics.cases.addNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
