import { Alert, Card, Col, Input, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BuyerTradesSidebar } from '../components/BuyerTradesSidebar';
import { TradeDetailDrawer } from './trades/TradeDetailDrawer';

/** The agent's workbench: the conversation pane arrives with the realtime chat; the buyer's trades are ready beside it. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const [nick, setNick] = useState<string>();
  const [openTid, setOpenTid] = useState<number>();
  return (
    <Row gutter={12} data-testid="workbench-page">
      <Col flex="auto">
        <Card size="small" title={t('workbench.title')} style={{ minHeight: 480 }}>
          <Alert type="info" showIcon title={t('workbench.chatSoon')} style={{ marginBottom: 12 }} />
          <Input.Search
            placeholder={t('workbench.lookUpBuyer')}
            allowClear
            enterButton
            style={{ maxWidth: 360 }}
            onSearch={(v) => setNick(v.trim() || undefined)}
            data-testid="workbench-buyer"
          />
        </Card>
      </Col>
      <Col flex="360px">
        <BuyerTradesSidebar buyerNick={nick} onOpen={setOpenTid} />
      </Col>
      <TradeDetailDrawer tid={openTid} onClose={() => setOpenTid(undefined)} />
    </Row>
  );
}
