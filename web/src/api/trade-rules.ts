// The server's trade rules alone, without its request schemas: the wording (i18n) needs these names at start-up,
// and the schemas would bring zod into the first load.
export {
  CLOSE_REASONS, FLAGS, MEMO_MAX_BYTES, RECEIVE_DELAY_DAYS, STATUS_NAMES, TRADE_STATUSES,
  type Flag, type TradeStatus,
} from '../../../src/modules/trades/rules.ts';
