import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replyCommands, useReplyGroups, type ReplyScope } from '../../api/replies';
import { useErrorText } from '../../components/useShowError';
import { REPLY_LIMITS } from './reply-text';

/** The groups of one scope: add, rename, delete (the server refuses a group that still holds phrases). */
export function ReplyGroupsModal({ open, scope, counts, onClose }: {
  open: boolean; scope: ReplyScope; counts: Map<number, number>; onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const groups = useReplyGroups(scope);
  const [name, setName] = useState('');

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      message.success(t('common.done'));
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    } finally {
      await qc.invalidateQueries({ queryKey: ['replies'] });
    }
  }

  return (
    <Modal title={t('kb.replies.groupAdmin.title')} open={open} onCancel={onClose} footer={null} width={480}>
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input
          size="small"
          value={name}
          maxLength={REPLY_LIMITS.groupName}
          placeholder={t('kb.replies.groupAdmin.name')}
          onChange={(e) => setName(e.target.value)}
          data-testid="reply-group-name"
        />
        <Button
          size="small"
          type="primary"
          disabled={!name.trim()}
          onClick={async () => { if (await run(() => replyCommands.addGroup({ scope, name: name.trim() }))) setName(''); }}
          data-testid="reply-group-add"
        >
          {t('kb.replies.groupAdmin.add')}
        </Button>
      </Space.Compact>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.replies.groupAdmin.notEmptyHint')}</Typography.Text>
      <List
        size="small"
        loading={groups.isPending}
        dataSource={groups.data ?? []}
        renderItem={(g) => (
          <List.Item
            key={g.id}
            actions={[
              <Popconfirm key="delete" title={t('kb.replies.groupAdmin.deleteAsk')} onConfirm={() => run(() => replyCommands.removeGroup(g.id))}>
                <Button type="link" size="small" danger>{t('common.remove')}</Button>
              </Popconfirm>,
            ]}
          >
            <Space>
              <Typography.Text
                editable={{
                  maxLength: REPLY_LIMITS.groupName,
                  tooltip: t('kb.replies.groupAdmin.rename'),
                  onChange: (v) => { if (v.trim() && v.trim() !== g.name) void run(() => replyCommands.renameGroup(g.id, v.trim())); },
                }}
              >
                {g.name}
              </Typography.Text>
              <Typography.Text type="secondary">{t('kb.replies.groupCount', { n: counts.get(g.id) ?? 0 })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Modal>
  );
}
