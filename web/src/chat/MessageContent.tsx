import { Card, Image, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../lib/money';
import type { ChatMessage } from './types';

type Body = Record<string, unknown>;

/** A message's body by kind. Text is rendered as text: whatever a buyer types never becomes markup. */
export function MessageContent({ kind, body }: Pick<ChatMessage, 'kind' | 'body'>) {
  const { t } = useTranslation();
  const b = body as Body;
  switch (kind) {
    case 'text':
      return <span className="xe-msg-text">{String(b.text ?? '')}</span>;
    case 'emoji':
      return <span className="xe-msg-emoji" title={String(b.code)} aria-label={String(b.code)}>{String(b.char ?? b.code)}</span>;
    case 'image':
      return <Image src={String(b.url)} alt={t('chat.preview.image')} width={180} style={{ maxHeight: 240, objectFit: 'contain' }} />;
    case 'product':
      return (
        <Card size="small" className="xe-msg-card" data-testid="product-card">
          <Typography.Text strong ellipsis style={{ maxWidth: 220, display: 'block' }}>{String(b.title)}</Typography.Text>
          <Space>
            <Typography.Text type="danger">{formatYuan(Number(b.price))}</Typography.Text>
            {!b.onsale && <Tag>{t('chat.offShelf')}</Tag>}
          </Space>
        </Card>
      );
    case 'trade':
      return (
        <Card size="small" className="xe-msg-card" data-testid="trade-card">
          <Typography.Text strong>{t('chat.tradeNo', { tid: String(b.tid) })}</Typography.Text>
          <div><Tag color="orange">{String(b.status_name)}</Tag> {formatYuan(Number(b.payment))}</div>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220, display: 'block', fontSize: 12 }}>
            {(b.items as string[] | undefined)?.join('，')}
          </Typography.Text>
        </Card>
      );
    default:
      return <span>{String(b.text ?? '')}</span>;
  }
}
