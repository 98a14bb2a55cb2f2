import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buyerLogin, buyerMeKey, buyerSignup } from '../../api/auth';
import { buyerTradesKey } from '../../api/storefront';
import { useErrorText } from '../../components/useShowError';

/** Buyers log in by nick, or sign up on the spot; one buyer account buys from every shop here. */
export function BuyerAuthModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit({ nick, password }: { nick: string; password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await (mode === 'login' ? buyerLogin : buyerSignup)(nick.trim(), password);
      qc.removeQueries({ queryKey: buyerTradesKey });
      await qc.invalidateQueries({ queryKey: buyerMeKey });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('store.loginOrSignup')} destroyOnHidden width={380}>
      <Segmented
        block
        value={mode}
        onChange={(v) => { setMode(v as 'login' | 'signup'); setError(undefined); }}
        options={[
          { value: 'login', label: <span data-testid="buyer-mode-login">{t('store.login')}</span> },
          { value: 'signup', label: <span data-testid="buyer-mode-signup">{t('store.signup')}</span> },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="nick" label={t('store.nick')} rules={[{ required: true, min: 2, max: 32, pattern: /^[^:<>\s]+$/, message: t('store.nickRule') }]}>
          <Input autoComplete="username" data-testid="buyer-nick-input" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: mode === 'signup' ? 8 : 1, message: t('store.passwordRule') }]}>
          <Input.Password autoComplete={mode === 'signup' ? 'new-password' : 'current-password'} data-testid="buyer-password-input" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="buyer-auth-submit">
          {mode === 'login' ? t('store.login') : t('store.signup')}
        </Button>
      </Form>
    </Modal>
  );
}
