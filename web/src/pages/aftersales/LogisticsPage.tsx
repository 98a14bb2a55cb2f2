import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { CasesTab } from './CasesTab';
import { TemplatesTab } from './TemplatesTab';

const TABS = ['cases', 'templates'] as const;

/** 物流: /logistics (parcel problems) and /logistics/templates (shipping templates). */
export default function LogisticsPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const asked = location.pathname.split('/')[2] || 'cases';
  const active = TABS.find((k) => k === asked) ?? 'cases';
  return (
    <Card size="small" title={t('logistics.title')} data-testid="logistics-page">
      <Tabs
        size="small"
        activeKey={active}
        onChange={(key) => navigate(key === 'cases' ? '/logistics' : `/logistics/${key}`)}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`logistics-tab-${k}`}>{t(`logistics.tabs.${k}`)}</span> }))}
      />
      {active === 'cases' && <CasesTab />}
      {active === 'templates' && <TemplatesTab />}
    </Card>
  );
}
