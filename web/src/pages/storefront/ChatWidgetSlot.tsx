import { MessageOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Where the buyer's chat with the shop (旺旺) will open. It stays a placeholder until the realtime server exists;
 * the widget will mount in this corner and reuse `shopName` to join the shop's conversation.
 */
export function ChatWidgetSlot({ shopName }: { shopName: string }) {
  const { t } = useTranslation();
  return (
    <div className="xe-chat-slot" id="chat-widget-slot" data-shop={shopName}>
      <Tooltip title={t('store.chatSoon')}>
        <Button type="primary" shape="round" size="large" icon={<MessageOutlined />} disabled>
          {t('store.contact')}
        </Button>
      </Tooltip>
    </div>
  );
}
