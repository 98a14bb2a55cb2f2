import { Card, Col, Result, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTradeCounts } from '../api/trades';

/** The supervisor's board: live agent load comes with the realtime server; the trade counts are here already. */
export default function TeamBoardPage() {
  const { t } = useTranslation();
  const counts = useTradeCounts();
  const c = counts.data ?? {};
  return (
    <Card size="small" title={t('team.title')} data-testid="team-page">
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={6}><Statistic title={t('status.WAIT_BUYER_PAY')} value={c.WAIT_BUYER_PAY ?? 0} loading={counts.isPending} /></Col>
        <Col span={6}><Statistic title={t('status.WAIT_SELLER_SEND_GOODS')} value={c.WAIT_SELLER_SEND_GOODS ?? 0} loading={counts.isPending} /></Col>
        <Col span={6}><Statistic title={t('status.WAIT_BUYER_CONFIRM_GOODS')} value={c.WAIT_BUYER_CONFIRM_GOODS ?? 0} loading={counts.isPending} /></Col>
        <Col span={6}><Statistic title={t('status.TRADE_FINISHED')} value={c.TRADE_FINISHED ?? 0} loading={counts.isPending} /></Col>
      </Row>
      <Result status="info" title={t('team.soon')} subTitle={t('team.soonDetail')} />
    </Card>
  );
}
