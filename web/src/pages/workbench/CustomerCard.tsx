import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomer } from '../../api/customers';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** Who the buyer is to the shop: level, tags, purchases and spend, the team's notes. */
export function CustomerCard({ nick, situation }: { nick: string; situation: string | null | undefined }) {
  const { t } = useTranslation();
  const profile = useCustomer(nick);
  const c = profile.data?.customer;
  return (
    <Card size="small" className="xe-wb-buyer" data-testid="customer-card">
      <Space wrap size={4}>
        <Typography.Text strong data-testid="buyer-nick">{nick}</Typography.Text>
        {situation && <Tag color="blue">{t(`situation.${situation}`)}</Tag>}
        {c?.level && <Tag color="gold" data-testid="customer-level">{c.level}</Tag>}
        {c?.tags.map((tag) => <Tag key={tag.id} color={tag.color}>{tag.name}</Tag>)}
      </Space>
      {c && (
        <Descriptions size="small" column={2} className="xe-wb-customer">
          <Descriptions.Item label={t('customer.purchases')}>{c.paid_trade_count}/{c.trade_count}</Descriptions.Item>
          <Descriptions.Item label={t('customer.spend')}>{formatYuan(c.total_spend)}</Descriptions.Item>
          <Descriptions.Item label={t('customer.favourites')}><span data-testid="customer-favourites">{c.favourites_count}</span></Descriptions.Item>
          <Descriptions.Item label={t('customer.lastPurchase')}>{c.last_purchase_at ? formatTime(c.last_purchase_at) : '—'}</Descriptions.Item>
          {c.notes && <Descriptions.Item label={t('customer.notes')} span={2}><span className="xe-pre">{c.notes}</span></Descriptions.Item>}
        </Descriptions>
      )}
    </Card>
  );
}
