import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Input, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSuggest, type KnowledgeSuggestion } from '../../api/knowledge';
import { useErrorText } from '../../components/useShowError';
import { useItemTitles } from './ItemSelect';

/** 试一试: a buyer's question as the workbench would get it, and the answers ranked with their confidence. */
export function TryItCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const suggestions = useSuggest(q);
  const title = useItemTitles();

  return (
    <Card size="small" title={<><ExperimentOutlined /> {t('kb.tryIt.title')}</>} data-testid="kb-try">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('kb.tryIt.hint')}</Typography.Paragraph>
      <Input.Search
        allowClear
        maxLength={500}
        placeholder={t('kb.tryIt.placeholder')}
        enterButton={t('kb.tryIt.ask')}
        onSearch={(v) => setQ(v.trim())}
        loading={suggestions.isFetching}
        data-testid="kb-try-input"
      />
      {suggestions.isError && <Alert type="error" showIcon title={errorText(suggestions.error)} style={{ marginTop: 8 }} />}
      {q && suggestions.isSuccess && !suggestions.data.length && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.tryIt.none')} />
      )}
      {q && !!suggestions.data?.length && (
        <List<KnowledgeSuggestion>
          size="small"
          style={{ marginTop: 4 }}
          dataSource={suggestions.data}
          renderItem={(s, i) => (
            <List.Item key={String(s.id)} data-testid="kb-try-result" data-id={String(s.id)} data-rank={i + 1}>
              <div style={{ width: '100%' }}>
                <Space size={4} wrap>
                  <Tag color={i === 0 ? 'orange' : undefined}>#{i + 1}</Tag>
                  <Typography.Text strong data-testid="kb-try-question">{s.question}</Typography.Text>
                  <Tag bordered={false}>{s.source === 'product' ? t('kb.tryIt.fromProduct') : t('kb.tryIt.fromEntry')}</Tag>
                  {s.num_iid !== null && <Tag bordered={false} color="blue">{title(s.num_iid)}</Tag>}
                </Space>
                <Typography.Paragraph className="xe-pre" ellipsis={{ rows: 3, expandable: true }} style={{ margin: '2px 0' }}>{s.answer}</Typography.Paragraph>
                <Progress
                  percent={Math.round(s.score * 100)}
                  size="small"
                  status={s.score >= 0.8 ? 'success' : 'normal'}
                  format={(p) => t('kb.tryIt.confidence', { p })}
                  data-testid="kb-try-score"
                />
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
