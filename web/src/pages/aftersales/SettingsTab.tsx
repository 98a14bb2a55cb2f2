import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRefundSettings, useSaveRefundSettings, type RefundSettings } from '../../api/aftersales';
import { usePaymentSettings, useSaveBankAccounts, type BankAccount } from '../../api/payments';
import { useErrorText } from '../../components/useShowError';

/** 售后设置 (setting.manage): how long the seller has to answer, and the bank accounts given to buyers paying by transfer. */
export function SettingsTab() {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AnswerLimits />
      <BankAccounts />
    </Space>
  );
}

function AnswerLimits() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const settings = useRefundSettings();
  const save = useSaveRefundSettings();
  const [form] = Form.useForm<RefundSettings>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data]);
  return (
    <Card size="small" title={t('aftersales.settings.title')} loading={settings.isPending} data-testid="refund-settings">
      <Typography.Paragraph type="secondary">{t('aftersales.settings.hint')}</Typography.Paragraph>
      {settings.isError && <Alert type="error" title={errorText(settings.error)} />}
      <Form form={form} layout="inline" onFinish={(v) => save.mutateAsync(v).then(() => { message.success(t('common.done')); }, (e) => { message.error(errorText(e)); })}>
        <Form.Item name="agree_hours_before_ship" label={t('aftersales.settings.beforeShip')} rules={[{ required: true }]}>
          <InputNumber min={1} max={72} precision={0} />
        </Form.Item>
        <Form.Item name="agree_days_after_ship" label={t('aftersales.settings.afterShip')} rules={[{ required: true }]}>
          <InputNumber min={1} max={15} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('aftersales.settings.save')}</Button>
      </Form>
    </Card>
  );
}

function BankAccounts() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const settings = usePaymentSettings(true);
  const save = useSaveBankAccounts();
  const [form] = Form.useForm<{ accounts: BankAccount[] }>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ accounts: settings.data.bank_accounts });
  }, [settings.data]);
  const submit = (v: { accounts?: BankAccount[] }) => save.mutateAsync((v.accounts ?? []).map((a) => ({ ...a, branch: a.branch ?? '' })))
    .then(() => { message.success(t('common.done')); }, (e) => { message.error(errorText(e)); });
  return (
    <Card size="small" title={t('payments.accounts')} loading={settings.isPending}>
      <Typography.Paragraph type="secondary">{t('payments.accountsHint')}</Typography.Paragraph>
      <Form form={form} onFinish={submit}>
        <Form.List name="accounts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8}>
                  <Col span={5}><Form.Item name={[f.name, 'bank']} rules={[{ required: true, whitespace: true, max: 40 }]}><Input placeholder={t('payments.bank')} /></Form.Item></Col>
                  <Col span={5}><Form.Item name={[f.name, 'account_name']} rules={[{ required: true, whitespace: true, max: 40 }]}><Input placeholder={t('payments.accountName')} /></Form.Item></Col>
                  <Col span={6}><Form.Item name={[f.name, 'account_no']} rules={[{ required: true, pattern: /^[0-9 ]{8,40}$/, message: t('payments.accountNoRule') }]}><Input placeholder={t('payments.accountNo')} /></Form.Item></Col>
                  <Col span={6}><Form.Item name={[f.name, 'branch']} rules={[{ max: 60 }]}><Input placeholder={t('payments.branch')} /></Form.Item></Col>
                  <Col span={2}><Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} /></Col>
                </Row>
              ))}
              <Space>
                <Button icon={<PlusOutlined />} disabled={fields.length >= 5} onClick={() => add({ bank: '', account_name: '', account_no: '', branch: '' })}>{t('payments.addAccount')}</Button>
                <Button type="primary" htmlType="submit" loading={save.isPending}>{t('payments.saveAccounts')}</Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
