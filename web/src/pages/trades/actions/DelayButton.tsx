import { Form, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DelaySchema, RECEIVE_DELAY_DAYS } from '../../../api/shared';
import { tradeCommands, useTradeCommand } from '../../../api/trades';
import type { Trade } from '../../../api/types';
import { formatTime } from '../../../lib/time';
import { ActionModal, parseWith } from './ActionModal';

/** 延长收货时间: 3, 5, 7 or 10 more days, so the buyer is not rushed into an automatic confirmation. */
export function DelayButton({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const command = useTradeCommand(tradeCommands.delay);
  return (
    <ActionModal<{ days: number }>
      label={t('actions.delay_receive')}
      title={t('actions.delay_receive')}
      testId="delay-receive"
      initialValues={{ days: RECEIVE_DELAY_DAYS[0] }}
      onSubmit={({ days }) => command.mutateAsync({ tid: trade.tid, body: parseWith(DelaySchema, { days }) })}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">
            {t('delay.current', { time: formatTime(trade.timeout_action_time) })}
          </Typography.Paragraph>
          <Form.Item name="days" label={t('delay.days')} rules={[{ required: true }]}>
            <Radio.Group optionType="button">
              {RECEIVE_DELAY_DAYS.map((d) => (
                <Radio.Button key={d} value={d} data-testid={`delay-${d}`}>{t('detail.days', { n: d })}</Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
