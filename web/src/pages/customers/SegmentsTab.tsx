import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { DEFAULT_TZ, dayjs, formatTime } from '../../lib/time';
import { useSegmentCommands, useSegments, useShopItems, useTags, type Segment, type SegmentRule } from './api';
import { SegmentEditor } from './SegmentEditor';
import { useCan } from './parts';

/** A rule in words, each condition the seller set, in the order the editor shows them. */
export function useRuleText() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const tags = useTags();
  const items = useShopItems();
  const tz = me?.shop.timezone || DEFAULT_TZ;
  const tagName = (id: number) => tags.data?.find((tag) => tag.id === id)?.name ?? t('customers.segments.text.unknownTag', { id });
  const itemName = (id: number) => items.data?.find((i) => i.num_iid === id)?.title ?? t('customers.segments.text.unknownItem', { id });
  const day = (iso: string) => dayjs(iso).tz(tz).format('YYYY-MM-DD');
  return (rule: SegmentRule) => {
    const parts: string[] = [];
    const sep = t('customers.segments.text.separator');
    if (rule.tag_ids?.length) {
      parts.push(t(rule.tag_match === 'all' ? 'customers.segments.text.tagsAll' : 'customers.segments.text.tagsAny',
        { names: rule.tag_ids.map(tagName).join('、') }));
    }
    if (rule.levels?.length) parts.push(t('customers.segments.text.levels', { names: rule.levels.join('、') }));
    if (rule.last_purchase_from) parts.push(t('customers.segments.text.from', { date: day(rule.last_purchase_from) }));
    if (rule.last_purchase_to) parts.push(t('customers.segments.text.to', { date: day(rule.last_purchase_to) }));
    if (rule.last_purchase_within_days) parts.push(t('customers.segments.text.within', { n: rule.last_purchase_within_days }));
    if (rule.last_purchase_before_days) parts.push(t('customers.segments.text.before', { n: rule.last_purchase_before_days }));
    if (rule.bought_num_iids?.length) parts.push(t('customers.segments.text.items', { names: rule.bought_num_iids.map(itemName).join('、') }));
    if (rule.min_spend !== undefined) parts.push(t('customers.segments.text.minSpend', { amount: formatYuan(rule.min_spend) }));
    if (rule.max_spend !== undefined) parts.push(t('customers.segments.text.maxSpend', { amount: formatYuan(rule.max_spend) }));
    return parts.join(sep);
  };
}

/** 客户分群: saved rules for broadcasts; everyone who reads customers sees them, those who may broadcast change them. */
export function SegmentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const canEdit = useCan('broadcast.send');
  const segments = useSegments();
  const { remove } = useSegmentCommands();
  const ruleText = useRuleText();
  const [editing, setEditing] = useState<Segment | 'new'>();

  async function drop(s: Segment) {
    try {
      await remove.mutateAsync(s.id);
      message.success(t('common.done'));
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <div data-testid="segments-tab">
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        {canEdit
          ? <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="segment-add">{t('customers.segments.add')}</Button>
          : <Alert type="info" showIcon title={t('customers.segments.readOnly')} />}
      </Space>
      <Table<Segment>
        size="small"
        rowKey="id"
        loading={segments.isFetching}
        dataSource={segments.data ?? []}
        pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
        locale={{ emptyText: t('customers.segments.none') }}
        onRow={(s) => ({ 'data-segment': s.name }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('customers.segments.name'), dataIndex: 'name', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('customers.segments.rule'), key: 'rule', render: (_, s) => ruleText(s.rule) },
          { title: t('customers.segments.updated'), dataIndex: 'updated_at', width: 160, render: (v: string) => formatTime(v) },
          {
            title: t('common.actions'), key: 'actions', width: 120,
            render: (_, s) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(s)} data-testid={`segment-open-${s.id}`}>
                  {canEdit ? t('customers.tags.editLink') : t('customers.segments.view')}
                </Button>
                {canEdit && (
                  <Popconfirm title={t('customers.segments.deleteConfirm', { name: s.name })} onConfirm={() => drop(s)}>
                    <Button type="link" size="small" danger>{t('common.remove')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <SegmentEditor segment={editing} readOnly={!canEdit} onClose={() => setEditing(undefined)} />
    </div>
  );
}
