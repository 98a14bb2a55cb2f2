import { Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CLOSE_REASONS, CloseSchema } from '../../../api/shared';
import { tradeCommands, useTradeCommand } from '../../../api/trades';
import type { Order, Trade } from '../../../api/types';
import { ActionModal, parseWith } from './ActionModal';

/** 关闭交易: the whole trade, or one sub-order when `order` is given, for a reason from the platform's list. */
export function CloseButton({ trade, order }: { trade: Trade; order?: Order }) {
  const { t } = useTranslation();
  const command = useTradeCommand(tradeCommands.close);
  return (
    <ActionModal<{ close_reason: string }>
      label={order ? t('actions.close_order') : t('actions.close')}
      title={order ? `${t('actions.close_order')} · ${order.title}` : t('actions.close')}
      testId={order ? `close-order-${order.oid}` : 'close'}
      button={order ? { type: 'link', danger: true } : { danger: true }}
      onSubmit={({ close_reason }) =>
        command.mutateAsync({ tid: trade.tid, body: parseWith(CloseSchema, { close_reason, ...(order ? { oid: order.oid } : {}) }) })}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">{t('close.hint')}</Typography.Paragraph>
          <Form.Item name="close_reason" label={t('close.reason')} rules={[{ required: true, message: t('close.reasonRequired') }]}>
            <Select data-testid="close-reason" options={CLOSE_REASONS.map((r, i) => ({ value: r, label: t(`closeReason.${i}`) }))} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
