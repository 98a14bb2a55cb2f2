import { Alert, Card, Col, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { DEFAULT_TZ, dayjs } from '../../lib/time';
import { useStats, type Stats, type StatsPeriod } from './api';
import { formatRate } from './parts';

const FORMATS: Record<StatsPeriod, string> = { day: 'YYYY-MM-DD', week: 'YYYY-MM-DD', month: 'YYYY-MM' };

/** 复购率: all time, over the last year, and per month (or week, or day) in the shop's calendar. */
export function StatsCard() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const errorText = useErrorText();
  const tz = me?.shop.timezone || DEFAULT_TZ;
  const [period, setPeriod] = useState<StatsPeriod>('month');
  const stats = useStats(period);
  const s = stats.data;
  type Row = Stats['periods'][number];

  return (
    <Card
      size="small"
      title={t('customers.stats.title')}
      extra={
        <Segmented<StatsPeriod>
          size="small"
          value={period}
          onChange={setPeriod}
          options={(['month', 'week', 'day'] as const).map((p) => ({ value: p, label: t(`customers.stats.periods.${p}`) }))}
        />
      }
      loading={stats.isPending}
      data-testid="customer-stats"
    >
      {stats.isError && <Alert type="error" title={errorText(stats.error)} />}
      {s && (
        <>
          <Typography.Text type="secondary">{t('customers.stats.allTime')}</Typography.Text>
          <Row gutter={16} style={{ margin: '4px 0 8px' }}>
            <Col span={5}><Statistic title={t('customers.stats.rate')} value={formatRate(s.all_time.repurchase_rate)} data-testid="stats-rate" /></Col>
            <Col span={5}><Statistic title={t('customers.stats.customers')} value={s.all_time.customers} /></Col>
            <Col span={5}><Statistic title={t('customers.stats.buyers')} value={s.all_time.buyers} /></Col>
            <Col span={4}><Statistic title={t('customers.stats.repeatBuyers')} value={s.all_time.repeat_buyers} /></Col>
            <Col span={5}><Statistic title={t('customers.stats.spend')} value={formatYuan(s.all_time.total_spend)} /></Col>
          </Row>
          <Typography.Paragraph>
            {t('customers.stats.range', { buyers: s.range.buyers, repeat: s.range.repeat_buyers, rate: formatRate(s.range.repurchase_rate) })}
          </Typography.Paragraph>
          <Table<Row>
            size="small"
            rowKey="start"
            dataSource={[...s.periods].reverse()}
            pagination={{ pageSize: 12, size: 'small', hideOnSinglePage: true }}
            locale={{ emptyText: t('customers.stats.none') }}
            columns={[
              { title: t(`customers.stats.start.${s.period}`), dataIndex: 'start', render: (v: string) => dayjs(v).tz(tz).format(FORMATS[s.period]) },
              { title: t('customers.stats.buyers'), dataIndex: 'buyers', align: 'right' },
              { title: t('customers.stats.repeatBuyers'), dataIndex: 'repeat_buyers', align: 'right' },
              { title: t('customers.stats.rate'), dataIndex: 'repurchase_rate', align: 'right', render: (v: number | null) => formatRate(v) },
              { title: t('customers.stats.spend'), dataIndex: 'total_spend', align: 'right', render: (v: number) => formatYuan(v) },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('customers.stats.hint')}</Typography.Text>
        </>
      )}
    </Card>
  );
}
