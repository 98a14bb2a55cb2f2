import { PictureOutlined } from '@ant-design/icons';
import { Sender } from '@ant-design/x';
import { Alert, Button, Input, Rate, Space, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RuntimeStyles } from '../components/RuntimeStyles';
import { upload } from '../api/client';
import { IMAGE_TYPES } from '../api/shared';
import { BuyerChat } from '../chat/buyer-chat';
import { EmojiPicker } from '../chat/EmojiPicker';
import { MessageList } from '../chat/MessageList';
import { useSelect } from '../chat/store';
import { useErrorText } from '../components/useShowError';

const TYPING_REFRESH_MS = 3000;

/** The buyer's chat window with one shop (旺旺): used in the storefront's corner and in the embeddable widget. */
export default function ChatWindow({ shopName }: { shopName: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [chat] = useState(() => new BuyerChat(shopName));
  useEffect(() => () => chat.close(), [chat]);
  const state = useSelect(chat, (s) => s);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const typingSince = useRef(0);
  const loadOlder = useCallback(() => chat.loadOlder(), [chat]);
  const retry = useCallback((id: string) => chat.retry(id), [chat]);

  const c = state.conversation;
  const line = !c ? t('widget.connecting')
    : c.status === 'active' ? t('widget.servedBy', { name: c.agent?.name ?? '' })
    : c.status === 'queued' ? t('widget.queued', { n: c.position ?? '…' })
    : c.status === 'waiting' ? t('widget.leftMessage')
    : c.status === 'ended' ? t('widget.ended')
    : t('widget.hello');

  const change = (v: string) => {
    setText(v);
    if (v && Date.now() - typingSince.current > TYPING_REFRESH_MS) {
      typingSince.current = Date.now();
      chat.typing(true);
    }
  };
  const submit = (v: string) => {
    if (!v.trim()) return;
    setText('');
    typingSince.current = 0;
    chat.typing(false);
    void chat.send({ kind: 'text', text: v });
  };

  return (
    <div className="xe-widget" data-testid="chat-window">
      <div className="xe-widget-status">
        <Typography.Text type="secondary" data-testid="chat-status">{line}</Typography.Text>
        {state.agentTyping && <Typography.Text type="secondary"> · {t('chat.typing')}</Typography.Text>}
      </div>
      {state.connection === 'offline' && (
        <Alert type={state.error ? 'error' : 'warning'} banner title={state.error ? errorText(state.error) : t('workbench.reconnecting')} />
      )}
      {!state.loaded ? <div className="xe-msg-list" /> : <MessageList
        messages={state.messages}
        outgoing={state.outgoing}
        mySide="buyer"
        otherReadSeq={c?.agent_read_seq ?? 0}
        hasOlder={state.hasOlder}
        onLoadOlder={loadOlder}
        onRetry={retry}
      />}
      {state.ratingAsked && !state.rated && <RatingForm chat={chat} />}
      {error && <Alert type="error" showIcon closable onClose={() => setError(undefined)} title={error} />}
      <div className="xe-composer">
        <div className="xe-composer-tools">
          <EmojiPicker onPick={(code) => void chat.send({ kind: 'emoji', code })} />
          <Upload
            accept={IMAGE_TYPES.join(',')}
            showUploadList={false}
            customRequest={async ({ file, onSuccess, onError }) => {
              try {
                const data = await upload<{ upload_id: string }>(`/api/buyer/chat/${encodeURIComponent(shopName)}/uploads`, file as Blob);
                await chat.send({ kind: 'image', upload_id: data.upload_id });
                onSuccess?.(data);
              } catch (err) {
                setError(errorText(err));
                onError?.(err as Error);
              }
            }}
          >
            <Button type="text" icon={<PictureOutlined />} aria-label={t('chat.image')} />
          </Upload>
        </div>
        <RuntimeStyles>
          <Sender value={text} onChange={change} onSubmit={submit} placeholder={t('widget.inputHint')} autoSize={{ minRows: 1, maxRows: 4 }} />
        </RuntimeStyles>
      </div>
    </div>
  );
}

/** 满意度评价: once per conversation, five stars from 非常不满意 to 非常满意. */
function RatingForm({ chat }: { chat: BuyerChat }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const labels = [1, 2, 3, 4, 5].map((n) => t(`widget.score${n}`));
  return (
    <div className="xe-widget-rating" data-testid="rating-form">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong>{t('widget.rateTitle')}</Typography.Text>
        <Space><Rate value={score} onChange={setScore} tooltips={labels} /><Typography.Text type="secondary">{labels[score - 1]}</Typography.Text></Space>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 1, maxRows: 3 }} placeholder={t('widget.rateComment')} />
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Button
          type="primary"
          size="small"
          disabled={!score}
          data-testid="rating-submit"
          onClick={() => chat.rate(score, comment.trim() || undefined).catch((err) => setError(errorText(err)))}
        >
          {t('widget.rateSubmit')}
        </Button>
      </Space>
    </div>
  );
}
