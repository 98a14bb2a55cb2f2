export { registerTradeRoutes } from './api.ts';
export { registerBuyerTradeRoutes } from './buyer-api.ts';
export { registerTradeTimers } from './timers.ts';
export { closeRefundedOrder, updateMemo } from './actions.ts';
export { payTrade } from './actions.ts';
export * as tradeRules from './rules.ts';
export { getTrade, listOrders, openTradeStatuses } from './store.ts';
