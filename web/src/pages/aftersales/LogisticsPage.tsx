import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { RouteTabs } from '../../components/RouteTabs';
import { CasesTab } from './CasesTab';
import { TemplatesTab } from './TemplatesTab';

const TABS = [
  { key: 'cases', content: <CasesTab /> },
  { key: 'templates', content: <TemplatesTab /> },
] as const;

/** 物流: /logistics (parcel problems) and /logistics/templates (shipping templates). */
export default function LogisticsPage() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('logistics.title')} data-testid="logistics-page">
      <RouteTabs
        base="/logistics"
        home="cases"
        testId="logistics-tab"
        tabs={TABS.map((tab) => ({ ...tab, label: t(`logistics.tabs.${tab.key}`) }))}
      />
    </Card>
  );
}
