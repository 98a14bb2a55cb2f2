import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { confirmTrade, payTrade, useBuyerCommand, useBuyerTrades } from '../../api/storefront';
import type { Trade } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { skuLabel } from '../../lib/sku';
import { BuyerTradeAftersales } from './BuyerTradeAftersales';

/** The buyer's trades in this shop: pay what is shown (a changed price is refused and shown anew), confirm receipt. */
export function MyTrades({ shopName }: { shopName: string }) {
  const { t } = useTranslation();
  const trades = useBuyerTrades(true);
  const errorText = useErrorText();
  if (trades.isPending) return <Spin />;
  if (trades.isError) return <Alert type="error" title={errorText(trades.error)} />;
  const mine = trades.data.filter((tr) => tr.shop_name === shopName);
  if (!mine.length) return <Empty description={t('store.noTrades')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="my-trades">
      {mine.map((trade) => <BuyerTradeCard key={trade.tid} trade={trade} />)}
    </Space>
  );
}

function BuyerTradeCard({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const pay = useBuyerCommand(payTrade);
  const confirm = useBuyerCommand(confirmTrade);
  const onError = (err: unknown) => message.error(errorText(err));
  const can = new Set(trade.allowed_actions);

  return (
    <Card
      size="small"
      data-testid={`buyer-trade-${trade.tid}`}
      data-status={trade.status}
      title={<Space><span>{t('trades.tid')} {trade.tid}</span><Typography.Text type="secondary">{formatTime(trade.created)}</Typography.Text></Space>}
      extra={<StatusTag status={trade.status} />}
    >
      {trade.orders.map((o) => (
        <div key={o.oid}>
          {o.title} <Typography.Text type="secondary">[{skuLabel(o.sku_properties_name)}]</Typography.Text> {formatYuan(o.price)} × {o.num}
          {o.status !== trade.status && <Tag style={{ marginLeft: 8 }}>{t(`status.${o.status}`)}</Tag>}
        </div>
      ))}
      <Descriptions size="small" column={3} style={{ marginTop: 8 }} items={[
        { key: 'total', label: t('detail.itemsTotal'), children: formatYuan(trade.total_fee) },
        { key: 'post', label: t('detail.postFee'), children: formatYuan(trade.post_fee) },
        { key: 'pay', label: t('store.payment'), children: <Typography.Text strong style={{ color: '#ff5000' }} data-testid="buyer-payment">{formatYuan(trade.payment)}</Typography.Text> },
        { key: 'receiver', label: t('receiver.title'), span: 3, children: `${trade.receiver_name} ${trade.receiver_mobile} ${trade.receiver_state} ${trade.receiver_city} ${trade.receiver_district} ${trade.receiver_address}` },
        ...(trade.out_sid ? [{ key: 'ship', label: t('detail.logistics'), span: 3, children: `${trade.company_code ?? ''} ${trade.out_sid}` }] : []),
      ]} />
      <BuyerTradeAftersales trade={trade} />
      <Space>
        {can.has('pay') && (
          <Button
            type="primary"
            loading={pay.isPending}
            data-testid={`pay-${trade.tid}`}
            onClick={() => pay.mutate({ tid: trade.tid, payment: trade.payment }, {
              onSuccess: () => message.success(t('store.paid')),
              onError,
            })}
          >
            {t('store.pay', { payment: formatYuan(trade.payment) })}
          </Button>
        )}
        {can.has('pay') && <Tag color="gold">{t('store.sandbox')}</Tag>}
        {can.has('confirm') && (
          <Popconfirm
            title={t('store.confirmAsk')}
            okButtonProps={{ 'data-testid': `confirm-ok-${trade.tid}` }}
            onConfirm={() => confirm.mutateAsync({ tid: trade.tid }).then(() => { message.success(t('store.confirmed')); }, onError)}
          >
            <Button type="primary" loading={confirm.isPending} data-testid={`confirm-${trade.tid}`}>{t('store.confirm')}</Button>
          </Popconfirm>
        )}
      </Space>
    </Card>
  );
}
