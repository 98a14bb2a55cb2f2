import { Alert, Card, Col, DatePicker, Empty, Progress, Row, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScores, type ScoreLine } from '../../api/stats';
import { useErrorText } from '../../components/useShowError';
import { dayjs } from '../../lib/time';
import type { Metrics } from './format';
import { AttributionCard, TargetsForm } from './TargetsForm';

/** 月度考核: each agent's score of the month against the weighted targets, and the targets themselves. */
export function KpiTab({ metrics, canSet, timezone }: { metrics: Metrics; canSet: boolean; timezone: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [month, setMonth] = useState(() => dayjs().tz(timezone).format('YYYY-MM'));
  const scores = useScores(month, true);
  const s = scores.data;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        {t('stats.kpi.month')}
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format('YYYY-MM'))} data-testid="kpi-month" />
      </Space>
      {scores.isError && <Alert type="error" title={errorText(scores.error)} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('stats.kpi.scores')} loading={scores.isPending} data-testid="kpi-scores">
            {s && !s.targets.length ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.kpi.noTargets')} />
            ) : (
              <Table<ScoreLine>
                size="small" rowKey="agent_id" dataSource={s?.agents ?? []} pagination={false}
                onRow={(a) => ({ 'data-testid': `kpi-row-${a.agent_id}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: '#', key: 'rank', width: 40, render: (_, __, i) => i + 1 },
                  { title: t('stats.agent'), dataIndex: 'name' },
                  {
                    title: t('stats.kpi.score'), dataIndex: 'score', width: 160,
                    render: (v: number | null) => (v === null ? '—' : <Progress percent={v} size="small" format={() => v.toFixed(1)} data-testid="kpi-score" />),
                  },
                  {
                    title: t('stats.kpi.parts'), key: 'parts',
                    render: (_, a) => (
                      <Space size={4} wrap>
                        {a.parts.map((p) => (
                          <Tooltip
                            key={p.metric}
                            title={`${t('stats.kpi.actual')} ${metrics.format(p.metric, p.actual)} / ${t('stats.kpi.target')} ${metrics.format(p.metric, p.target)} · ${t('stats.kpi.weight')} ${p.weight}`}
                          >
                            <span style={{ whiteSpace: 'nowrap' }}>
                              {metrics.name(p.metric)} <Progress type="circle" size={22} percent={Math.round(p.achievement * 100)} />
                            </span>
                          </Tooltip>
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <TargetsForm month={month} metrics={metrics} canSet={canSet} />
            <AttributionCard canSet={canSet} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
