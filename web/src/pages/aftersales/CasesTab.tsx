import { Alert, Form, Input, InputNumber, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import { CASE_KIND_CODES, CASE_KINDS, caseCommands, useCaseCommand, useCases, type CaseKind, type ParcelCase } from '../../api/logistics';
import { useErrorText } from '../../components/useShowError';
import { formatYuan, toFen } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { ActionModal } from '../trades/actions/ActionModal';

type StatusFilter = 'open' | 'closed' | 'all';

/** What a case is about: the amount insured or claimed, or the new address asked of the courier. */
function CaseDetail({ c }: { c: ParcelCase }) {
  const { t } = useTranslation();
  const receiver = c.detail.receiver as Record<string, string> | undefined;
  return (
    <Space orientation="vertical" size={0}>
      {c.amount !== null && <span>{t('logistics.cases.amount', { amount: formatYuan(c.amount) })}</span>}
      {receiver && <span>{t('logistics.cases.newAddress', { address: [receiver.receiver_name, receiver.receiver_mobile,
        receiver.receiver_state, receiver.receiver_city, receiver.receiver_district, receiver.receiver_address].filter(Boolean).join(' ') })}</span>}
      {c.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.note}</Typography.Text>}
    </Space>
  );
}

/** 问题件: the shop's parcel problems, newest first; the warehouse or after-sales closes each with its outcome. */
export function CasesTab() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const errorText = useErrorText();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [kind, setKind] = useState<CaseKind>();
  const cases = useCases({ status: status === 'all' ? undefined : status, kind });
  const canClose = hasPermission(me, 'trade.ship') || hasPermission(me, 'refund.approve');

  const columns: ColumnsType<ParcelCase> = [
    { title: t('logistics.cases.id'), dataIndex: 'id', width: 70 },
    { title: t('logistics.cases.tid'), dataIndex: 'tid', width: 150 },
    { title: t('logistics.cases.kind'), dataIndex: 'kind', width: 110, render: (k: CaseKind) => <Tag>{t(`logistics.kind.${k}`)}</Tag> },
    { title: t('logistics.cases.parcel'), key: 'parcel', width: 170, render: (_, c) => (c.out_sid ? `${c.company_code} ${c.out_sid}` : '-') },
    { title: t('logistics.cases.detail'), key: 'detail', render: (_, c) => <CaseDetail c={c} /> },
    { title: t('logistics.cases.opened'), key: 'opened', width: 170, render: (_, c) => (
      <Typography.Text style={{ fontSize: 12 }}>{t('logistics.cases.by', { by: c.opened_by, at: formatTime(c.opened_at) })}</Typography.Text>
    ) },
    { title: t('logistics.cases.outcome'), key: 'outcome', width: 200, render: (_, c) => (c.status === 'open'
      ? <Tag color="orange">{t('logistics.cases.open')}</Tag>
      : (
        <Space orientation="vertical" size={0}>
          <span>
            <Tag color="green">{c.outcome ? t(`logistics.outcome.${c.outcome}`) : t('logistics.cases.closed')}</Tag>
            {c.compensation !== null && t('logistics.cases.compensated', { amount: formatYuan(c.compensation) })}
          </span>
          {c.outcome_note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.outcome_note}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('logistics.cases.by', { by: c.closed_by, at: formatTime(c.closed_at) })}</Typography.Text>
        </Space>
      )) },
  ];
  if (canClose) {
    columns.push({ title: t('common.actions'), key: 'actions', width: 80, fixed: 'right', render: (_, c) => c.status === 'open' && <CloseCaseButton c={c} /> });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="parcel-cases">
      <Space wrap>
        <Segmented<StatusFilter> value={status} onChange={setStatus}
          options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`logistics.cases.${s}`) }))} />
        <Select<CaseKind> allowClear style={{ width: 150 }} placeholder={t('logistics.cases.anyKind')} value={kind} onChange={setKind}
          options={CASE_KIND_CODES.map((k) => ({ value: k, label: t(`logistics.kind.${k}`) }))} />
      </Space>
      {cases.isError && <Alert type="error" title={errorText(cases.error)} />}
      <Table<ParcelCase>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={cases.data ?? []}
        loading={cases.isFetching}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('logistics.cases.empty') }}
        onRow={(c) => ({ 'data-case-id': c.id, 'data-status': c.status }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}

function CloseCaseButton({ c }: { c: ParcelCase }) {
  const { t } = useTranslation();
  const run = useCaseCommand(caseCommands.close);
  const outcomes = Object.keys(CASE_KINDS[c.kind].outcomes);
  return (
    <ActionModal<{ outcome: string; compensation?: number; note?: string }>
      label={t('logistics.cases.close')}
      title={`${t('logistics.cases.close')} · ${t(`logistics.kind.${c.kind}`)} · ${c.tid}`}
      testId={`close-case-${c.id}`}
      initialValues={{ outcome: outcomes[0] }}
      onSubmit={(v) => run.mutateAsync({ key: c.id, body: {
        outcome: v.outcome, note: v.note?.trim() ?? '', compensation: v.outcome === 'compensated' ? toFen(v.compensation) : null,
      } })}
    >
      {(form) => (
        <>
          <Form.Item name="outcome" label={t('logistics.cases.outcomeLabel')} rules={[{ required: true }]}>
            <Radio.Group options={outcomes.map((o) => ({ value: o, label: t(`logistics.outcome.${o}`) }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => form.getFieldValue('outcome') === 'compensated' && (
              <Form.Item name="compensation" label={t('logistics.cases.compensation')} rules={[{ required: true }]}>
                <InputNumber min={0.01} max={(c.amount ?? 0) / 100} precision={2} style={{ width: 160 }} />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="note" label={t('logistics.cases.closeNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
