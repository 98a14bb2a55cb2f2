import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { BoardTab } from './BoardTab';
import { QaTab } from './QaTab';

const TABS = ['board', 'qa'] as const;

/** 团队看板: /team (the live board) and /team/qa (quality inspection), for the owner and supervisors. */
export default function TeamPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const asked = location.pathname.split('/')[2] || 'board';
  const active = TABS.find((k) => k === asked) ?? 'board';

  return (
    <Card size="small" title={t('supervision.title')} data-testid="team-page">
      <Tabs
        size="small"
        activeKey={active}
        onChange={(key) => navigate(key === 'board' ? '/team' : `/team/${key}`)}
        items={TABS.map((key) => ({ key, label: <span data-testid={`team-tab-${key}`}>{t(`supervision.tabs.${key}`)}</span> }))}
      />
      {active === 'board' && <BoardTab />}
      {active === 'qa' && <QaTab />}
    </Card>
  );
}
