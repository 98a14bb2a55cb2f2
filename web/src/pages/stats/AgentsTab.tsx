import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { agentsCsvUrl, useTeamReport, type AgentLine, type DrillFigure, type Figures, type MetricKey, type Range } from '../../api/stats';
import { useErrorText } from '../../components/useShowError';
import { AgentCharts } from './AgentCharts';
import { DrillNumber, type Metrics } from './format';

export type OnDrill = (figure: DrillFigure, agentId?: number, range?: Range) => void;

/** The figures first shown as cards: the path from a buyer writing to a buyer paying, and what it brought. */
const HEADLINE: MetricKey[] = [
  'consulted', 'received', 'inquired', 'ordered_buyers', 'paid_buyers', 'conversion_rate', 'sales', 'refund_rate',
  'avg_order_value', 'items_per_buyer', 'first_response_s', 'avg_response_s', 'reply_rate', 'answer_ratio', 'satisfaction',
];

/** 客服绩效: the team's (or one's own) figures, each agent's line, the charts; every number opens what is behind it. */
export function AgentsTab({ range, team, canExport, metrics, onDrill }: {
  range: Range; team: boolean; canExport: boolean; metrics: Metrics; onDrill: OnDrill;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const report = useTeamReport(range);
  const r = report.data;
  const own = r && !r.team ? r.agents[0] : undefined;
  const headline: Figures | undefined = r?.team?.figures ?? own?.figures;
  const keys = metrics.list.map((m) => m.key);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {report.isError && <Alert type="error" title={errorText(report.error)} />}
      <Card
        size="small"
        title={team ? t('stats.team') : t('stats.mine')}
        loading={report.isPending}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('stats.clickHint')}</Typography.Text>
            {canExport && (
              <Button size="small" icon={<DownloadOutlined />} href={agentsCsvUrl(range)} data-testid="stats-export">{t('stats.export')}</Button>
            )}
          </Space>
        }
        data-testid="stats-headline"
      >
        <Row gutter={[16, 12]}>
          {HEADLINE.map((key) => (
            <Col key={key} xs={12} md={6} xl={4}>
              <Statistic
                title={metrics.label(key)}
                valueRender={() => (
                  <DrillNumber testId={`figure-${key}`} onClick={() => onDrill(key, own?.agent_id)}>
                    {metrics.format(key, headline?.[key])}
                  </DrillNumber>
                )}
              />
            </Col>
          ))}
        </Row>
      </Card>
      {team && (
        <Table<AgentLine>
          size="small"
          rowKey="agent_id"
          loading={report.isFetching}
          dataSource={r?.agents ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(a) => ({ 'data-testid': `agent-row-${a.agent_id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('stats.agent'), dataIndex: 'name', fixed: 'left',
              render: (name: string, a) => <span title={a.login}>{name}</span>,
            },
            ...keys.map((key) => ({
              key, title: metrics.label(key), align: 'right' as const,
              sorter: (a: AgentLine, b: AgentLine) => (a.figures[key] ?? -Infinity) - (b.figures[key] ?? -Infinity),
              render: (_: unknown, a: AgentLine) => (
                <DrillNumber testId={`cell-${a.agent_id}-${key}`} onClick={() => onDrill(key, a.agent_id)}>
                  {metrics.format(key, a.figures[key])}
                </DrillNumber>
              ),
            })),
          ]}
          summary={() => r?.team && (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="team-row">
                <Table.Summary.Cell index={0}><Typography.Text strong>{t('stats.total')}</Typography.Text></Table.Summary.Cell>
                {keys.map((key, i) => (
                  <Table.Summary.Cell key={key} index={i + 1} align="right">
                    <DrillNumber testId={`cell-team-${key}`} onClick={() => onDrill(key)}>{metrics.format(key, r.team!.figures[key])}</DrillNumber>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      )}
      <AgentCharts range={range} report={r} team={team} ownId={own?.agent_id} metrics={metrics} onDrill={onDrill} />
    </Space>
  );
}
