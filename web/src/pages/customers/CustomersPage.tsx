import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import type { Me } from '../../api/types';
import { CustomerListTab } from './CustomerListTab';
import { ImportsTab } from './ImportsTab';
import { SegmentsTab } from './SegmentsTab';
import { StatsCard } from './StatsCard';
import { TagsLevelsTab } from './TagsLevelsTab';

// Each tab shows only to accounts the server lets read it (docs/customers.md, Permissions).
const TABS = [
  { key: 'list', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'segments', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'stats', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'imports', visible: (me: Me) => hasPermission(me, 'setting.manage') },
  { key: 'settings', visible: (me: Me) => hasPermission(me, 'setting.manage') },
] as const;

/** 客户管理: /customers (the list), /customers/segments, /customers/stats, /customers/imports, /customers/settings. */
export default function CustomersPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  if (!me) return null;
  const tabs = TABS.filter((tab) => tab.visible(me));
  const asked = location.pathname.split('/')[2] || 'list';
  const active = tabs.find((tab) => tab.key === asked)?.key ?? 'list';

  return (
    <Card size="small" title={t('customers.title')} data-testid="customers-page">
      <Tabs
        size="small"
        activeKey={active}
        onChange={(key) => navigate(key === 'list' ? '/customers' : `/customers/${key}`)}
        items={tabs.map((tab) => ({ key: tab.key, label: <span data-testid={`customers-tab-${tab.key}`}>{t(`customers.tabs.${tab.key}`)}</span> }))}
      />
      {active === 'list' && <CustomerListTab />}
      {active === 'segments' && <SegmentsTab />}
      {active === 'stats' && <StatsCard />}
      {active === 'imports' && <ImportsTab />}
      {active === 'settings' && <TagsLevelsTab />}
    </Card>
  );
}
