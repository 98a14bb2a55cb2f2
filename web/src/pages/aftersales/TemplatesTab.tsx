import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import { quotePostage, useTemplateCommand, useTemplates, type Quote, type Template } from '../../api/logistics';
import { useErrorText } from '../../components/useShowError';
import { formatYuan, toFen } from '../../lib/money';
import { SHORT_PROVINCES, TemplateFormModal } from './TemplateFormModal';

const weight = (g: number) => (g % 1000 === 0 ? `${g / 1000}kg` : `${g}g`);

/** 运费模板: the shop's templates, the default first (it prices every new trade), and a quick postage quote. */
export function TemplatesTab() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const templates = useTemplates();
  const command = useTemplateCommand();
  const canEdit = hasPermission(me, 'setting.manage');
  const [editing, setEditing] = useState<{ template?: Template } | null>(null);

  const rule = (r: { first_weight_g: number; first_fee: number; additional_weight_g: number; additional_fee: number }) => t('logistics.templates.rule', {
    first: weight(r.first_weight_g), firstFee: formatYuan(r.first_fee), additional: weight(r.additional_weight_g), additionalFee: formatYuan(r.additional_fee),
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="shipping-templates">
      <Space>
        {canEdit
          ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="template-add">{t('logistics.templates.add')}</Button>
          : <Typography.Text type="secondary">{t('logistics.templates.readOnly')}</Typography.Text>}
      </Space>
      {templates.isError && <Alert type="error" title={errorText(templates.error)} />}
      {templates.data?.length === 0 && <Empty description={t('logistics.templates.empty')} />}
      {templates.data?.map((tpl) => (
        <Card
          key={tpl.id}
          size="small"
          data-testid={`template-${tpl.id}`}
          title={<Space>{tpl.name}<Tag>{t(`logistics.method.${tpl.method}`)}</Tag>{tpl.is_default && <Tag color="orange">{t('logistics.templates.default')}</Tag>}</Space>}
          extra={canEdit && (
            <Space size={4}>
              <Button size="small" onClick={() => setEditing({ template: tpl })} data-testid={`template-edit-${tpl.id}`}>{t('logistics.templates.editButton')}</Button>
              <Popconfirm title={t('logistics.templates.deleteAsk', { name: tpl.name })}
                onConfirm={() => command.mutateAsync({ id: tpl.id, body: null }).catch((e) => { message.error(errorText(e)); })}>
                <Button size="small" danger>{t('common.remove')}</Button>
              </Popconfirm>
            </Space>
          )}
        >
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {rule(tpl)}；{tpl.free_threshold === null ? t('logistics.templates.noFree') : t('logistics.templates.free', { amount: formatYuan(tpl.free_threshold) })}
          </Typography.Paragraph>
          {tpl.region_fees.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => r.states.join(',')}
              pagination={false}
              dataSource={tpl.region_fees}
              columns={[
                { title: t('logistics.templates.states'), dataIndex: 'states', render: (s: string[]) => s.join('、') },
                { title: t('logistics.templates.regions'), key: 'fees', render: (_, r) => rule({ ...tpl, first_fee: r.first_fee, additional_fee: r.additional_fee }) },
              ]}
            />
          )}
        </Card>
      ))}
      <QuoteCard />
      {editing && <TemplateFormModal open template={editing.template} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function QuoteCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [quotes, setQuotes] = useState<Quote[]>();
  const [error, setError] = useState<string>();
  async function run(v: { weight_g: number; items_yuan: number; state: string }) {
    setError(undefined);
    try {
      setQuotes((await quotePostage({ weight_g: v.weight_g, items_total: toFen(v.items_yuan), receiver_state: v.state })).quotes);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Card size="small" title={t('logistics.templates.quote')}>
      <Form layout="inline" onFinish={run} initialValues={{ weight_g: 500, items_yuan: 50, state: '浙江' }} style={{ rowGap: 8 }}>
        <Form.Item name="weight_g" label={t('logistics.templates.weight')} rules={[{ required: true }]}><InputNumber min={1} max={1_000_000} precision={0} /></Form.Item>
        <Form.Item name="items_yuan" label={t('logistics.templates.itemsTotal')} rules={[{ required: true }]}><InputNumber min={0} precision={2} /></Form.Item>
        <Form.Item name="state" label={t('logistics.templates.state')} rules={[{ required: true }]}>
          <Select showSearch style={{ width: 140 }} options={SHORT_PROVINCES.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Button htmlType="submit">{t('logistics.templates.compute')}</Button>
      </Form>
      {error && <Alert type="error" title={error} style={{ marginTop: 8 }} />}
      {quotes && (
        <Space wrap style={{ marginTop: 8 }}>
          {quotes.map((q) => <Tag key={q.template_id} color={q.is_default ? 'orange' : undefined}>{q.name}：{formatYuan(q.post_fee)}</Tag>)}
        </Space>
      )}
    </Card>
  );
}
