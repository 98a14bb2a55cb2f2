import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Trade } from '../../api/types';
import { AddressButton } from './actions/AddressButton';
import { CloseButton } from './actions/CloseButton';
import { DelayButton } from './actions/DelayButton';
import { MemoButton } from './actions/MemoButton';
import { PostageButton } from './actions/PriceButton';
import { ShipButton } from './actions/ShipButton';

/**
 * The trade-level actions the server listed in allowed_actions, and no others; per-sub-order ones
 * (modify_price, close_order) sit in the sub-order table.
 */
export function TradeActionBar({ trade }: { trade: Trade }) {
  const { t } = useTranslation();
  const allowed = new Set(trade.allowed_actions);
  const buttons = [
    allowed.has('ship') && <ShipButton key="ship" trade={trade} primary />,
    allowed.has('modify_postage') && <PostageButton key="postage" trade={trade} />,
    allowed.has('change_address') && <AddressButton key="address" trade={trade} />,
    allowed.has('delay_receive') && <DelayButton key="delay" trade={trade} />,
    allowed.has('memo') && <MemoButton key="memo" trade={trade} />,
    allowed.has('close') && <CloseButton key="close" trade={trade} />,
  ].filter(Boolean);
  return (
    <Space wrap data-testid="trade-actions" data-actions={trade.allowed_actions.join(' ')}>
      {buttons.length ? buttons : <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>}
    </Space>
  );
}
