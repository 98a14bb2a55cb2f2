import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useSaveStatsSettings, useSaveTargets, useStatsSettings, useTargets, type KpiTarget, type Metric, type MetricKey, type StatsSettings,
} from '../../api/stats';
import { useShowError } from '../../components/useShowError';
import type { Metrics } from './format';

/** Targets are typed as people think of them: yuan for money, percent for rates; stored in fen and fractions. */
const toInput = (unit: Metric['unit'] | undefined, v: number) => (unit === 'fen' ? v / 100 : unit === 'rate' ? Math.round(v * 10000) / 100 : v);
const fromInput = (unit: Metric['unit'] | undefined, v: number) => (unit === 'fen' ? Math.round(v * 100) : unit === 'rate' ? v / 100 : v);
const suffix = (unit: Metric['unit'] | undefined) => (unit === 'fen' ? '元' : unit === 'rate' ? '%' : unit === 'seconds' ? 's' : undefined);

type Row = { metric?: MetricKey; target?: number; weight?: number };

/** 考核目标: each figure once with its target and weight; saved with the version read, so two supervisors never overwrite. */
export function TargetsForm({ month, metrics, canSet }: { month: string; metrics: Metrics; canSet: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const targets = useTargets(month);
  const save = useSaveTargets();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const rows = Form.useWatch('rows', form) ?? [];

  useEffect(() => {
    if (!targets.data) return;
    form.setFieldsValue({
      rows: targets.data.targets.map((x) => ({ metric: x.metric, target: toInput(metrics.get(x.metric)?.unit, x.target), weight: x.weight })),
    });
  }, [targets.data, metrics.list.length]);

  async function submit(values: { rows: Row[] }) {
    const list: KpiTarget[] = values.rows.map((r) => ({ metric: r.metric!, target: fromInput(metrics.get(r.metric!)?.unit, r.target!), weight: r.weight! }));
    try {
      await save.mutateAsync({ month, targets: list, version: targets.data?.version ?? 0 });
      message.success(t('stats.kpi.saved'));
    } catch (err) {
      showError(err);
    }
  }

  return (
    <Card size="small" title={t('stats.kpi.targets')} loading={targets.isPending} data-testid="kpi-targets">
      {!canSet && <Alert type="info" showIcon title={t('stats.kpi.readOnly')} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph type="secondary">{t('stats.kpi.weightHint')}</Typography.Paragraph>
      <Form form={form} onFinish={submit} disabled={!canSet} initialValues={{ rows: [] }}>
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const metric = rows[field.name]?.metric;
                const m = metric ? metrics.get(metric) : undefined;
                return (
                  <Space key={field.key} align="baseline" wrap data-testid="kpi-target-row">
                    <Form.Item name={[field.name, 'metric']} rules={[{ required: true, message: t('stats.kpi.metricRequired') }]}>
                      <Select<MetricKey>
                        style={{ width: 160 }} placeholder={t('stats.kpi.metric')} data-testid={`kpi-metric-${field.name}`} showSearch={{ optionFilterProp: 'label' }}
                        options={metrics.list.map((x) => ({
                          value: x.key, label: metrics.name(x.key), disabled: rows.some((r, i) => i !== field.name && r?.metric === x.key),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'target']} rules={[{ required: true, message: t('stats.kpi.targetRequired') }]}>
                      <InputNumber min={0.01} max={m?.unit === 'rate' ? 100 : undefined} suffix={suffix(m?.unit)} placeholder={t('stats.kpi.target')} style={{ width: 150 }}
                        data-testid={`kpi-target-${field.name}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} rules={[{ required: true, message: t('stats.kpi.weightRequired') }]}>
                      <InputNumber min={1} max={100} precision={0} prefix={t('stats.kpi.weight')} style={{ width: 120 }} data-testid={`kpi-weight-${field.name}`} />
                    </Form.Item>
                    {m?.better === 'lower' && <Typography.Text type="secondary">{t('stats.kpi.lowerBetter')}</Typography.Text>}
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />
                  </Space>
                );
              })}
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => add({ weight: 10 })} data-testid="kpi-add" disabled={!canSet || rows.length >= metrics.list.length}>{t('stats.kpi.add')}</Button>
                <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!canSet || !rows.length} data-testid="kpi-save">
                  {t('stats.kpi.save')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

/** 询单归属: the window and the rule that credit trades to agents. */
export function AttributionCard({ canSet }: { canSet: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const settings = useStatsSettings();
  const save = useSaveStatsSettings();
  const [form] = Form.useForm<StatsSettings>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data]);

  return (
    <Card size="small" title={t('stats.kpi.settings')} loading={settings.isPending}>
      <Typography.Paragraph type="secondary">{t('stats.kpi.settingsHint')}</Typography.Paragraph>
      <Form
        form={form} layout="inline" disabled={!canSet}
        onFinish={async (v) => {
          try {
            await save.mutateAsync({ attribution_rule: v.attribution_rule, attribution_days: v.attribution_days, version: settings.data?.version });
            message.success(t('stats.kpi.settingsSaved'));
          } catch (err) {
            showError(err);
          }
        }}
      >
        <Form.Item name="attribution_rule" label={t('stats.kpi.rule')}>
          <Select style={{ width: 120 }} options={(['order_first', 'payment', 'order'] as const).map((r) => ({ value: r, label: t(`stats.kpi.rules.${r}`) }))} />
        </Form.Item>
        <Form.Item name="attribution_days" label={t('stats.kpi.days')}>
          <InputNumber min={2} max={15} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('stats.kpi.saveSettings')}</Button>
      </Form>
    </Card>
  );
}
