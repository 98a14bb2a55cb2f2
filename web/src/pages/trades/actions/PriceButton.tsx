import { Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { PostageUpdateSchema, PriceUpdateSchema } from '../../../api/shared';
import { tradeCommands, useTradeCommand } from '../../../api/trades';
import type { Order, Trade } from '../../../api/types';
import { formatYuan, toFen } from '../../../lib/money';
import { ActionModal, parseWith } from './ActionModal';
import { skuLabel } from '../../../lib/sku';

function DiscountHint() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me || me.account.is_main) return null;
  return <Typography.Paragraph type="secondary">{t('price.maxDiscount', { pct: me.account.max_discount_pct })}</Typography.Paragraph>;
}

/** 修改价格: a sub-order's unit price, C-shop only and before payment (the server decides; this only asks). */
export function PriceButton({ trade, order }: { trade: Trade; order: Order }) {
  const { t } = useTranslation();
  const command = useTradeCommand(tradeCommands.price);
  return (
    <ActionModal<{ price: number }>
      label={t('actions.modify_price')}
      title={`${t('actions.modify_price')} · ${order.title}`}
      testId={`modify-price-${order.oid}`}
      button={{ type: 'link' }}
      initialValues={{ price: order.price / 100 }}
      onSubmit={({ price }) => command.mutateAsync({ tid: trade.tid, body: parseWith(PriceUpdateSchema, { oid: order.oid, price: toFen(price) }) })}
    >
      {() => (
        <>
          <Typography.Paragraph>
            {skuLabel(order.sku_properties_name)} × {order.num} · {t('price.original', { price: formatYuan(order.original_price) })}
          </Typography.Paragraph>
          <DiscountHint />
          <Form.Item name="price" label={t('price.unitPrice')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} data-testid="price-input" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

/** 修改邮费: may be 0 (包邮); both kinds of shop, before payment. */
export function PostageButton({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const command = useTradeCommand(tradeCommands.postage);
  return (
    <ActionModal<{ post_fee: number }>
      label={t('actions.modify_postage')}
      title={t('actions.modify_postage')}
      testId="modify-postage"
      initialValues={{ post_fee: trade.post_fee / 100 }}
      onSubmit={({ post_fee }) => command.mutateAsync({ tid: trade.tid, body: parseWith(PostageUpdateSchema, { post_fee: toFen(post_fee) }) })}
    >
      {() => (
        <>
          <DiscountHint />
          <Form.Item name="post_fee" label={t('detail.postFee')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} data-testid="postage-input" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
