import { Button, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatYuan } from '../../lib/money';
import { dayjs, dayRange, formatTime } from '../../lib/time';
import { SORTS, useCustomerList, type Customer, type CustomerQuery, type CustomerSort } from './api';
import { CustomerProfileDrawer } from './CustomerProfileDrawer';
import { CustomerSearchForm, type CustomerFilters } from './CustomerSearchForm';
import { yuanToFen } from './fen';
import { TagChip } from './parts';

const PAGE_SIZES = [20, 40, 100];
const FILTER_KEYS = ['nick', 'tags', 'match', 'level', 'from', 'to', 'min', 'max', 'item', 'opt_out', 'sort'] as const;

/** The shop's customers, filtered and sorted as the URL says, so a view survives a reload and can be shared. */
export function CustomerListTab() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : 40;
  const openNick = params.get('open') ?? undefined;
  const sortParam = params.get('sort') as CustomerSort | null;

  const filters: CustomerFilters = {
    nick: params.get('nick') ?? undefined,
    tag_ids: params.get('tags')?.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
    tag_match: params.get('match') === 'all' ? 'all' : 'any',
    level: params.get('level') ?? undefined,
    range: params.get('from') && params.get('to') ? [dayjs(params.get('from')), dayjs(params.get('to'))] : undefined,
    min: params.get('min') ?? undefined,
    max: params.get('max') ?? undefined,
    num_iid: params.get('item') ? Number(params.get('item')) : undefined,
    opt_out: params.get('opt_out') === 'true' ? 'true' : params.get('opt_out') === 'false' ? 'false' : undefined,
    sort: sortParam && SORTS.includes(sortParam) ? sortParam : undefined,
  };

  const query = useMemo<CustomerQuery>(() => {
    const q: CustomerQuery = { page_no: page, page_size: size };
    if (filters.sort) q.sort = filters.sort;
    if (filters.nick) q.nick = filters.nick;
    if (filters.tag_ids?.length) {
      q.tag_ids = filters.tag_ids.join(',');
      q.tag_match = filters.tag_match;
    }
    if (filters.level) q.level = filters.level;
    if (filters.range) {
      const r = dayRange(filters.range[0], filters.range[1]);
      q.last_purchase_from = r.start_created;
      q.last_purchase_to = r.end_created;
    }
    const min = yuanToFen(filters.min);
    const max = yuanToFen(filters.max);
    if (min !== undefined && !Number.isNaN(min)) q.min_spend = min;
    if (max !== undefined && !Number.isNaN(max)) q.max_spend = max;
    if (filters.num_iid) q.num_iid = filters.num_iid;
    if (filters.opt_out) q.opt_out = filters.opt_out;
    return q;
    // The URL is the state: the query is rebuilt whenever it changes.
  }, [params.toString()]);
  const list = useCustomerList(query);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === undefined || v === '') next.delete(k); else next.set(k, v);
    setParams(next);
  }

  function search(f: CustomerFilters) {
    const changes: Record<string, string | undefined> = Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]));
    changes.nick = f.nick?.trim() || undefined;
    changes.tags = f.tag_ids?.length ? f.tag_ids.join(',') : undefined;
    changes.match = f.tag_ids?.length && f.tag_match === 'all' ? 'all' : undefined;
    changes.level = f.level;
    changes.from = f.range?.[0].format('YYYY-MM-DD');
    changes.to = f.range?.[1].format('YYYY-MM-DD');
    changes.min = f.min ?? undefined;
    changes.max = f.max ?? undefined;
    changes.item = f.num_iid ? String(f.num_iid) : undefined;
    changes.opt_out = f.opt_out;
    changes.sort = f.sort;
    update({ ...changes, page: undefined });
  }

  const total = list.data?.total ?? 0;
  const totalText = list.data?.total_capped ? `${total.toLocaleString(i18n.language)}+` : total.toLocaleString(i18n.language);

  const columns: ColumnsType<Customer> = [
    {
      title: t('customers.list.nick'), dataIndex: 'nick', width: 160, fixed: 'left',
      render: (nick: string) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => update({ open: nick })} data-testid={`open-customer-${nick}`}>
          {nick}
        </Button>
      ),
    },
    {
      title: t('customers.list.level'), dataIndex: 'level', width: 100,
      render: (level: string | null) => (level ? <Tag color="gold">{level}</Tag> : <Typography.Text type="secondary">{t('customers.list.noLevel')}</Typography.Text>),
    },
    { title: t('customers.list.tags'), dataIndex: 'tags', render: (_, c) => c.tags.map((tag) => <TagChip key={tag.id} tag={tag} />) },
    { title: t('customers.list.purchases'), key: 'purchases', width: 90, align: 'right', render: (_, c) => `${c.paid_trade_count}/${c.trade_count}` },
    { title: t('customers.list.spend'), dataIndex: 'total_spend', width: 120, align: 'right', render: (v: number) => <Typography.Text strong>{formatYuan(v)}</Typography.Text> },
    { title: t('customers.list.lastPurchase'), dataIndex: 'last_purchase_at', width: 160, render: (v: string | null) => formatTime(v) },
    { title: t('customers.list.origin'), dataIndex: 'origin', width: 90, render: (v: string) => t(`customers.origin.${v}`) },
    {
      title: t('customers.list.optOut'), dataIndex: 'opt_out', width: 90,
      render: (v: boolean) => (v ? <Tag color="default">{t('customers.profile.optedOut')}</Tag> : null),
    },
    {
      title: t('common.actions'), key: 'actions', width: 70, fixed: 'right',
      render: (_, c) => <Button type="link" size="small" onClick={() => update({ open: c.nick })}>{t('customers.list.detail')}</Button>,
    },
  ];

  return (
    <div data-testid="customer-list">
      <CustomerSearchForm value={filters} onSearch={search} />
      <Table<Customer>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.customers ?? []}
        loading={list.isFetching}
        scroll={{ x: 1100 }}
        onRow={(c) => ({ 'data-nick': c.nick }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: size,
          total,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          size: 'small',
          showTotal: () => <span data-testid="customer-total">{t('customers.list.total', { total: totalText })}</span>,
          onChange: (p, s) => update({ page: p === 1 ? undefined : String(p), size: s === 40 ? undefined : String(s) }),
        }}
      />
      <CustomerProfileDrawer nick={openNick} onClose={() => update({ open: undefined })} />
    </div>
  );
}
