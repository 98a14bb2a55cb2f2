import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../api/auth';
import type { Me } from '../../api/types';
import { RouteTabs } from '../../components/RouteTabs';
import { FollowupsTab } from '../reviews/FollowupsTab';
import { ReviewStatsTab } from '../reviews/ReviewStatsTab';
import { RefundQueue } from './RefundQueue';
import { SettingsTab } from './SettingsTab';

// Each tab shows only to accounts the server lets read it (docs/aftersales.md and docs/reviews.md, Permissions).
const TABS = [
  { key: 'refunds', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <RefundQueue /> },
  { key: 'followups', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <FollowupsTab /> },
  { key: 'reviews', visible: (me: Me) => hasPermission(me, 'trade.view'), content: <ReviewStatsTab /> },
  { key: 'settings', visible: (me: Me) => hasPermission(me, 'setting.manage'), content: <SettingsTab /> },
] as const;

/** 售后: /aftersales (refunds by deadline), /aftersales/followups, /aftersales/reviews, /aftersales/settings. */
export default function AftersalesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  const tabs = TABS.filter((tab) => tab.visible(me));
  if (!tabs.length) return <Result status="403" subTitle={t('aftersales.noPermission')} />;

  return (
    <Card size="small" title={t('aftersales.title')} data-testid="aftersales-page">
      <RouteTabs
        base="/aftersales"
        home="refunds"
        testId="aftersales-tab"
        tabs={tabs.map((tab) => ({ key: tab.key, label: t(`aftersales.tabs.${tab.key}`), content: tab.content }))}
      />
    </Card>
  );
}
