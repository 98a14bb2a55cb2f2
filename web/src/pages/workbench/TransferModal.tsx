import { useQuery } from '@tanstack/react-query';
import { Badge, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client';
import { useShowError } from '../../components/useShowError';
import type { AgentStatus } from '../../chat/types';

interface Agent { account_id: number; login: string; name: string; status: AgentStatus; reception_limit: number; active: number }

/** 队员间转发: hand the conversation to an online teammate, with a note only agents see. */
export function TransferModal({ conversationId, myId, open, onClose }: { conversationId: number; myId: number; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const showError = useShowError();
  const [form] = Form.useForm<{ to_agent_id: number; note?: string }>();
  const agents = useQuery({
    queryKey: ['routing', 'agents'],
    queryFn: () => get<{ agents: Agent[] }>('/api/routing/agents'),
    enabled: open,
  });
  const options = (agents.data?.agents ?? [])
    .filter((a) => a.account_id !== myId && a.status !== 'offline')
    .map((a) => ({
      value: a.account_id,
      disabled: a.status === 'suspended',
      label: <span><Badge status={a.status === 'online' ? 'success' : 'warning'} /> {a.login} <span style={{ color: '#999' }}>{a.active}/{a.reception_limit}</span></span>,
    }));
  return (
    <Modal
      title={t('workbench.transfer')}
      open={open}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await post(`/api/conversations/${conversationId}/transfer`, { to_agent_id: v.to_agent_id, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
          onClose();
        } catch (err) {
          showError(err);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="to_agent_id" label={t('workbench.transferTo')} rules={[{ required: true, message: t('workbench.transferPick') }]}>
          <Select options={options} loading={agents.isPending} notFoundContent={t('workbench.nobodyOnline')} data-testid="transfer-to" />
        </Form.Item>
        <Form.Item name="note" label={t('workbench.transferNote')}>
          <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
