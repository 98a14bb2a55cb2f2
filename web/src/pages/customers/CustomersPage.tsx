import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import type { Me } from '../../api/types';
import { RouteTabs } from '../../components/RouteTabs';
import { CustomerListTab } from './CustomerListTab';
import { ImportsTab } from './ImportsTab';
import { SegmentsTab } from './SegmentsTab';
import { StatsCard } from './StatsCard';
import { TagsLevelsTab } from './TagsLevelsTab';

// Each tab shows only to accounts the server lets read it (docs/customers.md, Permissions).
const TABS = [
  { key: 'list', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <CustomerListTab /> },
  { key: 'segments', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <SegmentsTab /> },
  { key: 'stats', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <StatsCard /> },
  { key: 'imports', visible: (me: Me) => hasPermission(me, 'setting.manage'), content: <ImportsTab /> },
  { key: 'settings', visible: (me: Me) => hasPermission(me, 'setting.manage'), content: <TagsLevelsTab /> },
] as const;

/** 客户管理: /customers (the list), /customers/segments, /customers/stats, /customers/imports, /customers/settings. */
export default function CustomersPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  const tabs = TABS.filter((tab) => tab.visible(me));

  return (
    <Card size="small" title={t('customers.title')} data-testid="customers-page">
      <RouteTabs
        base="/customers"
        home="list"
        testId="customers-tab"
        tabs={tabs.map((tab) => ({ key: tab.key, label: t(`customers.tabs.${tab.key}`), content: tab.content }))}
      />
    </Card>
  );
}
