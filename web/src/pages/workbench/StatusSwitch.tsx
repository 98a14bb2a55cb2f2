import { App, Badge, Button, Input, Modal, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { useShowError } from '../../components/useShowError';
import { useSelect } from '../../chat/store';
import type { AgentStatus } from '../../chat/types';
import { useWorkbench } from './context';

const COLORS: Record<AgentStatus, 'success' | 'warning' | 'processing' | 'default'> = {
  online: 'success', busy: 'warning', suspended: 'processing', offline: 'default',
};

/** My status: online, busy or offline at will; 挂起 only through a request a supervisor approves. */
export function StatusSwitch() {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const me = useSelect(chat, (s) => s.me);
  const connection = useSelect(chat, (s) => s.connection);
  const showError = useShowError();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  // The dialog is made on first asking (and kept, to close with its animation): the first screen does without it.
  const [asked, setAsked] = useState(false);
  const [reason, setReason] = useState('');
  const status = me?.status ?? 'offline';

  const change = async (next: AgentStatus) => {
    try {
      await post('/api/routing/status', { status: next });
    } catch (err) {
      showError(err);
    }
  };
  const requestSuspend = async () => {
    try {
      await post('/api/routing/suspend-requests', { reason });
      setAsking(false);
      setReason('');
      void message.success(t('workbench.suspendAsked'));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Space size={4} wrap data-testid="status-switch">
      <Tooltip title={connection === 'online' ? t('workbench.connected') : t('workbench.reconnecting')}>
        <Badge status={connection === 'online' ? 'success' : 'error'} />
      </Tooltip>
      <Select<AgentStatus>
        size="small"
        value={status}
        style={{ width: 108 }}
        onChange={(v) => void change(v)}
        disabled={!me}
        data-testid="status-select"
        // 挂起 is shown while it lasts but never chosen here: it takes a supervisor's approval.
        options={(['online', 'busy', 'offline', 'suspended'] as const)
          .filter((s) => s !== 'suspended' || status === 'suspended')
          .map((s) => ({ value: s, disabled: s === 'suspended', label: <Badge status={COLORS[s]} text={t(`agentStatus.${s}`)} /> }))}
      />
      {status !== 'suspended' && (
        <Button size="small" onClick={() => { setAsked(true); setAsking(true); }} disabled={!me}>{t('workbench.askSuspend')}</Button>
      )}
      {asked && (
        <Modal title={t('workbench.askSuspend')} open={asking} onOk={() => void requestSuspend()} onCancel={() => setAsking(false)} okButtonProps={{ disabled: !reason.trim() }}>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount placeholder={t('workbench.suspendReason')} />
        </Modal>
      )}
    </Space>
  );
}
