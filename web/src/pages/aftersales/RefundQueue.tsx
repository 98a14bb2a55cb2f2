import { Alert, Button, Form, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import {
  DISPUTE_TYPES, REFUND_STATUSES, useRefundCounts, useRefunds, type DisputeType, type Refund, type RefundQuery, type RefundStatus,
} from '../../api/aftersales';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';
import { RefundActions } from './RefundActions';
import { RefundDetailDrawer } from './RefundDetailDrawer';
import { DisputeTypeTag, RefundStatusTag, useTimeLeft } from './RefundStatusTag';

const PAGE_SIZE = 20;

/** 退款管理: the shop's refunds, the nearest deadline first; the URL keeps the view so it survives a reload. */
export function RefundQueue() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const errorText = useErrorText();
  const timeLeft = useTimeLeft();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{ dispute_type?: DisputeType; tid?: string }>();
  // The warehouse works the returned parcels; after-sales everything, by deadline.
  const warehouseOnly = hasPermission(me, 'refund.goods') && !hasPermission(me, 'refund.approve');
  const status = (params.get('status') ?? (warehouseOnly ? 'WAIT_SELLER_CONFIRM_GOODS' : '')) as RefundStatus | '';
  const page = Number(params.get('page') ?? 1);
  const openId = params.get('open') ? Number(params.get('open')) : undefined;
  const type = (params.get('type') ?? undefined) as DisputeType | undefined;
  const tid = params.get('tid') ?? undefined;
  useEffect(() => form.setFieldsValue({ dispute_type: type, tid }), [type, tid]);

  const query = useMemo<RefundQuery>(() => ({
    page_no: page, page_size: PAGE_SIZE, status: status || undefined, dispute_type: type, tid: tid ? Number(tid) : undefined,
  }), [params.toString(), status]);
  const refunds = useRefunds(query);
  const counts = useRefundCounts();

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === undefined) next.delete(k); else next.set(k, v);
    setParams(next);
  }

  const all = Object.values(counts.data ?? {}).reduce((a, b) => a + (b ?? 0), 0);
  const tabs = [
    { key: '', label: `${t('aftersales.all')} (${all})` },
    ...REFUND_STATUSES.map((s) => ({ key: s, label: <span data-testid={`refund-tab-${s}`}>{`${t(`aftersales.status.${s}`)} (${counts.data?.[s] ?? 0})`}</span> })),
  ];
  const now = Date.now();
  const columns: ColumnsType<Refund> = [
    { title: t('aftersales.list.deadline'), dataIndex: 'timeout', width: 150, render: (_, r) => {
      const left = timeLeft(r.timeout, now);
      return (
        <Space orientation="vertical" size={0}>
          <Typography.Text type={left.overdue ? 'danger' : left.urgent ? 'warning' : undefined} strong={left.urgent}>{left.text}</Typography.Text>
          {r.timeout && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(r.timeout)}</Typography.Text>}
        </Space>
      );
    } },
    { title: t('aftersales.list.id'), dataIndex: 'refund_id', width: 140 },
    { title: t('aftersales.tid'), dataIndex: 'tid', width: 150 },
    { title: t('aftersales.list.buyer'), dataIndex: 'buyer_nick', width: 110 },
    { title: t('aftersales.list.item'), key: 'item', width: 220, render: (_, r) => (
      <span>{r.title} <Typography.Text type="secondary" style={{ fontSize: 12 }}>[{skuLabel(r.sku_properties_name)}] ×{r.num}</Typography.Text></span>
    ) },
    { title: t('aftersales.typeLabel'), dataIndex: 'dispute_type', width: 100, render: (_, r) => <DisputeTypeTag type={r.dispute_type} /> },
    { title: t('aftersales.list.fee'), dataIndex: 'refund_fee', width: 90, align: 'right', render: (v: number) => formatYuan(v) },
    { title: t('aftersales.list.status'), dataIndex: 'status', width: 220, render: (_, r) => <RefundStatusTag refund={r} /> },
    { title: t('aftersales.list.created'), dataIndex: 'created', width: 150, render: (v: string) => formatTime(v) },
    {
      title: t('common.actions'), key: 'actions', width: 240, fixed: 'right',
      render: (_, r) => (
        <Space size={4} wrap>
          <RefundActions refund={r} size="small" />
          <Button type="link" size="small" onClick={() => update({ open: String(r.refund_id) })} data-testid={`open-refund-${r.refund_id}`}>
            {t('aftersales.list.detail')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="refund-queue">
      {warehouseOnly && <Typography.Paragraph type="secondary">{t('aftersales.list.warehouseHint')}</Typography.Paragraph>}
      <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 8 }}
        onFinish={(v) => update({ type: v.dispute_type, tid: v.tid?.trim() || undefined, page: undefined })}>
        <Form.Item name="dispute_type" label={t('aftersales.typeLabel')}>
          <Select allowClear style={{ width: 140 }} placeholder={t('aftersales.anyType')}
            options={DISPUTE_TYPES.map((d) => ({ value: d, label: t(`aftersales.type.${d}`) }))} />
        </Form.Item>
        <Form.Item name="tid" label={t('aftersales.tid')} rules={[{ pattern: /^\d*$/, message: t('aftersales.tidDigits') }]}>
          <Input allowClear style={{ width: 170 }} data-testid="refund-search-tid" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="refund-search">{t('common.search')}</Button>
            <Button onClick={() => update({ type: undefined, tid: undefined, page: undefined })}>{t('common.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      <Tabs activeKey={status} items={tabs} size="small" onChange={(key) => update({ status: key, page: undefined })} />
      {refunds.isError && <Alert type="error" title={errorText(refunds.error)} />}
      <Table<Refund>
        rowKey="refund_id"
        size="small"
        columns={columns}
        dataSource={refunds.data?.refunds ?? []}
        loading={refunds.isFetching}
        pagination={false}
        scroll={{ x: 1500 }}
        locale={{ emptyText: t('aftersales.list.empty') }}
        onRow={(r) => ({ 'data-refund-id': r.refund_id, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
      />
      <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
        <Typography.Text type="secondary">{t('common.page', { page })}</Typography.Text>
        <Button disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>{t('common.prev')}</Button>
        <Button disabled={!refunds.data?.has_next} onClick={() => update({ page: String(page + 1) })}>{t('common.next')}</Button>
      </Space>
      <RefundDetailDrawer id={openId} onClose={() => update({ open: undefined })} />
    </div>
  );
}
