import { useTranslation } from 'react-i18next';
import { ReceiverSchema } from '../../../api/shared';
import { tradeCommands, useTradeCommand } from '../../../api/trades';
import type { Receiver, Trade } from '../../../api/types';
import { ReceiverFields } from '../../../components/ReceiverFields';
import { ActionModal, parseWith } from './ActionModal';

/** 修改收货地址: before payment, or after it until shipping for the warehouse acting on a red flag. */
export function AddressButton({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const command = useTradeCommand(tradeCommands.address);
  const initial: Receiver = {
    receiver_name: trade.receiver_name, receiver_mobile: trade.receiver_mobile, receiver_state: trade.receiver_state,
    receiver_city: trade.receiver_city, receiver_district: trade.receiver_district, receiver_address: trade.receiver_address,
  };
  return (
    <ActionModal<Receiver>
      label={t('actions.change_address')}
      title={t('actions.change_address')}
      testId="change-address"
      width={560}
      initialValues={initial}
      onSubmit={(values) => command.mutateAsync({ tid: trade.tid, body: parseWith(ReceiverSchema, values) })}
    >
      {() => <ReceiverFields />}
    </ActionModal>
  );
}
