import { Form, Input, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { FLAGS, MEMO_MAX_BYTES, MemoSchema, type Flag } from '../../../api/shared';
import { tradeCommands, useTradeCommand } from '../../../api/trades';
import type { Me, Trade } from '../../../api/types';
import { FlagMark } from '../../../components/FlagMark';
import { ActionModal, parseWith } from './ActionModal';

const ALL_FLAGS = [0, 1, 2, 3, 4, 5] as const;
const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Each flag is raised by one team (seed 002); leads may raise any. Mirrors the server's check to grey out the rest. */
export function flagsFor(me: Me | null | undefined): number[] {
  if (!me) return [];
  if (me.account.is_main || me.account.role === 'supervisor') return [...ALL_FLAGS];
  return ALL_FLAGS.filter((f) => {
    const from = FLAGS[f as Flag].from;
    return from === null || from === me.account.role;
  });
}

/** 备注 + 旗帜: the team's own note on the trade, never shown to the buyer. */
export function MemoButton({ trade, label }: { trade: Trade; label?: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const command = useTradeCommand(tradeCommands.memo);
  const allowed = flagsFor(me);
  const current = trade.flag ?? 0;
  return (
    <ActionModal<{ flag: number; memo: string }>
      label={label ?? t('actions.memo')}
      title={t('actions.memo')}
      testId="memo"
      width={560}
      initialValues={{ memo: trade.memo ?? '', flag: allowed.includes(current) ? current : undefined }}
      onSubmit={(values) => command.mutateAsync({ tid: trade.tid, body: parseWith(MemoSchema, { memo: values.memo ?? '', flag: values.flag }) })}
    >
      {() => (
        <>
          <Form.Item name="flag" label={t('trades.flag')} rules={[{ required: true, message: t('memo.flagRequired') }]}>
            <Radio.Group>
              <Space orientation="vertical">
                {ALL_FLAGS.map((f) => (
                  <Radio key={f} value={f} disabled={!allowed.includes(f)} data-testid={`flag-option-${f}`}>
                    <FlagMark flag={f} /> {t(`flag.${f}`)}
                    {f > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}> — {t(`flagMeaning.${f}`)}</Typography.Text>}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="memo"
            label={t('trades.memo')}
            rules={[{ validator: (_, v: string | undefined) => (byteLength(v ?? '') <= MEMO_MAX_BYTES ? Promise.resolve() : Promise.reject(new Error(t('memo.tooLong', { max: MEMO_MAX_BYTES })))) }]}
            extra={t('memo.private')}
          >
            <Input.TextArea rows={4} data-testid="memo-input" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
