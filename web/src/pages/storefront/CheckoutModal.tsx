import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TradeAddSchema } from '../../api/shared';
import { buyerTradesKey, placeTrade } from '../../api/storefront';
import type { Receiver } from '../../api/types';
import { ReceiverFields } from '../../components/ReceiverFields';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import type { Pick } from './StorefrontPage';
import { skuLabel } from '../../lib/sku';

/** 拍下: the buyer gives the receiver and places the trade; stock is reserved until it is paid or closed. */
export function CheckoutModal({ shopName, pick, onClose, onPlaced }: {
  shopName: string; pick: Pick | undefined; onClose: () => void; onPlaced: (tid: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Receiver>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(receiver: Receiver) {
    if (!pick) return;
    setError(undefined);
    const body = TradeAddSchema.safeParse({ ...receiver, orders: [{ num_iid: pick.item.num_iid, sku_id: pick.sku.sku_id, num: pick.num }] });
    if (!body.success) return setError(`${t('common.invalid')} ${body.error.issues[0].path.join('.')}: ${body.error.issues[0].message}`);
    setBusy(true);
    try {
      const placed = await placeTrade(shopName, body.data);
      await qc.invalidateQueries({ queryKey: buyerTradesKey });
      message.success(t('store.placed', { tid: placed.tid, payment: formatYuan(placed.payment) }));
      onPlaced(placed.tid);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={!!pick}
      title={t('store.checkout')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('store.placeOrder')}
      okButtonProps={{ loading: busy, 'data-testid': 'place-order' }}
      width={600}
      destroyOnHidden
    >
      {pick && (
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }} items={[
          { key: 'item', label: t('trades.items'), span: 3, children: `${pick.item.title} [${skuLabel(pick.sku.properties_name)}]` },
          { key: 'price', label: t('detail.unitPrice'), children: formatYuan(pick.sku.price) },
          { key: 'num', label: t('detail.num'), children: pick.num },
          { key: 'sub', label: t('detail.subtotal'), children: formatYuan(pick.sku.price * pick.num) },
        ]} />
      )}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <ReceiverFields />
      </Form>
      <Alert type="info" showIcon title={t('store.postageNote')} style={{ marginBottom: error ? 12 : 0 }} />
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
