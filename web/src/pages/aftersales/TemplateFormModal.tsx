import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHOD_CODES, useTemplateCommand, type Method, type Template, type TemplateInput } from '../../api/logistics';
import { useErrorText } from '../../components/useShowError';
import { toFen } from '../../lib/money';
import { PROVINCES } from '../../lib/provinces';

/** Province names as templates match them, by their start: 新疆 covers 新疆维吾尔自治区, 上海 covers 上海 and 上海市. */
export const SHORT_PROVINCES = PROVINCES.map((p) => p.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, ''));

interface Values {
  name: string;
  method: Method;
  is_default: boolean;
  first_kg: number;
  first_yuan: number;
  additional_kg: number;
  additional_yuan: number;
  free_yuan?: number | null;
  regions?: { states: string[]; first_yuan: number; additional_yuan: number }[];
}

const kg = (g: number) => g / 1000;
const grams = (k: number) => Math.round(k * 1000);
const yuan = (fen: number) => fen / 100;

function toValues(t: Template | undefined): Partial<Values> {
  if (!t) return { method: 'EXPRESS', is_default: false, first_kg: 1, additional_kg: 0.5, regions: [] };
  return {
    name: t.name, method: t.method, is_default: t.is_default, first_kg: kg(t.first_weight_g), first_yuan: yuan(t.first_fee),
    additional_kg: kg(t.additional_weight_g), additional_yuan: yuan(t.additional_fee),
    free_yuan: t.free_threshold === null ? null : yuan(t.free_threshold),
    regions: t.region_fees.map((r) => ({ states: r.states, first_yuan: yuan(r.first_fee), additional_yuan: yuan(r.additional_fee) })),
  };
}

function toInput(v: Values): TemplateInput {
  return {
    name: v.name.trim(), method: v.method, is_default: !!v.is_default,
    first_weight_g: grams(v.first_kg), first_fee: toFen(v.first_yuan),
    additional_weight_g: grams(v.additional_kg), additional_fee: toFen(v.additional_yuan),
    free_threshold: v.free_yuan === null || v.free_yuan === undefined ? null : toFen(v.free_yuan),
    region_fees: (v.regions ?? []).map((r) => ({ states: r.states, first_fee: toFen(r.first_yuan), additional_fee: toFen(r.additional_yuan) })),
  };
}

/** 运费模板: first weight + additional weight, dearer provinces of their own, and a free-shipping threshold. */
export function TemplateFormModal({ open, template, onClose }: { open: boolean; template?: Template; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useTemplateCommand();
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<Values>();
  const fee = { min: 0, max: 10_000, precision: 2, style: { width: '100%' } };
  const weight = { min: 0.001, max: 100, precision: 3, style: { width: '100%' } };
  const required = [{ required: true, message: t('logistics.templates.required') }];

  async function submit(v: Values) {
    setError(undefined);
    try {
      await save.mutateAsync({ id: template?.id, body: toInput(v) });
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Modal
      open={open}
      title={template ? t('logistics.templates.edit') : t('logistics.templates.add')}
      width={720}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'template-submit' }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={toValues(template)} onFinish={submit} preserve={false}>
        <Row gutter={12}>
          <Col span={10}><Form.Item name="name" label={t('logistics.templates.name')} rules={[...required, { whitespace: true, max: 40 }]}><Input data-testid="template-name" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="method" label={t('logistics.templates.method')} rules={required}>
              <Select options={METHOD_CODES.map((m) => ({ value: m, label: t(`logistics.method.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}><Form.Item name="is_default" label={t('logistics.templates.default')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}><Form.Item name="first_kg" label={t('logistics.templates.firstWeight')} rules={required}><InputNumber {...weight} /></Form.Item></Col>
          <Col span={6}><Form.Item name="first_yuan" label={t('logistics.templates.firstFee')} rules={required}><InputNumber {...fee} data-testid="template-first-fee" /></Form.Item></Col>
          <Col span={6}><Form.Item name="additional_kg" label={t('logistics.templates.additionalWeight')} rules={required}><InputNumber {...weight} /></Form.Item></Col>
          <Col span={6}><Form.Item name="additional_yuan" label={t('logistics.templates.additionalFee')} rules={required}><InputNumber {...fee} /></Form.Item></Col>
        </Row>
        <Form.Item name="free_yuan" label={t('logistics.templates.freeThreshold')} extra={t('logistics.templates.freeHint')}>
          <InputNumber min={0} max={10_000} precision={2} style={{ width: 200 }} placeholder={t('logistics.templates.noFree')} />
        </Form.Item>
        <Form.List name="regions">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8 }}>{t('logistics.templates.regions')}</div>
              {fields.length > 0 && (
                <Row gutter={8} style={{ marginBottom: 4, color: 'rgba(0,0,0,.45)' }}>
                  <Col span={12}>{t('logistics.templates.states')}</Col>
                  <Col span={5}>{t('logistics.templates.regionFirst')}</Col>
                  <Col span={5}>{t('logistics.templates.regionAdditional')}</Col>
                </Row>
              )}
              {fields.map((f) => (
                <Row key={f.key} gutter={8}>
                  <Col span={12}>
                    <Form.Item name={[f.name, 'states']} rules={required}>
                      <Select mode="tags" placeholder={t('logistics.templates.states')} options={SHORT_PROVINCES.map((p) => ({ value: p, label: p }))} />
                    </Form.Item>
                  </Col>
                  <Col span={5}><Form.Item name={[f.name, 'first_yuan']} rules={required}><InputNumber {...fee} placeholder={t('logistics.templates.regionFirst')} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[f.name, 'additional_yuan']} rules={required}><InputNumber {...fee} placeholder={t('logistics.templates.regionAdditional')} /></Form.Item></Col>
                  <Col span={2}><Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} /></Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ states: [] })} disabled={fields.length >= 40}>{t('logistics.templates.addRegion')}</Button>
            </>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="template-error" />}
      </Form>
    </Modal>
  );
}
