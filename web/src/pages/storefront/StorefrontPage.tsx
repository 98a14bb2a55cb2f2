import { ShopOutlined } from '@ant-design/icons';
import { Button, Layout, Result, Space, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useBuyerMe } from '../../api/auth';
import { useStorefront, useStorefrontItems } from '../../api/storefront';
import type { Item, Sku } from '../../api/types';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ChatLauncher } from '../../widget/ChatLauncher';
import { BuyerAuthModal } from './BuyerAuthModal';
import { BuyerBadge } from './BuyerBadge';
import { CheckoutModal } from './CheckoutModal';
import { MyRefunds } from './MyRefunds';
import { MyTrades } from './MyTrades';
import { ProductCard } from './ProductCard';

export interface Pick {
  item: Item;
  sku: Sku;
  num: number;
}

/** The shop as buyers see it: products with their knowledge, ordering and paying, and their own trades. */
export default function StorefrontPage() {
  const { shopName = '' } = useParams();
  const { t } = useTranslation();
  const shop = useStorefront(shopName);
  const items = useStorefrontItems(shopName);
  const buyer = useBuyerMe();
  const [tab, setTab] = useState('items');
  const [authOpen, setAuthOpen] = useState(false);
  const [pending, setPending] = useState<Pick>();
  const [checkout, setCheckout] = useState<Pick>();

  if (shop.isPending) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (shop.isError) return <Result status="404" title={t('store.notFound', { shop: shopName })} />;

  function buy(pick: Pick) {
    if (buyer.data) setCheckout(pick);
    else {
      setPending(pick);
      setAuthOpen(true);
    }
  }

  return (
    <Layout style={{ minHeight: '100%' }} data-testid="storefront">
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#ff5000', paddingInline: 24 }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#fff' }}>
          <ShopOutlined /> {shop.data.title}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        {buyer.data ? (
          <BuyerBadge nick={buyer.data.nick} />
        ) : (
          <Button onClick={() => setAuthOpen(true)} data-testid="buyer-login-open">{t('store.loginOrSignup')}</Button>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: '12px 24px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'items',
              label: t('store.items'),
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  {items.isPending && <Spin />}
                  {items.data?.length === 0 && <Result status="info" title={t('store.noItems')} />}
                  {items.data?.map((item) => (
                    <ProductCard key={item.num_iid} item={item} onBuy={buy} loggedIn={!!buyer.data} onNeedLogin={() => setAuthOpen(true)} />
                  ))}
                </Space>
              ),
            },
            {
              key: 'trades',
              label: <span data-testid="tab-my-trades">{t('store.myTrades')}</span>,
              children: buyer.data ? <MyTrades shopName={shopName} /> : (
                <Result title={t('store.loginToSee')} extra={<Button type="primary" onClick={() => setAuthOpen(true)}>{t('store.loginOrSignup')}</Button>} />
              ),
            },
            ...(buyer.data ? [{
              key: 'refunds',
              label: <span data-testid="tab-my-refunds">{t('buyerAftersales.tab')}</span>,
              children: <MyRefunds shopName={shopName} />,
            }] : []),
          ]}
        />
      </Layout.Content>
      <BuyerAuthModal
        open={authOpen}
        onClose={() => setAuthOpen(false)}
        onDone={() => {
          setAuthOpen(false);
          if (pending) setCheckout(pending);
          setPending(undefined);
        }}
      />
      <CheckoutModal
        shopName={shopName}
        pick={checkout}
        onClose={() => setCheckout(undefined)}
        onPlaced={() => {
          setCheckout(undefined);
          setTab('trades');
        }}
      />
      <ChatLauncher shopName={shopName} title={shop.data.title} loggedIn={!!buyer.data} onNeedLogin={() => setAuthOpen(true)} />
    </Layout>
  );
}
