import { MessageOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import { ApiError, get } from '../../api/client';
import { MessageList } from '../../chat/MessageList';
import type { ChatMessage } from '../../chat/types';
import { MENU } from '../../lib/navigation';
import { workbenchLink } from './workbench-link';

const PAGE = 50;

/** The buyer's one conversation with the shop, found through their customer profile (null when they never chatted). */
function useBuyerConversation(nick: string) {
  return useQuery({
    queryKey: ['aftersales', 'conversation', nick],
    queryFn: async () => {
      try {
        return (await get<{ conversation: { id: number } | null }>(`/api/customers/${encodeURIComponent(nick)}`)).conversation;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

/** What the buyer and the shop said, read-only, newest at the bottom; older pages load on scrolling up. */
export function ChatHistory({ buyerNick }: { buyerNick: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const conversation = useBuyerConversation(buyerNick);
  const id = conversation.data?.id;
  const pages = useInfiniteQuery({
    queryKey: ['aftersales', 'chat', id],
    queryFn: ({ pageParam }) => get<{ messages: ChatMessage[]; has_more: boolean }>(`/api/conversations/${id}/messages`, { before_seq: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.has_more ? last.messages[0]?.seq : undefined),
    enabled: id !== undefined,
  });
  // Pages come newest first, each oldest first.
  const messages = [...(pages.data?.pages ?? [])].reverse().flatMap((p) => p.messages);
  const workbench = me && MENU.find((m) => m.path === '/workbench')?.visible(me);

  return (
    <Card
      size="small"
      title={<>{t('aftersales.chat.title')} <Tag>{t('aftersales.chat.readOnly')}</Tag></>}
      loading={conversation.isPending || (id !== undefined && pages.isPending)}
      data-testid="refund-chat"
      extra={id !== undefined && workbench && (
        <Button size="small" icon={<MessageOutlined />} onClick={() => navigate(workbenchLink(id))} data-testid="open-in-workbench">
          {t('aftersales.chat.open')}
        </Button>
      )}
    >
      {id === undefined || !messages.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('aftersales.chat.none')} />
      ) : (
        <div style={{ height: 320, display: 'flex', flexDirection: 'column' }}>
          <MessageList
            messages={messages}
            outgoing={[]}
            mySide="agent"
            hasOlder={!!pages.hasNextPage}
            onLoadOlder={async () => {
              await pages.fetchNextPage();
            }}
          />
        </div>
      )}
    </Card>
  );
}
