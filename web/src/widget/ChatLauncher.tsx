import { CloseOutlined, MessageOutlined } from '@ant-design/icons';
import { Button, Card, Spin } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

// The chat's code loads when a buyer first opens it, so the storefront itself stays light.
const ChatWindow = lazy(() => import('./ChatWindow'));

/**
 * 联系客服: the button in the storefront's corner and the chat panel it opens. A buyer who is not logged in is asked
 * to log in first (`onNeedLogin`), since the conversation belongs to the buyer's account.
 */
export function ChatLauncher({ shopName, title, loggedIn, onNeedLogin }: {
  shopName: string;
  title: string;
  loggedIn: boolean;
  onNeedLogin: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="xe-chat-slot" id="chat-widget-slot" data-shop={shopName}>
      {open && loggedIn ? (
        <Card
          size="small"
          className="xe-chat-panel"
          title={title}
          extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={() => setOpen(false)} aria-label={t('widget.close')} />}
        >
          <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
            <ChatWindow shopName={shopName} />
          </Suspense>
        </Card>
      ) : (
        <Button
          type="primary"
          shape="round"
          size="large"
          icon={<MessageOutlined />}
          data-testid="chat-open"
          onClick={() => (loggedIn ? setOpen(true) : onNeedLogin())}
        >
          {t('store.contact')}
        </Button>
      )}
    </div>
  );
}
