import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Radio, Space, Spin, Statistic, Tag, Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useErrorText } from '../../components/useShowError';
import { DEFAULT_TZ, dayjs, dayRange } from '../../lib/time';
import { crmKey, LIMITS, previewRule, useSegmentCommands, type Segment, type SegmentRule } from './api';
import { useAmountRule } from './CustomerSearchForm';
import { fenToYuan, yuanToFen } from './fen';
import { ItemSelect, LevelSelect, TagChip, TagSelect } from './parts';

interface RuleValues {
  name?: string;
  tag_ids?: number[];
  tag_match?: 'any' | 'all';
  levels?: string[];
  range?: [Dayjs, Dayjs] | null;
  within?: number | null;
  before?: number | null;
  items?: number[];
  min?: string | null;
  max?: string | null;
}

/** The form's fields as a rule: only the conditions set; null while an amount is not a valid one. */
function toRule(v: RuleValues, tz: string): SegmentRule | null {
  const rule: SegmentRule = {};
  if (v.tag_ids?.length) {
    rule.tag_ids = v.tag_ids;
    rule.tag_match = v.tag_match ?? 'any';
  }
  if (v.levels?.length) rule.levels = v.levels;
  if (v.range?.[0] && v.range[1]) {
    const r = dayRange(v.range[0], v.range[1], tz);
    rule.last_purchase_from = r.start_created;
    rule.last_purchase_to = r.end_created;
  }
  if (v.within) rule.last_purchase_within_days = v.within;
  if (v.before) rule.last_purchase_before_days = v.before;
  if (v.items?.length) rule.bought_num_iids = v.items;
  const min = yuanToFen(v.min);
  const max = yuanToFen(v.max);
  if (Number.isNaN(min) || Number.isNaN(max)) return null;
  if (min !== undefined) rule.min_spend = min;
  if (max !== undefined) rule.max_spend = max;
  return rule;
}

function fromRule(s: Segment, tz: string): RuleValues {
  const r = s.rule;
  return {
    name: s.name,
    tag_ids: r.tag_ids,
    tag_match: r.tag_match ?? 'any',
    levels: r.levels,
    // The stored window is [from, to): the picker shows the last day it includes.
    range: r.last_purchase_from && r.last_purchase_to
      ? [dayjs(r.last_purchase_from).tz(tz), dayjs(r.last_purchase_to).tz(tz).subtract(1, 'day')]
      : undefined,
    within: r.last_purchase_within_days,
    before: r.last_purchase_before_days,
    items: r.bought_num_iids,
    min: fenToYuan(r.min_spend),
    max: fenToYuan(r.max_spend),
  };
}

const isEmpty = (rule: SegmentRule) => Object.entries(rule).every(([k, v]) => k === 'tag_match' || v === undefined);

/** The rule as it is typed, settled for a moment before it is counted. */
function useSettled<T>(value: T, ms: number) {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [key]);
  return settled;
}

/** Create or change a segment (客户分群) with a live count of the customers its rule reaches. */
export function SegmentEditor({ segment, readOnly, onClose }: { segment: Segment | 'new' | undefined; readOnly: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data: me } = useMe();
  const tz = me?.shop.timezone || DEFAULT_TZ;
  const { save } = useSegmentCommands();
  const amountRule = useAmountRule();
  const [form] = Form.useForm<RuleValues>();
  const [error, setError] = useState<string>();
  const values = Form.useWatch((v: RuleValues) => v, form);
  const rule = values ? toRule(values, tz) : null;
  const settled = useSettled(rule, 350);
  const open = segment !== undefined;
  const countable = open && !!settled && !isEmpty(settled);

  const preview = useQuery({
    queryKey: [...crmKey, 'preview', settled],
    queryFn: async () => (await previewRule(settled!)).preview,
    enabled: countable,
    placeholderData: keepPreviousData,
    retry: false,
  });

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(segment === 'new' ? { tag_match: 'any' } : fromRule(segment, tz));
  }, [segment]);

  async function submit(v: RuleValues) {
    setError(undefined);
    const r = toRule(v, tz);
    if (!r) return;
    try {
      await save.mutateAsync({ id: segment === 'new' ? undefined : segment?.id, name: v.name!.trim(), rule: r });
      message.success(t('common.done'));
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      title={segment === 'new' ? t('customers.segments.add') : readOnly ? segment?.name : t('customers.segments.edit')}
      forceRender
      footer={!readOnly && (
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('customers.segments.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="segment-save">{t('customers.segments.save')}</Button>
        </Space>
      )}
    >
      <Form<RuleValues> form={form} layout="horizontal" labelCol={{ flex: '140px' }} onFinish={submit} disabled={readOnly} data-testid="segment-form">
        <Form.Item name="name" label={t('customers.segments.name')} rules={[{ required: true, whitespace: true, message: t('customers.segments.nameRequired') }]}>
          <Input maxLength={LIMITS.segmentName} showCount data-testid="segment-name" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('customers.segments.ruleHint')}</Typography.Paragraph>
        <Form.Item label={t('customers.segments.tags')}>
          <Form.Item name="tag_match" noStyle>
            <Radio.Group optionType="button" size="small" options={(['any', 'all'] as const).map((m) => ({ value: m, label: t(`customers.match.${m}`) }))} />
          </Form.Item>
          <Form.Item name="tag_ids" noStyle>
            <TagSelect style={{ width: '100%', marginTop: 6 }} maxCount={LIMITS.ruleList} data-testid="segment-tags" />
          </Form.Item>
        </Form.Item>
        <Form.Item name="levels" label={t('customers.segments.levels')}>
          <LevelSelect mode="multiple" data-testid="segment-levels" />
        </Form.Item>
        <Form.Item name="range" label={t('customers.segments.lastPurchase')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="within" label={t('customers.segments.withinDays')}>
          <InputNumber min={1} max={LIMITS.days} precision={0} suffix={t('customers.segments.days')} style={{ width: 140 }} data-testid="segment-within" />
        </Form.Item>
        <Form.Item name="before" label={t('customers.segments.beforeDays')}>
          <InputNumber min={1} max={LIMITS.days} precision={0} suffix={t('customers.segments.days')} style={{ width: 140 }} data-testid="segment-before" />
        </Form.Item>
        <Form.Item name="items" label={t('customers.segments.items')}>
          <ItemSelect mode="multiple" maxCount={LIMITS.ruleList} />
        </Form.Item>
        <Form.Item label={t('customers.segments.spend')}>
          <Space.Compact>
            <Form.Item name="min" noStyle rules={[amountRule]}>
              <InputNumber<string> stringMode min="0" precision={2} prefix="¥" placeholder={t('customers.filter.min')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="max" noStyle rules={[amountRule]}>
              <InputNumber<string> stringMode min="0" precision={2} prefix="¥" placeholder={t('customers.filter.max')} style={{ width: 140 }} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Form>

      <Card size="small" title={t('customers.segments.preview')} data-testid="segment-preview">
        {!rule || isEmpty(rule) ? (
          <Typography.Text type="secondary">{t('customers.segments.previewEmpty')}</Typography.Text>
        ) : preview.isError ? (
          <Alert type="warning" title={errorText(preview.error)} />
        ) : !preview.data ? (
          <Spin size="small" />
        ) : (
          <Space orientation="vertical" size={4} style={{ width: '100%', opacity: preview.isFetching ? 0.6 : 1 }}>
            <Space align="baseline">
              <span data-testid="segment-preview-count" data-count={preview.isFetching ? undefined : preview.data.count}>
                <Statistic value={preview.data.count} suffix={t('customers.segments.previewUnit')} />
              </span>
              {preview.data.opted_out > 0 && <Typography.Text type="secondary">{t('customers.segments.previewOptOut', { n: preview.data.opted_out })}</Typography.Text>}
            </Space>
            {preview.data.sample.length > 0 && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('customers.segments.sample')}：</Typography.Text>
                {preview.data.sample.map((c) => (
                  <Tag key={c.id} style={{ marginBottom: 4 }}>
                    {c.nick}{c.tags.length > 0 && ' '}{c.tags.slice(0, 2).map((tag) => <TagChip key={tag.id} tag={tag} />)}
                  </Tag>
                ))}
              </div>
            )}
          </Space>
        )}
      </Card>
      {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
    </Drawer>
  );
}
