import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import { EntriesPanel } from './EntriesPanel';
import { RepliesPanel } from './RepliesPanel';

/** 知识库: the answers suggested to agents (and, when allowed, sent alone), and the quick replies they send by code. */
export default function KnowledgePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'replies' ? 'replies' : 'entries';

  return (
    <Card size="small" title={t('kb.title')} data-testid="knowledge-page">
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(key) => setParams(key === 'entries' ? {} : { tab: key })}
        destroyOnHidden
        items={[
          {
            key: 'entries', label: <span data-testid="kb-tab-entries">{t('kb.tabEntries')}</span>,
            children: <EntriesPanel canEdit={hasPermission(me, 'catalog.manage')} canSettings={hasPermission(me, 'setting.manage')} />,
          },
          { key: 'replies', label: <span data-testid="kb-tab-replies">{t('kb.tabReplies')}</span>, children: <RepliesPanel /> },
        ]}
      />
    </Card>
  );
}
