import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { login, meKey, useMe } from '../api/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useErrorText } from '../components/useShowError';
import { homeFor } from '../lib/navigation';

/** Log-in for shop accounts: the main account `demo` or a sub-account `demo:小美`. */
export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const errorText = useErrorText();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  // Only paths of this app, never another site.
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;

  if (me.data) return <Navigate to={safeNext ?? homeFor(me.data)} replace />;

  async function submit(values: { account: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.account.trim(), values.password);
      // The refreshed account makes the <Navigate> above take the user home (or back where they came from).
      await qc.invalidateQueries({ queryKey: meKey });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#fff3eb,#f5f5f5)' }}>
      <Card style={{ width: 360 }} title={<span style={{ color: '#ff5000' }}>{t('app.name')} · {t('auth.title')}</span>} extra={<LanguageSwitch />}>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="account" label={t('auth.account')} rules={[{ required: true, message: t('auth.accountRequired') }]}>
            <Input prefix={<UserOutlined />} placeholder="demo:小美" autoComplete="username" autoFocus data-testid="login-account" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('auth.login')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('auth.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
