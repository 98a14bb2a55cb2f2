import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FlagMark } from '../../components/FlagMark';

export interface TradeFilters {
  buyer_nick?: string;
  tid?: string;
  flag?: number;
  range?: [Dayjs, Dayjs];
}

/** Search by buyer nick or trade number; filter by flag and created time, as the seller centre does. */
export function TradeSearchForm({ value, onSearch }: { value: TradeFilters; onSearch: (f: TradeFilters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TradeFilters>();
  // The fields follow the URL, so the back button and a shared link show what was searched.
  const key = JSON.stringify([value.buyer_nick, value.tid, value.flag, value.range?.map((d) => d.format('YYYY-MM-DD'))]);
  useEffect(() => form.setFieldsValue({ buyer_nick: undefined, tid: undefined, flag: undefined, range: undefined, ...value }), [key]);

  return (
    <Form form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 8, marginBottom: 8 }}>
      <Form.Item name="buyer_nick" label={t('trades.buyerNick')}>
        <Input allowClear style={{ width: 150 }} data-testid="search-buyer-nick" />
      </Form.Item>
      <Form.Item name="tid" label={t('trades.tid')} rules={[{ pattern: /^\d*$/, message: t('trades.tidDigits') }]}>
        <Input allowClear style={{ width: 170 }} data-testid="search-tid" />
      </Form.Item>
      <Form.Item name="flag" label={t('trades.flag')}>
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('trades.anyFlag')}
          options={[0, 1, 2, 3, 4, 5].map((f) => ({ value: f, label: <Space size={4}><FlagMark flag={f} />{t(`flag.${f}`)}</Space> }))}
        />
      </Form.Item>
      <Form.Item name="range" label={t('trades.created')}>
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="search-submit">{t('common.search')}</Button>
          <Button onClick={() => onSearch({})}>{t('common.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
