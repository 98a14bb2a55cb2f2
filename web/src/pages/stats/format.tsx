import { QuestionCircleOutlined } from '@ant-design/icons';
import { Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Definitions, Metric, MetricKey } from '../../api/stats';
import { formatYuan } from '../../lib/money';

/** Figures as people read them: money in yuan, rates in percent, times in seconds; no figure is “—”. */
export function formatFigure(unit: Metric['unit'] | undefined, value: number | null | undefined, lang: string) {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'fen':
      return formatYuan(value);
    case 'rate':
      return `${(value * 100).toFixed(2)}%`;
    case 'seconds':
      return lang.startsWith('en') ? `${value.toFixed(1)} s` : `${value.toFixed(1)} 秒`;
    case 'ratio':
    case 'items':
      return value.toFixed(2);
    default:
      return String(value);
  }
}

export const isEnglish = (lang: string) => lang.startsWith('en');

/** The server's words for a metric in the reader's language. */
export function metricText(m: Pick<Metric, 'name' | 'name_en' | 'definition' | 'definition_en'>, lang: string) {
  return isEnglish(lang) ? { name: m.name_en, definition: m.definition_en } : { name: m.name, definition: m.definition };
}

/** A figure's name with its exact definition one hover away (the server's own wording). */
export function DefinedLabel({ name, definition, testId }: { name: ReactNode; definition: string; testId?: string }) {
  return (
    <Space size={4} data-testid={testId}>
      <span>{name}</span>
      <Tooltip title={definition}>
        <QuestionCircleOutlined style={{ color: '#999', cursor: 'help' }} aria-label={definition} data-testid={testId && `${testId}-help`} />
      </Tooltip>
    </Space>
  );
}

/** Everything a page needs to name and format the server's metrics. */
export function useMetrics(defs: Definitions | undefined) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const byKey = new Map((defs?.metrics ?? []).map((m) => [m.key, m]));
  return {
    lang,
    list: defs?.metrics ?? [],
    /** 静默销售额, which is the shop's, not an agent's. */
    silent: defs ? metricText(defs.silent_sales, lang) : undefined,
    get: (key: MetricKey) => byKey.get(key),
    name: (key: MetricKey) => {
      const m = byKey.get(key);
      return m ? metricText(m, lang).name : key;
    },
    format: (key: MetricKey, value: number | null | undefined) => formatFigure(byKey.get(key)?.unit, value, lang),
    label: (key: MetricKey) => {
      const m = byKey.get(key);
      if (!m) return key;
      const text = metricText(m, lang);
      return <DefinedLabel name={text.name} definition={text.definition} testId={`metric-label-${key}`} />;
    },
  };
}
export type Metrics = ReturnType<typeof useMetrics>;

/** A number that opens the rows behind it. */
export function DrillNumber({ children, onClick, testId }: { children: ReactNode; onClick?: () => void; testId?: string }) {
  if (!onClick) return <span data-testid={testId}>{children}</span>;
  return (
    <Typography.Link onClick={onClick} data-testid={testId}>
      {children}
    </Typography.Link>
  );
}
