import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replyCommands, useReplyGroups, type ManagedReply, type ReplyScope } from '../../api/replies';
import { useErrorText } from '../../components/useShowError';
import { CODE_PATTERN, REPLY_LIMITS, REPLY_VARIABLES } from './reply-text';

interface Values {
  group: string;
  code: string;
  text: string;
}

const DEFAULT_GROUP = '常用';
const chars = (s: string) => [...s].length;

/** Add or change a phrase: its group (a new name makes the group), shortcut code and text with variables. */
export function ReplyFormModal({ open, scope, reply, defaultGroup, onClose }: {
  open: boolean; scope: ReplyScope; reply?: ManagedReply; defaultGroup?: string; onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const groups = useReplyGroups(scope);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const textRef = useRef<TextAreaRef>(null);

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.setFieldsValue(reply
      ? { group: reply.group_name ?? '', code: reply.code ?? '', text: reply.text }
      : { group: defaultGroup ?? groups.data?.[0]?.name ?? DEFAULT_GROUP, code: '', text: '' });
  }, [open, reply?.id]);

  async function groupId(name: string) {
    const known = groups.data?.find((g) => g.name === name);
    if (known) return known.id;
    const { group } = await replyCommands.addGroup({ scope, name });
    return group.id;
  }

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const group_id = await groupId(v.group.trim());
      const code = v.code.trim() || null;
      const text = v.text.trim();
      if (reply) await replyCommands.update(reply.id, { group_id, code, text });
      else await replyCommands.add({ scope, group_id, code, text });
      message.success(t('kb.saved'));
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      // A group made before a refusal is real: the lists are asked again either way.
      await qc.invalidateQueries({ queryKey: ['replies'] });
      setBusy(false);
    }
  }

  function insert(variable: string) {
    const el = textRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('text') ?? '';
    const token = `{${variable}}`;
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    form.setFieldValue('text', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  return (
    <Modal
      title={t(reply ? 'kb.replies.form.editTitle' : 'kb.replies.form.addTitle')}
      open={open}
      width={600}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'reply-submit' }}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={submit}>
        <Form.Item
          name="group"
          label={t('kb.replies.form.group')}
          extra={t('kb.replies.form.groupHint')}
          rules={[{ required: true, whitespace: true, message: t('kb.replies.form.groupRequired') }, { max: REPLY_LIMITS.groupName }]}
        >
          <AutoComplete
            options={(groups.data ?? []).map((g) => ({ value: g.name }))}
            showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
            data-testid="reply-group"
          />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('kb.replies.form.code')}
          extra={t('kb.replies.form.codeHint')}
          rules={[{
            validator: (_, v: string | undefined) => {
              const s = (v ?? '').trim();
              return !s || (s.length <= REPLY_LIMITS.code && CODE_PATTERN.test(s)) ? Promise.resolve()
                : Promise.reject(new Error(t('kb.replies.form.codeRule')));
            },
          }]}
        >
          <Input prefix="/" maxLength={REPLY_LIMITS.code} style={{ width: 240 }} data-testid="reply-code" />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('kb.replies.form.text')}
          rules={[
            { required: true, whitespace: true, message: t('kb.replies.form.textRequired') },
            { validator: (_, v: string | undefined) => (chars((v ?? '').trim()) <= REPLY_LIMITS.text ? Promise.resolve()
              : Promise.reject(new Error(t('kb.replies.form.tooLong', { max: REPLY_LIMITS.text })))) },
          ]}
        >
          <Input.TextArea ref={textRef} rows={4} count={{ show: true, max: REPLY_LIMITS.text, strategy: chars }} data-testid="reply-text" />
        </Form.Item>
        <Space size={4} wrap style={{ marginTop: -4, marginBottom: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.replies.form.insert')}</Typography.Text>
          {REPLY_VARIABLES.map((v) => (
            <Button key={v} size="small" onClick={() => insert(v)} title={t(`kb.replies.variable.${v}`)}>{`{${v}}`}</Button>
          ))}
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="reply-error" />}
      </Form>
    </Modal>
  );
}
