import { Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useBuyerMe } from '../api/auth';
import { useStorefront } from '../api/storefront';
import { BuyerAuthModal } from '../pages/storefront/BuyerAuthModal';
import ChatWindow from './ChatWindow';

/** The chat alone, filling its window: what the embeddable widget (/widget.js) shows in its frame. */
export default function ChatPage() {
  const { shopName = '' } = useParams();
  const { t } = useTranslation();
  const shop = useStorefront(shopName);
  const buyer = useBuyerMe();
  if (shop.isPending || buyer.isPending) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (shop.isError) return <Result status="404" title={t('store.notFound', { shop: shopName })} />;
  return (
    <div className="xe-chat-page" data-testid="chat-page">
      <div className="xe-chat-page-head"><Typography.Text strong>{shop.data.title}</Typography.Text></div>
      {buyer.data ? <ChatWindow shopName={shopName} /> : (
        <BuyerAuthModal open onClose={() => {}} onDone={() => {}} />
      )}
    </div>
  );
}
