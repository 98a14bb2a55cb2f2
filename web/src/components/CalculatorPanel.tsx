import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, InputNumber, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { CalculatorSchema } from '../api/shared';
import { calculate, type Quote } from '../api/trades';
import type { Item } from '../api/types';
import { formatYuan } from '../lib/money';
import { PROVINCES } from '../lib/provinces';
import { useErrorText } from './useShowError';
import { skuLabel } from '../lib/sku';

interface Line {
  num_iid?: number;
  sku_id?: number;
  num?: number;
}

/** 小工具: what several items cost together, with the postage of the shop's shipping template for a province. */
export function CalculatorPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ lines: Line[]; receiver_state: string }>();
  const items = useQuery({
    queryKey: ['items', 'all'],
    queryFn: async () => (await get<{ items: Item[] }>('/api/items', { page_size: 100 })).items,
  });
  const [quote, setQuote] = useState<Quote>();
  const [error, setError] = useState<string>();
  const lines = Form.useWatch('lines', form) ?? [];

  async function run(values: { lines: Line[]; receiver_state: string }) {
    setError(undefined);
    const parsed = CalculatorSchema.safeParse({
      orders: values.lines.map((l) => ({ num_iid: l.num_iid, sku_id: l.sku_id, num: l.num })),
      receiver_state: values.receiver_state,
    });
    if (!parsed.success) return setError(t('calculator.incomplete'));
    try {
      setQuote(await calculate(parsed.data));
    } catch (err) {
      setQuote(undefined);
      setError(errorText(err));
    }
  }

  return (
    <div data-testid="calculator">
      <Form form={form} layout="vertical" onFinish={run} initialValues={{ lines: [{ num: 1 }], receiver_state: '浙江省' }}>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const item = items.data?.find((i) => i.num_iid === lines[field.name]?.num_iid);
                return (
                  <Space key={field.key} align="start" wrap>
                    <Form.Item name={[field.name, 'num_iid']} rules={[{ required: true, message: t('calculator.pickItem') }]}>
                      <Select
                        style={{ width: 200 }}
                        placeholder={t('calculator.item')}
                        loading={items.isPending}
                        showSearch={{ optionFilterProp: 'label' }}
                        options={items.data?.map((i) => ({ value: i.num_iid, label: i.title }))}
                        onChange={() => form.setFieldValue(['lines', field.name, 'sku_id'], undefined)}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'sku_id']} rules={[{ required: true, message: t('calculator.pickSku') }]}>
                      <Select
                        style={{ width: 180 }}
                        placeholder="SKU"
                        options={item?.skus.map((s) => ({ value: s.sku_id, label: `${skuLabel(s.properties_name)} ${formatYuan(s.price)}` }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'num']} rules={[{ required: true }]}>
                      <InputNumber min={1} max={999} precision={0} style={{ width: 70 }} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} disabled={fields.length < 2} onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                  </Space>
                );
              })}
              <Button icon={<PlusOutlined />} onClick={() => add({ num: 1 })} style={{ marginBottom: 12 }}>{t('calculator.addLine')}</Button>
            </>
          )}
        </Form.List>
        <Space align="end">
          <Form.Item name="receiver_state" label={t('receiver.state')} rules={[{ required: true }]}>
            <Select showSearch style={{ width: 180 }} options={PROVINCES.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">{t('calculator.compute')}</Button>
          </Form.Item>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {quote && (
        <>
          <Table
            size="small"
            rowKey="sku_id"
            pagination={false}
            dataSource={quote.orders}
            columns={[
              { title: t('trades.items'), dataIndex: 'title', render: (_, o) => `${o.title} [${skuLabel(o.sku_properties_name)}]` },
              { title: t('detail.unitPrice'), dataIndex: 'price', align: 'right', render: (v: number) => formatYuan(v) },
              { title: t('detail.num'), dataIndex: 'num', align: 'right' },
              { title: t('detail.subtotal'), dataIndex: 'total_fee', align: 'right', render: (v: number) => formatYuan(v) },
            ]}
          />
          <Descriptions size="small" bordered column={3} style={{ marginTop: 12 }} items={[
            { key: 'total', label: t('detail.itemsTotal'), children: formatYuan(quote.total_fee) },
            { key: 'post', label: t('detail.postFee'), children: formatYuan(quote.post_fee) },
            { key: 'pay', label: t('calculator.payment'), children: <strong data-testid="calculator-payment">{formatYuan(quote.payment)}</strong> },
          ]} />
        </>
      )}
    </div>
  );
}
