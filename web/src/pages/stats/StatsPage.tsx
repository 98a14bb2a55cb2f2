import { Card, DatePicker, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import type { DrillFigure, DrillQuery, Range } from '../../api/stats';
import { useDefinitions } from '../../api/stats';
import type { Me } from '../../api/types';
import { DEFAULT_TZ, dayjs } from '../../lib/time';
import { AgentsTab } from './AgentsTab';
import { DrilldownDrawer } from './DrilldownDrawer';
import { useMetrics } from './format';
import { KpiTab } from './KpiTab';
import { LeaderboardTab } from './LeaderboardTab';
import { ShopTab } from './ShopTab';

/** The team's figures, shop and product sales and scores: the owner, supervisors and finance (docs/stats.md). */
export const seesTeam = (me: Me) =>
  me.account.is_main || me.account.role === 'supervisor' || me.account.role === 'finance' || hasPermission(me, 'suspend.approve');
export const setsTargets = (me: Me) => me.account.is_main || me.account.role === 'supervisor' || hasPermission(me, 'suspend.approve');

const TABS = [
  { key: 'agents', visible: () => true },
  { key: 'shop', visible: seesTeam },
  { key: 'kpi', visible: seesTeam },
  { key: 'leaderboard', visible: () => true },
] as const;

const DAY = 'YYYY-MM-DD';

/** 绩效统计: /stats (agents), /stats/shop, /stats/kpi, /stats/leaderboard; the range of days is kept in the URL. */
export default function StatsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [drill, setDrill] = useState<DrillQuery | null>(null);
  const metrics = useMetrics(useDefinitions().data);
  if (!me) return null;

  const today = dayjs().tz(me.shop.timezone || DEFAULT_TZ);
  const range: Range = {
    from: params.get('from') ?? today.subtract(29, 'day').format(DAY),
    to: params.get('to') ?? today.format(DAY),
  };
  const tabs = TABS.filter((tab) => tab.visible(me));
  const asked = location.pathname.split('/')[2] || 'agents';
  const active = tabs.find((tab) => tab.key === asked)?.key ?? 'agents';
  const team = seesTeam(me);
  const onDrill = (figure: DrillFigure, agentId?: number) => setDrill({ ...range, figure, agent_id: agentId });
  const presets = [
    { label: t('stats.range.today'), value: [today, today] },
    { label: t('stats.range.yesterday'), value: [today.subtract(1, 'day'), today.subtract(1, 'day')] },
    { label: t('stats.range.last7'), value: [today.subtract(6, 'day'), today] },
    { label: t('stats.range.last30'), value: [today.subtract(29, 'day'), today] },
    { label: t('stats.range.thisMonth'), value: [today.startOf('month'), today] },
    { label: t('stats.range.lastMonth'), value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] },
  ] as { label: string; value: [dayjs.Dayjs, dayjs.Dayjs] }[];

  return (
    <Card
      size="small"
      title={t('stats.title')}
      data-testid="stats-page"
      extra={active !== 'kpi' && (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          presets={presets}
          onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            const next = new URLSearchParams(params);
            next.set('from', v[0].format(DAY));
            next.set('to', v[1].format(DAY));
            setParams(next);
          }}
          data-testid="stats-range"
        />
      )}
    >
      <Tabs
        size="small"
        activeKey={active}
        onChange={(key) => navigate({ pathname: key === 'agents' ? '/stats' : `/stats/${key}`, search: params.toString() })}
        items={tabs.map((tab) => ({ key: tab.key, label: <span data-testid={`stats-tab-${tab.key}`}>{t(`stats.tabs.${tab.key}`)}</span> }))}
      />
      {active === 'agents' && (
        <AgentsTab range={range} team={team} canExport={team && hasPermission(me, 'export')} metrics={metrics} onDrill={onDrill} />
      )}
      {active === 'shop' && <ShopTab range={range} metrics={metrics} onDrill={onDrill} />}
      {active === 'kpi' && <KpiTab metrics={metrics} canSet={setsTargets(me)} timezone={me.shop.timezone || DEFAULT_TZ} />}
      {active === 'leaderboard' && <LeaderboardTab range={range} metrics={metrics} />}
      <DrilldownDrawer query={drill} metrics={metrics} onClose={() => setDrill(null)} />
    </Card>
  );
}
