import { Button, Card, Col, Descriptions, InputNumber, Radio, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types';
import { formatYuan } from '../../lib/money';
import type { Pick } from './StorefrontPage';
import { skuLabel } from '../../lib/sku';
import { FavouriteButton } from './FavouriteButton';

const KNOWLEDGE = ['material', 'size_chart', 'usage', 'care', 'suitable_for', 'not_suitable_for', 'notes'] as const;

/** A product with what buyers ask about most (商品知识), its SKUs and a buy button. Text is rendered as text. */
export function ProductCard({ item, onBuy, loggedIn, onNeedLogin }: {
  item: Item;
  onBuy: (pick: Pick) => void;
  loggedIn: boolean;
  onNeedLogin: () => void;
}) {
  const { t } = useTranslation();
  const [skuId, setSkuId] = useState<number | undefined>(item.skus.find((s) => s.quantity > 0)?.sku_id);
  const [num, setNum] = useState(1);
  const sku = item.skus.find((s) => s.sku_id === skuId);
  const prices = item.skus.map((s) => s.price);
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const knowledge = KNOWLEDGE.filter((k) => item[k]?.trim()).map((k) => ({
    key: k,
    label: t(`knowledge.${k}`),
    children: <span className="xe-pre" data-testid={`knowledge-${k}`}>{item[k]}</span>,
  }));

  return (
    <Card size="small" data-testid={`item-${item.num_iid}`}>
      <Row gutter={24}>
        <Col xs={24} md={10}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>{item.title}</Typography.Title>
          <Typography.Title level={3} style={{ color: '#ff5000', margin: '4px 0 12px' }}>
            {sku ? formatYuan(sku.price) : low === high ? formatYuan(low) : `${formatYuan(low)} - ${formatYuan(high)}`}
          </Typography.Title>
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            <Radio.Group value={skuId} onChange={(e) => setSkuId(e.target.value)} optionType="button">
              {item.skus.map((s) => (
                <Radio.Button key={s.sku_id} value={s.sku_id} disabled={s.quantity <= 0} data-testid={`sku-${s.sku_id}`}>
                  {skuLabel(s.properties_name)}
                </Radio.Button>
              ))}
            </Radio.Group>
            <Space>
              <span>{t('store.quantity')}</span>
              <InputNumber min={1} max={Math.max(1, Math.min(999, sku?.quantity ?? 1))} precision={0} value={num} onChange={(v) => setNum(v ?? 1)} data-testid="buy-num" />
              {sku && <Typography.Text type="secondary">{t('store.stock', { n: sku.quantity })}</Typography.Text>}
            </Space>
            <Space>
              <Button type="primary" size="large" disabled={!sku} onClick={() => sku && onBuy({ item, sku, num })} data-testid={`buy-${item.num_iid}`}>
                {t('store.buyNow')}
              </Button>
              <FavouriteButton numIid={item.num_iid} loggedIn={loggedIn} onNeedLogin={onNeedLogin} />
            </Space>
          </Space>
        </Col>
        <Col xs={24} md={14}>
          {knowledge.length > 0 && <Descriptions size="small" column={1} bordered items={knowledge} title={t('store.knowledge')} />}
        </Col>
      </Row>
    </Card>
  );
}
