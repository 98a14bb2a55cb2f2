import type { Order, Trade } from '../../db/schema.ts';
import type { Actor } from '../accounts/index.ts';
import { allowedActions, FLAGS, STATUS_NAMES, type Flag, type TradeStatus } from './rules.ts';

/** The trade as the API shows it: the platform's field names, money in fen, and what the caller may do next. */
export function presentTrade(
  trade: Trade, orders: Order[], shop: { type: 'C' | 'B' }, actor: Actor,
  extra: { timeout_action_time?: Date | null; escrow?: unknown } = {},
) {
  const status = trade.status as TradeStatus;
  const { shop_id: _s, buyer_id: _b, version: _v, ...fields } = trade;
  const forBuyer = actor.kind === 'buyer';
  return {
    ...fields,
    // The seller's memo and flag are the team's own notes and never reach the buyer.
    memo: forBuyer ? undefined : trade.memo,
    flag: forBuyer ? undefined : trade.flag,
    flag_name: forBuyer ? undefined : FLAGS[trade.flag as Flag].name,
    status_name: STATUS_NAMES[status],
    orders: orders.map((o) => ({ ...o, shop_id: undefined, status_name: STATUS_NAMES[o.status as TradeStatus] })),
    allowed_actions: allowedActions(
      { status, openOrders: orders.filter((o) => o.status === status).length, receiveDelayDays: trade.receive_delay_days },
      shop, actor,
    ),
    ...extra,
  };
}
