import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SORTS, type CustomerSort } from './api';
import { yuanToFen } from './fen';
import { ItemSelect, LevelSelect, TagSelect } from './parts';

export interface CustomerFilters {
  nick?: string;
  tag_ids?: number[];
  tag_match?: 'any' | 'all';
  level?: string;
  range?: [Dayjs, Dayjs];
  min?: string;
  max?: string;
  num_iid?: number;
  opt_out?: 'true' | 'false';
  sort?: CustomerSort;
}

/** A yuan field: empty, or at least 0 with at most two decimals. */
export function useAmountRule() {
  const { t } = useTranslation();
  return {
    validator: (_: unknown, v: string | null | undefined) =>
      Number.isNaN(yuanToFen(v)) ? Promise.reject(new Error(t('customers.filter.amountRule'))) : Promise.resolve(),
  };
}

/** The list's filters, as GET /api/customers takes them; the fields follow the URL. */
export function CustomerSearchForm({ value, onSearch }: { value: CustomerFilters; onSearch: (f: CustomerFilters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CustomerFilters>();
  const amountRule = useAmountRule();
  const key = JSON.stringify({ ...value, range: value.range?.map((d) => d.format('YYYY-MM-DD')) });
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(value);
  }, [key]);

  return (
    <Form form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 8, marginBottom: 8 }} initialValues={{ tag_match: 'any' }}>
      <Form.Item name="nick" label={t('customers.filter.nick')}>
        <Input allowClear placeholder={t('customers.filter.nickPlaceholder')} style={{ width: 140 }} maxLength={32} data-testid="customer-search-nick" />
      </Form.Item>
      <Form.Item label={t('customers.filter.tags')}>
        <Space.Compact>
          <Form.Item name="tag_match" noStyle>
            <Select style={{ width: 96 }} options={(['any', 'all'] as const).map((m) => ({ value: m, label: t(`customers.match.${m}`) }))} />
          </Form.Item>
          <Form.Item name="tag_ids" noStyle>
            <TagSelect style={{ width: 220 }} maxTagCount="responsive" data-testid="customer-search-tags" />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="level" label={t('customers.filter.level')}>
        <LevelSelect style={{ width: 120 }} placeholder={t('customers.filter.anyLevel')} />
      </Form.Item>
      <Form.Item name="range" label={t('customers.filter.lastPurchase')}>
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      <Form.Item label={t('customers.filter.spend')}>
        <Space.Compact>
          <Form.Item name="min" noStyle rules={[amountRule]}>
            <InputNumber<string> stringMode min="0" precision={2} prefix="¥" placeholder={t('customers.filter.min')} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="max" noStyle rules={[amountRule]}>
            <InputNumber<string> stringMode min="0" precision={2} prefix="¥" placeholder={t('customers.filter.max')} style={{ width: 110 }} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="num_iid" label={t('customers.filter.item')}>
        <ItemSelect style={{ width: 180 }} placeholder={t('customers.filter.anyItem')} />
      </Form.Item>
      <Form.Item name="opt_out" label={t('customers.filter.optOut')}>
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('customers.filter.anyOptOut')}
          options={[{ value: 'true', label: t('customers.filter.optedOut') }, { value: 'false', label: t('customers.filter.optedIn') }]}
        />
      </Form.Item>
      <Form.Item name="sort" label={t('customers.filter.sort')}>
        <Select<CustomerSort>
          style={{ width: 130 }}
          placeholder={t('customers.sort.last_purchase_desc')}
          options={SORTS.map((s) => ({ value: s, label: t(`customers.sort.${s}`) }))}
        />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="customer-search-submit">{t('common.search')}</Button>
          <Button onClick={() => onSearch({})}>{t('common.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
