import { BulbOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { useSelect } from '../../chat/store';
import type { ChatMessage } from '../../chat/types';
import { useWorkbench } from './context';

interface Suggestion { id: number; question: string; answer: string; score: number }

/** The knowledge base's best answers to the buyer's latest question, with their confidence: one click inserts one. */
export function SuggestionPanel() {
  const { t } = useTranslation();
  const { chat, insert } = useWorkbench();
  const question = useSelect(chat, (s) => lastBuyerText(s.selected === null ? undefined : s.threads[s.selected]?.messages, s.selected === null ? undefined : s.threads[s.selected]?.last));
  const suggestions = useQuery({
    queryKey: ['knowledge', 'suggest', question],
    queryFn: () => get<{ suggestions: Suggestion[] }>('/api/knowledge/suggest', { q: question, limit: 3 }),
    enabled: !!question,
    staleTime: 5 * 60_000,
    placeholderData: (prev) => prev,
  });
  return (
    <Card size="small" title={<><BulbOutlined /> {t('workbench.suggestFor')}</>} className="xe-wb-card" data-testid="suggestions">
      {question && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} className="xe-wb-question">{question}</Typography.Paragraph>}
      {!question || !suggestions.data?.suggestions.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(question ? 'workbench.noSuggestion' : 'workbench.waitQuestion')} />
      ) : (
        <List<Suggestion>
          size="small"
          dataSource={suggestions.data.suggestions}
          renderItem={(s) => (
            <List.Item key={s.id} className="xe-wb-click" onClick={() => insert(s.answer)} data-testid="suggestion">
              <div style={{ width: '100%' }}>
                <Typography.Text strong ellipsis>{s.question}</Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0 }}>{s.answer}</Typography.Paragraph>
                <Progress percent={Math.round(s.score * 100)} size="small" status={s.score >= 0.8 ? 'success' : 'normal'} format={(p) => t('workbench.confidence', { p })} />
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** The buyer's newest question (text message), from the loaded history or, before it loads, the list's last message. */
function lastBuyerText(messages: ChatMessage[] | undefined, last: ChatMessage | undefined): string {
  const list = messages?.length ? messages : last ? [last] : [];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    if (m.sender === 'buyer' && m.kind === 'text') return String(m.body.text ?? '').slice(0, 200);
  }
  return '';
}
