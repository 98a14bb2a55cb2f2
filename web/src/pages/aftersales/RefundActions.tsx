import { App, Button, Form, Input, Popconfirm, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ExchangeSendSchema, refundCommands, RefuseSchema, REFUSE_REASON, useRefundCommand, type Refund, type RefundCommand,
} from '../../api/aftersales';
import { useCouriers } from '../../api/trades';
import { useErrorText } from '../../components/useShowError';
import { ActionModal, parseWith } from '../trades/actions/ActionModal';

/** The one-click answers, each asked once more before it is given. */
const CONFIRMED = ['agree', 'returngoods_agree', 'receive_goods', 'returngoods_confirm'] as const;
type Confirmed = (typeof CONFIRMED)[number];
const ASK: Record<Confirmed, string> = {
  agree: 'aftersales.actions.agreeAsk',
  returngoods_agree: 'aftersales.actions.returnAgreeAsk',
  receive_goods: 'aftersales.actions.receiveAsk',
  returngoods_confirm: 'aftersales.actions.confirmAsk',
};

/** The shop's answers to a refund that the server lists in allowed_actions, and no others. */
export function RefundActions({ refund, size }: { refund: Refund; size?: 'small' }) {
  const { t } = useTranslation();
  const allowed = new Set<RefundCommand>(refund.allowed_actions);
  const buttons = [
    ...CONFIRMED.filter((c) => allowed.has(c)).map((c) => <ConfirmButton key={c} refund={refund} command={c} />),
    allowed.has('send_exchange') && <ExchangeButton key="exchange" refund={refund} />,
    allowed.has('refuse') && <RefuseButton key="refuse" refund={refund} />,
  ].filter(Boolean);
  return (
    // The wrapper stays when there is nothing to do (an empty Space renders nothing), so "nothing" can be read too.
    <span data-testid={`refund-actions-${refund.refund_id}`} data-actions={refund.allowed_actions.join(' ')}>
      <Space wrap size={4}>
        {buttons.length ? buttons : size ? null : <Typography.Text type="secondary">{t('aftersales.detail.noActions')}</Typography.Text>}
      </Space>
    </span>
  );
}

function ConfirmButton({ refund, command }: { refund: Refund; command: Confirmed }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const run = useRefundCommand((id: number) => refundCommands[command](id));
  const id = refund.refund_id;
  return (
    <Popconfirm
      title={t(ASK[command])}
      okButtonProps={{ 'data-testid': `refund-confirm-${command}-${id}` }}
      onConfirm={() => run.mutateAsync({ id, body: undefined }).then(
        () => { message.success(t('common.done')); },
        (err) => { message.error(errorText(err)); },
      )}
    >
      <Button size="small" type={command === 'receive_goods' || command === 'agree' || command === 'returngoods_confirm' ? 'primary' : 'default'}
        loading={run.isPending} data-testid={`refund-action-${command}-${id}`}>
        {t(`aftersales.actions.${command}`)}
      </Button>
    </Popconfirm>
  );
}

function RefuseButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const run = useRefundCommand(refundCommands.refuse);
  const rule = t('aftersales.actions.refuseRule', REFUSE_REASON);
  return (
    <ActionModal<{ refuse_reason: string }>
      label={t('aftersales.actions.refuse')}
      title={`${t('aftersales.actions.refuse')} · ${refund.refund_id}`}
      testId={`refuse-${refund.refund_id}`}
      button={{ danger: true }}
      onSubmit={(v) => run.mutateAsync({ id: refund.refund_id, body: parseWith(RefuseSchema, { refuse_reason: v.refuse_reason.trim() }) })}
    >
      {() => (
        <Form.Item name="refuse_reason" label={t('aftersales.actions.refuseReason')}
          rules={[{ required: true, whitespace: true, min: REFUSE_REASON.min, max: REFUSE_REASON.max, message: rule }]}>
          <Input.TextArea rows={3} showCount maxLength={REFUSE_REASON.max} data-testid="refuse-reason" />
        </Form.Item>
      )}
    </ActionModal>
  );
}

function ExchangeButton({ refund }: { refund: Refund }) {
  const { t } = useTranslation();
  const couriers = useCouriers();
  const run = useRefundCommand(refundCommands.send_exchange);
  return (
    <ActionModal<{ company_code: string; out_sid: string }>
      label={t('aftersales.actions.send_exchange')}
      title={`${t('aftersales.actions.send_exchange')} · ${refund.refund_id}`}
      testId={`send-exchange-${refund.refund_id}`}
      button={{ type: 'primary' }}
      onSubmit={(v) => run.mutateAsync({ id: refund.refund_id, body: parseWith(ExchangeSendSchema, { company_code: v.company_code, out_sid: v.out_sid.trim() }) })}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">{t('aftersales.actions.exchangeHint')}</Typography.Paragraph>
          <Form.Item name="company_code" label={t('ship.company')} rules={[{ required: true, message: t('ship.companyRequired') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} data-testid="exchange-company"
              options={couriers.data?.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))} />
          </Form.Item>
          <Form.Item name="out_sid" label={t('ship.outSid')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{6,40}$/, message: t('ship.outSidRule') }]}>
            <Input data-testid="exchange-out-sid" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
