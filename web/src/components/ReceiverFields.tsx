import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PROVINCES } from '../lib/provinces';

/** Receiver name, mobile and address, named as the API names them (receiver_*). */
export function ReceiverFields() {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="receiver_name" label={t('receiver.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input data-testid="receiver-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="receiver_mobile" label={t('receiver.mobile')} rules={[{ required: true, pattern: /^1\d{10}$/, message: t('receiver.mobileRule') }]}>
            <Input data-testid="receiver-mobile" maxLength={11} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="receiver_state" label={t('receiver.state')} rules={[{ required: true }]}>
            <Select showSearch data-testid="receiver-state" options={PROVINCES.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="receiver_city" label={t('receiver.city')} rules={[{ required: true, whitespace: true, max: 30 }]}>
            <Input data-testid="receiver-city" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="receiver_district" label={t('receiver.district')} rules={[{ required: true, whitespace: true, max: 30 }]}>
            <Input data-testid="receiver-district" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="receiver_address" label={t('receiver.detail')} rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}>
        <Input.TextArea rows={2} data-testid="receiver-address-input" />
      </Form.Item>
    </>
  );
}
