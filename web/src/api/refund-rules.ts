// The server's refund rules alone, without its request schemas: the wording (i18n) needs these names at start-up,
// and the schemas would bring zod into the first load.
export {
  DESCRIPTION_MAX, DISPUTE_TYPE_NAMES, DISPUTE_TYPES, REASON, REFUND_STATUSES, REFUSE_REASON, STATUS_NAMES as REFUND_STATUS_NAMES,
  type DisputeType, type RefundCommand, type RefundStatus,
} from '../../../src/modules/aftersales/rules.ts';
