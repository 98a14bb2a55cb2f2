import { Alert, Form, Input, Radio, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import {
  CONTACT_CHANNELS, followupCommands, useFollowupCommand, useFollowups, type ContactChannel, type Followup, type FollowupFilter,
} from '../../api/reviews';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { ActionModal } from '../trades/actions/ActionModal';
import { ResultTag } from './ResultTag';

const FILTERS: FollowupFilter[] = ['active', 'open', 'contacted', 'closed'];

/** 售后回访: neutral and bad reviews to follow up, the contacts with the buyer, and the outcome. */
export function FollowupsTab() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<FollowupFilter>('active');
  const list = useFollowups(filter);
  const canAct = hasPermission(me, 'refund.approve');

  const columns: ColumnsType<Followup> = [
    { title: t('reviews.followups.created'), dataIndex: 'created_at', width: 150, render: (v: string) => formatTime(v) },
    { title: t('reviews.followups.buyer'), dataIndex: 'buyer_nick', width: 110 },
    { title: t('reviews.followups.item'), dataIndex: 'item_title', width: 180, ellipsis: true },
    { title: t('reviews.followups.review'), key: 'review', render: (_, f) => (
      <Space orientation="vertical" size={0}>
        <span><ResultTag result={f.review_result} />{f.review_content}</span>
        {f.review_result !== f.result && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reviews.followups.changedFrom', { result: t(`reviews.result.${f.result}`) })}
          </Typography.Text>
        )}
      </Space>
    ) },
    { title: t('reviews.followups.tid'), dataIndex: 'tid', width: 140 },
    { title: t('reviews.followups.status'), dataIndex: 'status', width: 90, render: (s: Followup['status']) => (
      <Tag color={s === 'open' ? 'orange' : s === 'contacted' ? 'blue' : 'default'}>{t(`reviews.followupStatus.${s}`)}</Tag>
    ) },
    { title: t('reviews.followups.contacts'), dataIndex: 'contacts', width: 80, align: 'right' },
    { title: t('reviews.followups.outcome'), key: 'outcome', width: 160, render: (_, f) => f.outcome && (
      <Space orientation="vertical" size={0}>
        <span>{t(`reviews.outcome.${f.outcome}`)}</span>
        {f.outcome_note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.outcome_note}</Typography.Text>}
      </Space>
    ) },
  ];
  if (canAct) {
    columns.push({
      title: t('common.actions'), key: 'actions', width: 170, fixed: 'right',
      render: (_, f) => f.status !== 'closed' && (
        <Space size={4}>
          <ContactButton followup={f} />
          {f.contacts > 0 && <CloseButton followup={f} />}
        </Space>
      ),
    });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="followups">
      <Segmented<FollowupFilter> value={filter} onChange={setFilter}
        options={FILTERS.map((f) => ({ value: f, label: t(`reviews.followupStatus.${f}`) }))} />
      {!canAct && <Typography.Text type="secondary">{t('reviews.followups.readOnly')}</Typography.Text>}
      {list.isError && <Alert type="error" title={errorText(list.error)} />}
      <Table<Followup>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('reviews.followups.empty') }}
        onRow={(f) => ({ 'data-followup-id': f.id, 'data-status': f.status }) as HTMLAttributes<HTMLElement>}
        expandable={{
          rowExpandable: (f) => !!f.contact_log?.length,
          expandedRowRender: (f) => (
            <Timeline items={(f.contact_log ?? []).map((c, i) => ({
              key: i,
              content: (
                <Space orientation="vertical" size={0}>
                  <span><Tag>{t(`reviews.channel.${c.channel}`)}</Tag>{c.note}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reviews.followups.by', { by: c.by_name, at: formatTime(c.at) })}</Typography.Text>
                </Space>
              ),
            }))} />
          ),
        }}
      />
    </Space>
  );
}

function ContactButton({ followup }: { followup: Followup }) {
  const { t } = useTranslation();
  const run = useFollowupCommand(followupCommands.contact);
  return (
    <ActionModal<{ channel: ContactChannel; note: string }>
      label={t('reviews.followups.contact')}
      title={`${t('reviews.followups.contact')} · ${followup.buyer_nick}`}
      testId={`followup-contact-${followup.id}`}
      initialValues={{ channel: 'chat' }}
      onSubmit={(v) => run.mutateAsync({ id: followup.id, body: { channel: v.channel, note: v.note.trim() } })}
    >
      {() => (
        <>
          <Form.Item name="channel" label={t('reviews.followups.channel')} rules={[{ required: true }]}>
            <Radio.Group options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`reviews.channel.${c}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('reviews.followups.note')} rules={[{ required: true, whitespace: true, max: 500, message: t('reviews.followups.noteRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="followup-note" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

function CloseButton({ followup }: { followup: Followup }) {
  const { t } = useTranslation();
  const run = useFollowupCommand(followupCommands.close);
  return (
    <ActionModal<{ outcome: 'resolved' | 'unresolved'; note?: string }>
      label={t('reviews.followups.close')}
      title={`${t('reviews.followups.close')} · ${followup.buyer_nick}`}
      testId={`followup-close-${followup.id}`}
      initialValues={{ outcome: 'resolved' }}
      onSubmit={(v) => run.mutateAsync({ id: followup.id, body: { outcome: v.outcome, note: v.note?.trim() ?? '' } })}
    >
      {() => (
        <>
          <Form.Item name="outcome" label={t('reviews.followups.outcomeLabel')} rules={[{ required: true }]}>
            <Radio.Group options={(['resolved', 'unresolved'] as const).map((o) => ({ value: o, label: t(`reviews.outcome.${o}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('reviews.followups.closeNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
