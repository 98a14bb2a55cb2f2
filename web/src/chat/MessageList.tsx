import { Bubble } from '@ant-design/x';
import { Button, Typography } from 'antd';
import { memo, useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { RuntimeStyles } from '../components/RuntimeStyles';
import i18n from '../i18n';
import { formatTime } from '../lib/time';
import { MessageContent } from './MessageContent';
import type { ChatMessage, OutgoingMessage } from './types';

type Row = { m: ChatMessage; pending?: undefined } | { m?: undefined; pending: OutgoingMessage };

// Virtuoso keeps the scroll position when older pages are put in front if the first index goes down by as many.
const START_INDEX = 1_000_000_000;

/**
 * A conversation's messages, virtualised so a history of thousands stays smooth: it follows new messages while the
 * reader is at the bottom and loads the previous page when the reader scrolls to the top.
 */
export function MessageList({
  messages, outgoing, mySide, otherReadSeq, hasOlder, onLoadOlder, onRetry,
}: {
  messages: ChatMessage[];
  outgoing: OutgoingMessage[];
  mySide: 'buyer' | 'agent';
  /** The other side's read mark: my messages up to it show as read. */
  otherReadSeq?: number;
  hasOlder: boolean;
  onLoadOlder: () => Promise<void> | void;
  onRetry?: (clientMsgId: string) => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<VirtuosoHandle>(null);
  const rows: Row[] = useMemo(() => [...messages.map((m) => ({ m })), ...outgoing.map((pending) => ({ pending }))], [messages, outgoing]);
  const firstSeq = messages[0]?.seq ?? 0;
  // Each message's place is fixed by its seq, so prepending a page shifts the first index by the page's length.
  const firstItemIndex = START_INDEX - firstSeq;
  const loading = useRef(false);
  const loadOlder = useCallback(async () => {
    if (!hasOlder || loading.current) return;
    loading.current = true;
    try {
      await onLoadOlder();
    } finally {
      loading.current = false;
    }
  }, [hasOlder, onLoadOlder]);
  // A new component each render would be mounted afresh each time.
  const components = useMemo(() => ({
    Header: () => (hasOlder ? <div className="xe-msg-more"><Button type="link" size="small" onClick={() => void loadOlder()}>{t('chat.older')}</Button></div> : null),
  }), [hasOlder, loadOlder, t]);

  return (
    <RuntimeStyles>
      <Virtuoso
        ref={ref}
        className="xe-msg-list"
        data={rows}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={Math.max(0, rows.length - 1)}
        followOutput={(atBottom) => (atBottom ? 'auto' : false)}
        startReached={() => void loadOlder()}
        computeItemKey={(_, row) => (row.m ? `s${row.m.seq}` : `c${row.pending.client_msg_id}`)}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        components={components}
        itemContent={(_, row) => (row.pending
          ? <PendingRow message={row.pending} onRetry={onRetry} />
          : <MessageRow message={row.m} mine={row.m.sender === mySide}
            read={row.m.sender === mySide && otherReadSeq !== undefined ? row.m.seq <= otherReadSeq : undefined} />)}
      />
    </RuntimeStyles>
  );
}

// Rows are memoised on what they show: loading an older page, a read mark or a new message re-renders the list, and
// every visible bubble would otherwise render again with it (a scroll through a long history then drops frames).

/** A stored message; `read` is the other side's read state of one of mine (undefined: not shown). */
const MessageRow = memo(function MessageRow({ message: m, mine, read }: { message: ChatMessage; mine: boolean; read?: boolean }) {
  const { t } = useTranslation();
  if (m.sender === 'system') {
    const text = (i18n.language === 'en' ? m.body.text_en : m.body.text) ?? m.body.text;
    return <div className="xe-msg-row" data-testid="msg-system"><Bubble.System content={String(text ?? '')} /></div>;
  }
  return (
    <div className="xe-msg-row" data-testid="msg" data-seq={m.seq} data-sender={m.sender}>
      <Bubble
        placement={mine ? 'end' : 'start'}
        content={m}
        contentRender={() => <MessageContent kind={m.kind} body={m.body} />}
        header={<Typography.Text type="secondary" className="xe-msg-meta">{m.sender_name} {formatTime(m.created_at)}</Typography.Text>}
        footer={read === undefined
          ? undefined
          : <Typography.Text type="secondary" className="xe-msg-meta" data-testid="read-state">{read ? t('chat.read') : t('chat.unread')}</Typography.Text>}
      />
    </div>
  );
});

/** One of mine on its way, or failed with a retry. */
const PendingRow = memo(function PendingRow({ message: p, onRetry }: { message: OutgoingMessage; onRetry?: (clientMsgId: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="xe-msg-row" data-testid="msg-pending">
      <Bubble
        placement="end"
        loading={false}
        content={p}
        contentRender={() => <MessageContent kind={p.kind} body={p.payload} />}
        footer={p.state === 'failed'
          ? <Typography.Link type="danger" onClick={() => onRetry?.(p.client_msg_id)}>{t('chat.failedRetry', { error: p.error })}</Typography.Link>
          : <Typography.Text type="secondary" className="xe-msg-meta">{t('chat.sending')}</Typography.Text>}
      />
    </div>
  );
});
