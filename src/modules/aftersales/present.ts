import type { Actor } from '../accounts/index.ts';
import { viewOf } from './actions.ts';
import { allowedActions, DISPUTE_TYPE_NAMES, STATUS_NAMES } from './rules.ts';
import type { RefundWithOrder } from './store.ts';

/** The refund as the API shows it: the platform's field names, money in fen, and what the caller may do next. */
export function presentRefund(r: RefundWithOrder, actor: Actor) {
  const { shop_id: _s, buyer_id: _b, version: _v, description, ...fields } = r;
  return {
    ...fields,
    desc: description,
    dispute_type_name: DISPUTE_TYPE_NAMES[r.dispute_type],
    status_name: r.status === 'SUCCESS' ? (r.dispute_type === 'EXCHANGE' ? '换货成功' : '退款成功') : STATUS_NAMES[r.status],
    has_good_return: r.dispute_type !== 'REFUND',
    allowed_actions: allowedActions(viewOf(r), actor),
  };
}
