import { SendOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { BuyerTradesSidebar } from '../../components/BuyerTradesSidebar';
import { TradeRefundTags } from '../aftersales/TradeRefundTags';

/** The buyer's trades with their refunds; `onSend` (when the conversation is mine) sends one as a card. */
export function BuyerTrades({ buyerNick, onOpen, onSend }: {
  buyerNick: string | undefined;
  onOpen: (tid: number) => void;
  onSend?: (tid: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <BuyerTradesSidebar
      buyerNick={buyerNick}
      onOpen={onOpen}
      extra={(trade) => (
        <>
          <TradeRefundTags trade={trade} />
          {onSend && (
            <Button size="small" type="link" icon={<SendOutlined />} onClick={(e) => { e.stopPropagation(); onSend(trade.tid); }}>
              {t('workbench.sendCard')}
            </Button>
          )}
        </>
      )}
    />
  );
}
