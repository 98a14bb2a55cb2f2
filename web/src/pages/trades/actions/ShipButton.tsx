import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ShipSchema } from '../../../api/shared';
import { tradeCommands, useCouriers, useTradeCommand } from '../../../api/trades';
import type { Trade } from '../../../api/types';
import { ActionModal, parseWith } from './ActionModal';

/** 发货 (logistics.offline.send): courier and tracking number. */
export function ShipButton({ trade, primary }: { trade: Trade; primary?: boolean }) {
  const { t } = useTranslation();
  const couriers = useCouriers();
  const command = useTradeCommand(tradeCommands.ship);
  return (
    <ActionModal<{ company_code: string; out_sid: string }>
      label={t('actions.ship')}
      title={`${t('actions.ship')} · ${trade.tid}`}
      testId={`ship-${trade.tid}`}
      button={primary ? { type: 'primary' } : undefined}
      onSubmit={(v) => command.mutateAsync({ tid: trade.tid, body: parseWith(ShipSchema, { company_code: v.company_code, out_sid: v.out_sid.trim() }) })}
    >
      {() => (
        <>
          <Form.Item name="company_code" label={t('ship.company')} rules={[{ required: true, message: t('ship.companyRequired') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={couriers.isPending}
              data-testid="ship-company"
              options={couriers.data?.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
            />
          </Form.Item>
          <Form.Item name="out_sid" label={t('ship.outSid')} rules={[{ required: true, pattern: /^[A-Za-z0-9-]{6,40}$/, message: t('ship.outSidRule') }]}>
            <Input data-testid="ship-out-sid" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
