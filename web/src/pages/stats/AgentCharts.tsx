import { Card, Col, Empty, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDays, type Figures, type MetricKey, type Range, type TeamReport } from '../../api/stats';
import { dayjs } from '../../lib/time';
import type { OnDrill } from './AgentsTab';
import { Chart, type ChartOption } from './Chart';
import type { Metrics } from './format';

const FUNNEL: MetricKey[] = ['consulted', 'received', 'inquired', 'ordered_buyers', 'paid_buyers'];
/** Figures that are counts or sums: zero on a day without rows. */
const COUNTED: MetricKey[] = [...FUNNEL, 'sales'];
const COLORS = ['#ff5000', '#1677ff', '#52c41a', '#faad14', '#722ed1', '#13c2c2'];

/** Chart values in the unit people read: yuan, percent. */
function plotted(unit: string | undefined, v: number | null) {
  if (v === null) return null;
  if (unit === 'fen') return v / 100;
  if (unit === 'rate') return Math.round(v * 10000) / 100;
  return v;
}

/** Trend lines over the days, the agents compared on one figure, and the funnel from writing to paying. */
export function AgentCharts({ range, report, team, ownId, metrics, onDrill }: {
  range: Range; report: TeamReport | undefined; team: boolean; ownId: number | undefined; metrics: Metrics; onDrill: OnDrill;
}) {
  const { t } = useTranslation();
  const [of, setOf] = useState<number | 'team'>('team');
  const [trendKeys, setTrendKeys] = useState<MetricKey[]>(['consulted', 'received', 'inquired', 'paid_buyers']);
  const [compareKey, setCompareKey] = useState<MetricKey>('sales');
  const subject = team ? (of === 'team' ? undefined : of) : ownId;
  const fetched = useDays(range, subject, team || ownId !== undefined);
  // Every day of the range on the axis: a day without rows counted nothing (its rates are not drawn).
  const days = useMemo(() => {
    if (!fetched.data) return [];
    const byDay = new Map(fetched.data.map((d) => [d.day, d.figures]));
    const out: { day: string; figures: Partial<Figures> }[] = [];
    for (let d = dayjs(range.from); !d.isAfter(dayjs(range.to)); d = d.add(1, 'day')) {
      const day = d.format('YYYY-MM-DD');
      out.push({ day, figures: byDay.get(day) ?? Object.fromEntries(COUNTED.map((k) => [k, 0])) });
    }
    return out;
  }, [fetched.data, range.from, range.to]);
  const trendUnit = metrics.get(trendKeys[0])?.unit;
  const unitLabel = (unit: string | undefined) => (unit === 'fen' ? '¥' : unit === 'rate' ? '%' : '');

  const trend = useMemo<ChartOption>(() => ({
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', name: unitLabel(trendUnit), minInterval: trendUnit === 'buyers' ? 1 : undefined },
    series: trendKeys.map((key) => ({
      name: metrics.name(key), type: 'line', smooth: true, symbolSize: 6,
      data: days.map((d) => plotted(metrics.get(key)?.unit, d.figures[key] ?? null)),
    })),
  }), [days, trendKeys, metrics.lang, metrics.list.length]);

  const agents = report?.agents ?? [];
  const compareUnit = metrics.get(compareKey)?.unit;
  const compare = useMemo<ChartOption>(() => ({
    color: [COLORS[0]],
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: agents.map((a) => a.name) },
    yAxis: { type: 'value', name: unitLabel(compareUnit) },
    series: [{ name: metrics.name(compareKey), type: 'bar', barMaxWidth: 36, data: agents.map((a) => plotted(compareUnit, a.figures[compareKey])) }],
  }), [agents, compareKey, metrics.lang, metrics.list.length]);

  const funnelFigures = subject === undefined ? report?.team?.figures : agents.find((a) => a.agent_id === subject)?.figures;
  const funnel = useMemo<ChartOption>(() => ({
    color: COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [{
      type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '8%', gap: 2,
      label: { show: true, position: 'inside', formatter: '{b} {c}' },
      data: FUNNEL.map((key) => ({ name: metrics.name(key), value: funnelFigures?.[key] ?? 0 })),
    }],
  }), [funnelFigures, metrics.lang, metrics.list.length]);

  const hasDays = days.some((d) => d.figures.consulted || d.figures.sales || d.figures.ordered_buyers);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.charts.noData')} style={{ height: 260 }} />;
  const metricOptions = metrics.list.map((m) => ({ value: m.key, label: metrics.name(m.key) }));

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={team ? 14 : 24}>
        <Card
          size="small"
          title={t('stats.charts.trend')}
          data-testid="chart-trend"
          extra={
            <Space wrap>
              {team && (
                <Select<number | 'team'>
                  size="small" style={{ width: 120 }} value={of} onChange={setOf} aria-label={t('stats.charts.trendOf')}
                  options={[{ value: 'team', label: t('stats.charts.teamAll') }, ...agents.map((a) => ({ value: a.agent_id, label: a.name }))]}
                />
              )}
              <Select<MetricKey[]>
                size="small" mode="multiple" maxTagCount={2} style={{ minWidth: 220 }} value={trendKeys}
                aria-label={t('stats.charts.metrics')}
                onChange={(v) => {
                  // One axis: the figures drawn together share a unit; picking one of another unit starts afresh.
                  const added = v.find((k) => !trendKeys.includes(k));
                  if (added && metrics.get(added)?.unit !== trendUnit) setTrendKeys([added]);
                  else if (v.length) setTrendKeys(v);
                }}
                options={metricOptions}
              />
            </Space>
          }
        >
          {hasDays ? (
            <Chart
              option={trend}
              onPick={(p) => {
                const day = days[p.dataIndex]?.day;
                if (day) onDrill(trendKeys[p.seriesIndex], subject, { from: day, to: day });
              }}
            />
          ) : empty}
        </Card>
      </Col>
      {team && (
        <Col xs={24} xl={10}>
          <Card size="small" title={t('stats.charts.funnel')} data-testid="chart-funnel"
            extra={<Typography.Text type="secondary">{t('stats.charts.funnelHint')}</Typography.Text>}>
            {funnelFigures?.consulted ? <Chart option={funnel} onPick={(p) => onDrill(FUNNEL[p.dataIndex], subject)} /> : empty}
          </Card>
        </Col>
      )}
      {team && (
        <Col span={24}>
          <Card
            size="small"
            title={t('stats.charts.compare')}
            data-testid="chart-compare"
            extra={<Select<MetricKey> size="small" style={{ width: 160 }} value={compareKey} onChange={setCompareKey} options={metricOptions} />}
          >
            {agents.length ? <Chart option={compare} height={240} onPick={(p) => onDrill(compareKey, agents[p.dataIndex]?.agent_id)} /> : empty}
          </Card>
        </Col>
      )}
    </Row>
  );
}
