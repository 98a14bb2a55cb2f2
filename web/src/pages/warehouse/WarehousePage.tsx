import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useTrades } from '../../api/trades';
import type { Trade } from '../../api/types';
import { FlagMark } from '../../components/FlagMark';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { MemoButton } from '../trades/actions/MemoButton';
import { TradeDetailDrawer } from '../trades/TradeDetailDrawer';
import { ShipButton } from '../trades/actions/ShipButton';
import { OrderSummary } from '../trades/TradeTable';

const PAGE_SIZE = 100;
/** Red (courier, gift, consignee change) and purple (urgent EMS/SF) are addressed to the warehouse: read them first. */
const FOR_WAREHOUSE = new Set([1, 5]);

/** The shipping queue: paid trades, oldest payment first, with the flags addressed to the warehouse on top. */
export default function WarehousePage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [openTid, setOpenTid] = useState<number>();
  const trades = useTrades({ status: 'WAIT_SELLER_SEND_GOODS', sort: 'pay_time_asc', page_no: page, page_size: PAGE_SIZE });
  const rows = useMemo(() => {
    const list = trades.data?.trades ?? [];
    // Array.prototype.sort is stable: within each group the server's payment order stays.
    return [...list].sort((a, b) => Number(FOR_WAREHOUSE.has(b.flag ?? 0)) - Number(FOR_WAREHOUSE.has(a.flag ?? 0)));
  }, [trades.data]);

  const columns: ColumnsType<Trade> = [
    { title: t('trades.flag'), key: 'flag', width: 48, render: (_, r) => <FlagMark flag={r.flag} memo={r.memo} /> },
    { title: t('detail.payTime'), dataIndex: 'pay_time', width: 160, render: (v: string) => formatTime(v) },
    { title: t('trades.tid'), dataIndex: 'tid', width: 150 },
    { title: t('trades.buyer'), dataIndex: 'buyer_nick', width: 110 },
    { title: t('trades.items'), key: 'items', render: (_, r) => <OrderSummary trade={r} /> },
    {
      title: t('receiver.title'), key: 'receiver', width: 260,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.receiver_name} {r.receiver_mobile}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[r.receiver_state, r.receiver_city, r.receiver_district, r.receiver_address].join(' ')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('trades.memo'), dataIndex: 'memo', width: 200, render: (v: string) => <span className="xe-pre" data-testid="queue-memo">{v}</span> },
    { title: t('trades.payment'), dataIndex: 'payment', width: 90, align: 'right', render: (v: number) => formatYuan(v) },
    {
      title: t('common.actions'), key: 'actions', width: 200, fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          {r.allowed_actions.includes('ship') && <ShipButton trade={r} primary />}
          {r.allowed_actions.includes('memo') && <MemoButton trade={r} label={t('warehouse.flag')} />}
          <Button size="small" type="link" onClick={() => setOpenTid(r.tid)}>{t('trades.detail')}</Button>
        </Space>
      ),
    },
  ];

  return (
    <Card size="small" title={t('warehouse.title')} data-testid="warehouse-page">
      <Typography.Paragraph type="secondary">{t('warehouse.hint')}</Typography.Paragraph>
      {trades.isError && <Alert type="error" title={errorText(trades.error)} />}
      <Table<Trade>
        rowKey="tid"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={trades.isFetching}
        pagination={false}
        scroll={{ x: 1300 }}
        rowClassName={(r) => `xe-flag-row-${r.flag ?? 0}`}
        onRow={(r) => ({ 'data-tid': r.tid, 'data-flag': r.flag }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('warehouse.empty') }}
      />
      <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
        <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('common.prev')}</Button>
        <Button disabled={!trades.data?.has_next} onClick={() => setPage(page + 1)}>{t('common.next')}</Button>
      </Space>
      <TradeDetailDrawer tid={openTid} onClose={() => setOpenTid(undefined)} />
    </Card>
  );
}
