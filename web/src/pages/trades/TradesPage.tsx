import { Button, Card, Space, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TRADE_STATUSES, type TradeStatus } from '../../api/shared';
import { useTradeCounts, useTrades, type TradeQuery } from '../../api/trades';
import { dayjs, dayRange } from '../../lib/time';
import { TradeDetailDrawer } from './TradeDetailDrawer';
import { TradeSearchForm, type TradeFilters } from './TradeSearchForm';
import { TradeTable } from './TradeTable';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['buyer_nick', 'tid', 'flag', 'start', 'end'] as const;

/** 已卖出的宝贝: the shop's trades by status, searched and filtered; the URL keeps the view so it survives a reload. */
export default function TradesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const counts = useTradeCounts();
  const status = (params.get('status') ?? '') as TradeStatus | '';
  const page = Number(params.get('page') ?? 1);
  const openTid = params.get('open') ? Number(params.get('open')) : undefined;

  const filters: TradeFilters = {
    buyer_nick: params.get('buyer_nick') ?? undefined,
    tid: params.get('tid') ?? undefined,
    flag: params.get('flag') ? Number(params.get('flag')) : undefined,
    range: params.get('start') && params.get('end') ? [dayjs(params.get('start')), dayjs(params.get('end'))] : undefined,
  };

  const query = useMemo<TradeQuery>(() => {
    const q: TradeQuery = { page_no: page, page_size: PAGE_SIZE };
    if (status) q.status = status;
    if (filters.buyer_nick) q.buyer_nick = filters.buyer_nick;
    if (filters.tid && /^\d+$/.test(filters.tid)) q.tid = Number(filters.tid);
    if (filters.flag !== undefined) q.flag = filters.flag;
    if (filters.range) Object.assign(q, dayRange(filters.range[0], filters.range[1]));
    return q;
    // The URL is the state: the query is rebuilt whenever it changes.
  }, [params.toString()]);
  const trades = useTrades(query);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === undefined || v === '') next.delete(k); else next.set(k, v);
    setParams(next);
  }

  function search(f: TradeFilters) {
    const changes: Record<string, string | undefined> = Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]));
    changes.buyer_nick = f.buyer_nick?.trim() || undefined;
    changes.tid = f.tid?.trim() || undefined;
    changes.flag = f.flag === undefined ? undefined : String(f.flag);
    changes.start = f.range?.[0].format('YYYY-MM-DD');
    changes.end = f.range?.[1].format('YYYY-MM-DD');
    update({ ...changes, page: undefined });
  }

  const all = Object.values(counts.data ?? {}).reduce((a, b) => a + (b ?? 0), 0);
  const tabs = [
    { key: '', label: `${t('trades.all')} (${all})` },
    ...TRADE_STATUSES.map((s) => ({ key: s, label: `${t(`status.${s}`)} (${counts.data?.[s] ?? 0})` })),
  ];

  return (
    <Card size="small" title={t('trades.title')} data-testid="trades-page">
      <TradeSearchForm value={filters} onSearch={search} />
      <Tabs activeKey={status} items={tabs} onChange={(key) => update({ status: key || undefined, page: undefined })} size="small" />
      <TradeTable trades={trades.data?.trades ?? []} loading={trades.isFetching} onOpen={(tid) => update({ open: String(tid) })} />
      <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
        <Typography.Text type="secondary">{t('common.page', { page })}</Typography.Text>
        <Button disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>{t('common.prev')}</Button>
        <Button disabled={!trades.data?.has_next} onClick={() => update({ page: String(page + 1) })}>{t('common.next')}</Button>
      </Space>
      <TradeDetailDrawer tid={openTid} onClose={() => update({ open: undefined })} />
    </Card>
  );
}
