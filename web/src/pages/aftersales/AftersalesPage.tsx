import { Card, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import type { Me } from '../../api/types';
import { FollowupsTab } from '../reviews/FollowupsTab';
import { ReviewStatsTab } from '../reviews/ReviewStatsTab';
import { RefundQueue } from './RefundQueue';
import { SettingsTab } from './SettingsTab';

// Each tab shows only to accounts the server lets read it (docs/aftersales.md and docs/reviews.md, Permissions).
const TABS = [
  { key: 'refunds', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'followups', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'reviews', visible: (me: Me) => hasPermission(me, 'trade.view') },
  { key: 'settings', visible: (me: Me) => hasPermission(me, 'setting.manage') },
] as const;

/** 售后: /aftersales (refunds by deadline), /aftersales/followups, /aftersales/reviews, /aftersales/settings. */
export default function AftersalesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  if (!me) return null;
  const tabs = TABS.filter((tab) => tab.visible(me));
  if (!tabs.length) return <Result status="403" subTitle={t('aftersales.noPermission')} />;
  const asked = location.pathname.split('/')[2] || 'refunds';
  const active = tabs.find((tab) => tab.key === asked)?.key ?? tabs[0].key;

  return (
    <Card size="small" title={t('aftersales.title')} data-testid="aftersales-page">
      <Tabs
        size="small"
        activeKey={active}
        onChange={(key) => navigate(key === 'refunds' ? '/aftersales' : `/aftersales/${key}`)}
        items={tabs.map((tab) => ({ key: tab.key, label: <span data-testid={`aftersales-tab-${tab.key}`}>{t(`aftersales.tabs.${tab.key}`)}</span> }))}
      />
      {active === 'refunds' && <RefundQueue />}
      {active === 'followups' && <FollowupsTab />}
      {active === 'reviews' && <ReviewStatsTab />}
      {active === 'settings' && <SettingsTab />}
    </Card>
  );
}
