import { RobotOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveAutoReplySettings, useAutoReplySettings, type AutoReplySettings } from '../../api/knowledge';
import { useErrorText } from '../../components/useShowError';

/** The shop's auto-reply (off by default): answer alone above a confidence, optionally when nobody is online. */
export function AutoReplyCard({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const settings = useAutoReplySettings();
  const [form] = Form.useForm<AutoReplySettings>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const enabled = Form.useWatch('enabled', form);
  const offline = Form.useWatch('when_nobody_online', form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data]);

  async function submit(v: AutoReplySettings) {
    setBusy(true);
    setError(undefined);
    try {
      const { settings: saved } = await saveAutoReplySettings({ ...v, prefix: v.prefix.trim() });
      qc.setQueryData(['knowledge', 'settings'], { settings: saved, llm: settings.data?.llm ?? null });
      message.success(t('kb.saved'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={<><RobotOutlined /> {t('kb.auto.title')}</>} data-testid="kb-auto">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('kb.auto.hint')}</Typography.Paragraph>
      {settings.isPending && <Spin />}
      {settings.isError && <Alert type="error" showIcon title={errorText(settings.error)} />}
      {settings.data && (
        <Form<AutoReplySettings> form={form} size="small" layout="horizontal" labelCol={{ span: 12 }} wrapperCol={{ span: 12 }} onFinish={submit} disabled={!canChange}>
          <Form.Item name="enabled" label={t('kb.auto.enabled')} valuePropName="checked">
            <Switch data-testid="kb-auto-enabled" />
          </Form.Item>
          <Form.Item name="threshold" label={t('kb.auto.threshold')} extra={t('kb.auto.thresholdHint')}>
            <InputNumber min={0.5} max={1} step={0.05} precision={2} disabled={!canChange || !enabled} />
          </Form.Item>
          <Form.Item name="when_nobody_online" label={t('kb.auto.offline')} valuePropName="checked">
            <Switch disabled={!canChange || !enabled} />
          </Form.Item>
          <Form.Item
            name="offline_threshold"
            label={t('kb.auto.offlineThreshold')}
            dependencies={['threshold']}
            rules={[({ getFieldValue }) => ({
              validator: (_, v: number) => (v <= getFieldValue('threshold') ? Promise.resolve()
                : Promise.reject(new Error(`≤ ${getFieldValue('threshold')}`))),
            })]}
          >
            <InputNumber min={0.3} max={1} step={0.05} precision={2} disabled={!canChange || !enabled || !offline} />
          </Form.Item>
          <Form.Item name="prefix" label={t('kb.auto.prefix')} rules={[{ required: true, whitespace: true, max: 20 }]}>
            <Input maxLength={20} disabled={!canChange || !enabled} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {!canChange ? t('kb.auto.readOnly') : settings.data.llm ? t('kb.auto.llm', { model: settings.data.llm.model }) : ''}
            </Typography.Text>
            {canChange && <Button type="primary" htmlType="submit" loading={busy} data-testid="kb-auto-save">{t('kb.auto.save')}</Button>}
          </Space>
        </Form>
      )}
    </Card>
  );
}
