import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPermission, useMe } from '../../api/auth';
import { useBroadcasts, type Broadcast } from '../../api/broadcasts';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { BroadcastDetailDrawer } from './BroadcastDetailDrawer';
import { BroadcastFormModal } from './BroadcastFormModal';
import { BroadcastProgress, BroadcastStatusTag } from './BroadcastStatus';

/** 群发: the shop's broadcasts with their live progress; start one to a saved segment, watch it, cancel it. */
export default function BroadcastsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const allowed = hasPermission(me, 'broadcast.send');
  const list = useBroadcasts(allowed);
  const errorText = useErrorText();
  const openId = params.get('open') ? Number(params.get('open')) : undefined;

  function open(id: number | undefined) {
    const next = new URLSearchParams(params);
    if (id === undefined) next.delete('open'); else next.set('open', String(id));
    setParams(next);
  }

  if (!allowed) return <Result status="403" subTitle={t('broadcasts.noPermission')} />;

  const columns: ColumnsType<Broadcast> = [
    { title: t('broadcasts.id'), dataIndex: 'id', width: 70 },
    { title: t('broadcasts.segment'), dataIndex: 'segment_name', width: 150, ellipsis: true },
    { title: t('broadcasts.text'), dataIndex: 'text', ellipsis: true },
    { title: t('broadcasts.status'), dataIndex: 'status', width: 90, render: (_, b) => <BroadcastStatusTag status={b.status} /> },
    { title: t('broadcasts.progress'), key: 'progress', width: 230, render: (_, b) => <BroadcastProgress b={b} testId={`broadcast-progress-${b.id}`} /> },
    { title: t('broadcasts.createdBy'), dataIndex: 'created_by', width: 120, ellipsis: true },
    { title: t('broadcasts.createdAt'), dataIndex: 'created_at', width: 160, render: (v: string) => formatTime(v) },
    {
      title: t('common.actions'), key: 'actions', width: 70, fixed: 'right',
      render: (_, b) => <Button type="link" size="small" onClick={() => open(b.id)} data-testid={`open-broadcast-${b.id}`}>{t('broadcasts.detail')}</Button>,
    },
  ];
  const rows = list.data?.pages.flatMap((p) => p.broadcasts) ?? [];

  return (
    <Card
      size="small"
      title={t('broadcasts.title')}
      data-testid="broadcasts-page"
      extra={<Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="broadcast-new">{t('broadcasts.new')}</Button>}
    >
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 8 }} />}
      <Table<Broadcast>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('broadcasts.empty') }}
        onRow={(b) => ({ 'data-broadcast-id': b.id }) as HTMLAttributes<HTMLElement>}
      />
      {list.hasNextPage && (
        <Space style={{ marginTop: 8, width: '100%', justifyContent: 'center' }}>
          <Button size="small" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('broadcasts.more')}</Button>
        </Space>
      )}
      <BroadcastFormModal open={creating} onClose={() => setCreating(false)} onStarted={(id) => { setCreating(false); open(id); }} />
      <BroadcastDetailDrawer id={openId} onClose={() => open(undefined)} />
    </Card>
  );
}

