import { Alert, Card, Col, Row, Space, Statistic, Table } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProducts, useShopReport, type DrillFigure, type ProductLine, type Range, type ShopDay, type ShopReport } from '../../api/stats';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import type { OnDrill } from './AgentsTab';
import { Chart, type ChartOption } from './Chart';
import { DefinedLabel, DrillNumber, formatFigure, type Metrics } from './format';

type Totals = ShopReport['totals'];
type Unit = 'fen' | 'rate' | 'buyers';

/** The shop's totals: each with its definition, and the trades behind it where there are. */
const TOTALS: { key: keyof Totals; label: string; unit: Unit; drill?: DrillFigure }[] = [
  { key: 'sales', label: 'sales', unit: 'fen', drill: 'shop_paid' },
  { key: 'agent_sales', label: 'agentSales', unit: 'fen', drill: 'sales' },
  { key: 'silent_sales', label: 'silentSales', unit: 'fen', drill: 'silent_sales' },
  { key: 'trades', label: 'trades', unit: 'buyers', drill: 'shop_trades' },
  { key: 'paid_trades', label: 'paidTrades', unit: 'buyers', drill: 'shop_paid' },
  { key: 'ordered_buyers', label: 'orderedBuyers', unit: 'buyers', drill: 'shop_trades' },
  { key: 'paid_buyers', label: 'paidBuyers', unit: 'buyers', drill: 'shop_paid' },
  { key: 'avg_order_value', label: 'avgOrderValue', unit: 'fen' },
  { key: 'items', label: 'items', unit: 'buyers' },
  { key: 'refunded_trades', label: 'refunded', unit: 'buyers', drill: 'shop_refunds' },
  { key: 'refund_fee', label: 'refundFee', unit: 'fen', drill: 'shop_refunds' },
  { key: 'refund_rate', label: 'refundRate', unit: 'rate', drill: 'shop_refunds' },
];

/** 销售统计: sales, trades and buyers over the range, per day and per product. */
export function ShopTab({ range, metrics, onDrill }: { range: Range; metrics: Metrics; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const shop = useShopReport(range);
  const products = useProducts(range);
  const s = shop.data;
  const label = (key: string): ReactNode => {
    if (key === 'silentSales' && metrics.silent) return <DefinedLabel name={metrics.silent.name} definition={metrics.silent.definition} />;
    return <DefinedLabel name={t(`stats.shop.${key}`)} definition={t(`stats.shop.defs.${key}`)} testId={`shop-label-${key}`} />;
  };

  const chart = useMemo<ChartOption>(() => ({
    color: ['#ff5000', '#faad14', '#1677ff'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 48, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: (s?.days ?? []).map((d) => d.day.slice(5)) },
    yAxis: [{ type: 'value', name: '¥' }, { type: 'value', minInterval: 1, splitLine: { show: false } }],
    series: [
      { name: t('stats.shop.agentSales'), type: 'bar', stack: 'sales', data: (s?.days ?? []).map((d) => d.agent_sales / 100) },
      { name: metrics.silent?.name ?? t('stats.shop.silentSales'), type: 'bar', stack: 'sales', data: (s?.days ?? []).map((d) => d.silent_sales / 100) },
      { name: t('stats.shop.paidTrades'), type: 'line', yAxisIndex: 1, data: (s?.days ?? []).map((d) => d.paid_trades) },
    ],
  }), [s, metrics.silent, t]);

  const dayDrill = (figure: DrillFigure, day: string) => onDrill(figure, undefined, { from: day, to: day });
  const cell = (figure: DrillFigure, testId: string) => (v: number, d: ShopDay, money = false) =>
    v ? <DrillNumber testId={testId} onClick={() => dayDrill(figure, d.day)}>{money ? formatYuan(v) : v}</DrillNumber> : money ? formatYuan(v) : v;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {shop.isError && <Alert type="error" title={errorText(shop.error)} />}
      <Card size="small" title={t('stats.shop.totals')} loading={shop.isPending} data-testid="shop-totals">
        <Row gutter={[16, 12]}>
          {TOTALS.map((x) => (
            <Col key={x.key} xs={12} md={6} xl={4}>
              <Statistic
                title={label(x.label)}
                valueRender={() => (
                  <DrillNumber testId={`shop-${x.key}`} onClick={x.drill && s?.totals[x.key] ? () => onDrill(x.drill!) : undefined}>
                    {formatFigure(x.unit, s?.totals[x.key] ?? null, metrics.lang)}
                  </DrillNumber>
                )}
              />
            </Col>
          ))}
        </Row>
      </Card>
      <Card size="small" title={t('stats.shop.byDay')} data-testid="chart-shop">
        <Chart option={chart} onPick={(p) => s?.days[p.dataIndex] && dayDrill(p.seriesIndex === 1 ? 'silent_sales' : 'shop_paid', s.days[p.dataIndex].day)} />
        <Table<ShopDay>
          size="small" rowKey="day" dataSource={[...(s?.days ?? [])].reverse()} pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          columns={[
            { title: t('stats.shop.day'), dataIndex: 'day' },
            { title: t('stats.shop.trades'), dataIndex: 'trades', align: 'right', render: (v: number, d) => cell('shop_trades', `day-trades-${d.day}`)(v, d) },
            { title: t('stats.shop.paidTrades'), dataIndex: 'paid_trades', align: 'right', render: (v: number, d) => cell('shop_paid', `day-paid-${d.day}`)(v, d) },
            { title: t('stats.shop.paidBuyers'), dataIndex: 'paid_buyers', align: 'right' },
            { title: t('stats.shop.sales'), dataIndex: 'sales', align: 'right', render: (v: number, d) => cell('shop_paid', `day-sales-${d.day}`)(v, d, true) },
            { title: t('stats.shop.agentSales'), dataIndex: 'agent_sales', align: 'right', render: (v: number, d) => cell('sales', `day-agent-sales-${d.day}`)(v, d, true) },
            { title: metrics.silent?.name ?? t('stats.shop.silentSales'), dataIndex: 'silent_sales', align: 'right', render: (v: number, d) => cell('silent_sales', `day-silent-${d.day}`)(v, d, true) },
            { title: t('stats.shop.items'), dataIndex: 'items', align: 'right' },
            { title: t('stats.shop.refunded'), dataIndex: 'refunded_trades', align: 'right', render: (v: number, d) => cell('shop_refunds', `day-refunds-${d.day}`)(v, d) },
          ]}
        />
      </Card>
      <Card size="small" title={t('stats.shop.byProduct')} data-testid="shop-products">
        <Table<ProductLine>
          size="small" rowKey="num_iid" loading={products.isPending} dataSource={products.data ?? []}
          pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          columns={[
            { title: t('stats.shop.product'), dataIndex: 'title', render: (v: string | null, p) => v ?? p.num_iid },
            { title: t('stats.shop.numIid'), dataIndex: 'num_iid' },
            { title: t('stats.shop.paidTrades'), dataIndex: 'paid_trades', align: 'right' },
            { title: t('stats.shop.items'), dataIndex: 'items', align: 'right' },
            {
              title: <DefinedLabel name={t('stats.shop.sales')} definition={t('stats.shop.defs.productSales')} />,
              dataIndex: 'sales', align: 'right', render: (v: number) => formatYuan(v),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
