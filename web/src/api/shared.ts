// The server's own request schemas and trade rules: the forms validate with exactly what the API enforces.
export {
  CalculatorSchema, CloseSchema, DelaySchema, MemoSchema, PaySchema, PostageUpdateSchema, PriceUpdateSchema,
  ReceiverSchema, ShipSchema, TradeAddSchema,
} from '../../../src/modules/trades/schemas.ts';
export {
  CLOSE_REASONS, FLAGS, MEMO_MAX_BYTES, RECEIVE_DELAY_DAYS, STATUS_NAMES, TRADE_STATUSES,
  type Flag, type TradeStatus,
} from './trade-rules';
export { EMOJIS, IMAGE_MAX_BYTES, IMAGE_TYPES, TEXT_MAX_CHARS } from '../../../src/modules/chat/rules.ts';
