import type { TFunction } from 'i18next';
import i18n from '../i18n';
import type { ChatMessage } from './types';

/** One line for the conversation list and notifications. */
export function previewOf(m: Pick<ChatMessage, 'kind' | 'body'>, t: TFunction): string {
  const b = m.body;
  switch (m.kind) {
    case 'text': return String(b.text ?? '');
    case 'emoji': return `[${String(b.code ?? '')}]`;
    case 'image': return t('chat.preview.image');
    case 'product': return t('chat.preview.product', { title: String(b.title ?? '') });
    case 'trade': return t('chat.preview.trade', { tid: String(b.tid ?? '') });
    case 'system': return String((i18n.language === 'en' ? b.text_en : b.text) ?? b.text ?? '');
  }
}
