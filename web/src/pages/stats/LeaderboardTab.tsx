import { TrophyFilled } from '@ant-design/icons';
import { Alert, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useLeaderboard, type MetricKey, type Range, type Ranking } from '../../api/stats';
import { useErrorText } from '../../components/useShowError';
import { DefinedLabel, metricText, type Metrics } from './format';

const MEDALS = ['#faad14', '#bfbfbf', '#d48806'];

/** 排行榜: every account of the shop sees the agents ranked by one figure (lower first for times and 退款率). */
export function LeaderboardTab({ range, metrics }: { range: Range; metrics: Metrics }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { data: me } = useMe();
  const [metric, setMetric] = useState<MetricKey>('sales');
  const board = useLeaderboard(range, metric);
  const m = metrics.get(metric);
  // A medal for the top three who did something: nothing sold is no podium.
  const medal = (r: Ranking) => r.rank <= 3 && r.value !== null && (m?.better === 'lower' || r.value > 0);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        {t('stats.leaderboard.metric')}
        <Select<MetricKey>
          style={{ width: 180 }} value={metric} onChange={setMetric} data-testid="leaderboard-metric"
          options={metrics.list.map((x) => ({ value: x.key, label: metrics.name(x.key) }))}
        />
        {m && <DefinedLabel name="" definition={metricText(m, metrics.lang).definition} />}
      </Space>
      {board.isError && <Alert type="error" title={errorText(board.error)} />}
      <Table<Ranking>
        size="small" rowKey="agent_id" loading={board.isFetching} dataSource={board.data ?? []} pagination={false}
        data-testid="leaderboard"
        rowClassName={(r) => (r.agent_id === me?.account.id ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('stats.leaderboard.rank'), dataIndex: 'rank', width: 80,
            render: (rank: number, r) => (medal(r) ? <Space><TrophyFilled style={{ color: MEDALS[rank - 1] }} />{rank}</Space> : rank),
          },
          { title: t('stats.agent'), dataIndex: 'name' },
          { title: t('stats.login'), dataIndex: 'login' },
          { title: metrics.label(metric), dataIndex: 'value', align: 'right', render: (v: number | null) => metrics.format(metric, v) },
        ]}
      />
    </Space>
  );
}
