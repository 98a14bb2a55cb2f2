import { SendOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, List, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { useQuickReplies } from '../../api/replies';
import type { Item } from '../../api/types';
import { useSelect } from '../../chat/store';
import { formatYuan } from '../../lib/money';
import { useLinkedConversation } from '../aftersales/workbench-link';
import { useWorkbench } from './context';
import { SuggestionPanel } from './SuggestionPanel';

// What shows only once a conversation is open, or on demand, loads then: the workbench's first screen does not wait.
export const loadCustomerCard = () => import('./CustomerCard');
export const loadBuyerTrades = () => import('./BuyerTrades');
const CustomerCard = lazy(() => loadCustomerCard().then((m) => ({ default: m.CustomerCard })));
const BuyerTrades = lazy(() => loadBuyerTrades().then((m) => ({ default: m.BuyerTrades })));
const CalculatorPanel = lazy(() => import('../../components/CalculatorPanel').then((m) => ({ default: m.CalculatorPanel })));
const TradeDetailDrawer = lazy(() => import('../trades/TradeDetailDrawer').then((m) => ({ default: m.TradeDetailDrawer })));

/** Right pane: who the buyer is and what they bought, with the trade actions, products to send and the tools. */
export function BuyerPane() {
  const { t } = useTranslation();
  const { chat } = useWorkbench();
  const thread = useSelect(chat, (s) => (s.selected === null ? undefined : s.threads[s.selected]));
  const myId = useSelect(chat, (s) => s.me?.account_id);
  const [openTid, setOpenTid] = useState<number>();
  useLinkedConversation(chat);
  const c = thread?.conversation;
  const canSend = !!c && c.status === 'active' && c.agent_id === myId;
  const send = (out: { kind: 'trade'; tid: number } | { kind: 'product'; num_iid: number }) => {
    if (c) void chat.send(c.id, out);
  };

  return (
    <div className="xe-wb-pane xe-wb-side" data-testid="buyer-pane">
      {c && <Suspense><CustomerCard nick={c.buyer_nick} situation={c.situation} /></Suspense>}
      <Tabs
        size="small"
        className="xe-wb-tabs"
        items={[
          {
            key: 'suggest', label: t('workbench.suggestions'),
            children: <><SuggestionPanel /><QuickReplyList /></>,
          },
          {
            key: 'trades', label: t('workbench.trades'),
            children: (
              <Suspense>
                <BuyerTrades buyerNick={c?.buyer_nick} onOpen={setOpenTid} onSend={canSend ? (tid) => send({ kind: 'trade', tid }) : undefined} />
              </Suspense>
            ),
          },
          { key: 'items', label: t('workbench.items'), children: <ItemList canSend={canSend} onSend={(num_iid) => send({ kind: 'product', num_iid })} /> },
          { key: 'calculator', label: t('menu.calculator'), children: <Suspense><CalculatorPanel /></Suspense> },
        ]}
      />
      {openTid !== undefined && <Suspense><TradeDetailDrawer tid={openTid} onClose={() => setOpenTid(undefined)} /></Suspense>}
    </div>
  );
}

function ItemList({ canSend, onSend }: { canSend: boolean; onSend: (numIid: number) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const items = useQuery({
    queryKey: ['items', 'all'],
    queryFn: async () => (await get<{ items: Item[] }>('/api/items', { page_size: 100 })).items,
  });
  const shown = (items.data ?? []).filter((i) => !q || i.title.includes(q));
  return (
    <>
      <Input.Search size="small" allowClear placeholder={t('workbench.findItem')} onChange={(e) => setQ(e.target.value.trim())} />
      <List<Item>
        size="small"
        loading={items.isPending}
        dataSource={shown}
        renderItem={(item) => (
          <List.Item
            key={item.num_iid}
            actions={canSend ? [<Button key="send" size="small" type="link" icon={<SendOutlined />} onClick={() => onSend(item.num_iid)}>{t('workbench.sendCard')}</Button>] : []}
          >
            <List.Item.Meta title={<Typography.Text ellipsis style={{ maxWidth: 180 }}>{item.title}</Typography.Text>} description={formatYuan(item.price)} />
          </List.Item>
        )}
      />
    </>
  );
}

/** The team's and my phrases, grouped: a click puts the phrase in the composer. */
function QuickReplyList() {
  const { t } = useTranslation();
  const { insert } = useWorkbench();
  const replies = useQuickReplies();
  if (!replies.data?.length) return replies.isPending ? null : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.noQuickReplies')} />;
  return (
    <Card size="small" title={t('workbench.quickReplies')} className="xe-wb-card">
      <List
        size="small"
        dataSource={replies.data}
        renderItem={(r) => (
          <List.Item key={r.id} className="xe-wb-click" onClick={() => insert(r.text)}>
            <Typography.Text ellipsis={{ tooltip: r.text }}>
              {r.code && <Tag>{r.code}</Tag>}{r.text}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
