import { PictureOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Sender, Suggestion } from '@ant-design/x';
import { Button, Tooltip, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RuntimeStyles } from '../../components/RuntimeStyles';
import { upload } from '../../api/client';
import { fillQuickReply, useQuickReplies, type QuickReply } from '../../api/replies';
import { IMAGE_TYPES } from '../../api/shared';
import { EmojiPicker } from '../../chat/EmojiPicker';
import { useShowError } from '../../components/useShowError';
import { useWorkbench } from './context';

// Drafts survive switching between conversations.
const drafts = new Map<number, string>();
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** The agent's input: text (Enter sends), 旺旺 expressions, images, and quick replies by typing `/` and a code. */
export function Composer({ conversationId, disabled }: { conversationId: number; disabled: boolean }) {
  const { t } = useTranslation();
  const { chat, setComposer } = useWorkbench();
  const showError = useShowError();
  const [value, setValue] = useState(() => drafts.get(conversationId) ?? '');
  const replies = useQuickReplies();
  const typingSince = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    setValue(drafts.get(conversationId) ?? '');
    setComposer((text) => setValue((v) => {
      const next = v ? `${v}${text}` : text;
      drafts.set(conversationId, next);
      return next;
    }));
    return () => setComposer(null);
  }, [conversationId, setComposer]);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (typingSince.current) chat.typing(conversationId, false);
    typingSince.current = 0;
  };
  const change = (v: string) => {
    setValue(v);
    drafts.set(conversationId, v);
    if (!v) return stopTyping();
    const now = Date.now();
    if (now - typingSince.current > TYPING_REFRESH_MS) {
      typingSince.current = now;
      chat.typing(conversationId, true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const submit = (text: string) => {
    if (!text.trim()) return;
    stopTyping();
    setValue('');
    drafts.delete(conversationId);
    void chat.send(conversationId, { kind: 'text', text });
  };
  const pickReply = async (reply: QuickReply) => {
    try {
      const { text } = await fillQuickReply(reply.id, conversationId);
      change(text);
    } catch (err) {
      showError(err);
    }
  };

  const query = value.startsWith('/') ? value.slice(1).toLowerCase() : null;
  const matches = query === null ? [] : (replies.data ?? [])
    .filter((r) => (r.code ?? '').toLowerCase().includes(query) || r.text.toLowerCase().includes(query))
    .slice(0, 12);

  return (
    <div className="xe-composer" data-testid="composer">
      <div className="xe-composer-tools">
        <EmojiPicker disabled={disabled} onPick={(code) => void chat.send(conversationId, { kind: 'emoji', code })} />
        <Upload
          accept={IMAGE_TYPES.join(',')}
          showUploadList={false}
          disabled={disabled}
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const data = await upload<{ upload_id: string }>(`/api/conversations/${conversationId}/uploads`, file as Blob);
              await chat.send(conversationId, { kind: 'image', upload_id: data.upload_id });
              onSuccess?.(data);
            } catch (err) {
              showError(err);
              onError?.(err as Error);
            }
          }}
        >
          <Tooltip title={t('chat.image')}><Button type="text" icon={<PictureOutlined />} disabled={disabled} aria-label={t('chat.image')} /></Tooltip>
        </Upload>
        <Tooltip title={t('workbench.quickHint')}>
          <Button type="text" icon={<ThunderboltOutlined />} disabled={disabled} onClick={() => change('/')} data-testid="quick-reply-button">
            {t('workbench.quickReplies')}
          </Button>
        </Tooltip>
      </div>
      <RuntimeStyles>
        <Suggestion
          items={matches.map((r) => ({
            value: String(r.id),
            label: <span className="xe-quick-item" data-testid="quick-reply-option"><b>{r.code}</b> {r.text}</span>,
            extra: r.group_name ?? undefined,
          }))}
          open={matches.length > 0}
          onSelect={(id) => {
            const reply = replies.data?.find((r) => String(r.id) === id);
            if (reply) void pickReply(reply);
          }}
        >
          {({ onKeyDown }) => (
            <Sender
              value={value}
              onChange={(v) => change(v)}
              onSubmit={submit}
              onKeyDown={matches.length ? onKeyDown : undefined}
              disabled={disabled}
              placeholder={disabled ? t('workbench.readOnly') : t('workbench.inputHint')}
              autoSize={{ minRows: 2, maxRows: 6 }}
            />
          )}
        </Suggestion>
      </RuntimeStyles>
    </div>
  );
}
