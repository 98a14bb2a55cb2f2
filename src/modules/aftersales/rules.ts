import { DAY, HOUR } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { can, type Actor, type Permission } from '../accounts/rules.ts';
import { isCourier, OUT_SID } from '../logistics/rules.ts';

/** Refund statuses by the Taobao Open Platform names (refunds.receive.get), so a seller recognises them. */
export const REFUND_STATUSES = [
  'WAIT_SELLER_AGREE',
  'WAIT_BUYER_RETURN_GOODS',
  'WAIT_SELLER_CONFIRM_GOODS',
  'SELLER_REFUSE_BUYER',
  'CLOSED',
  'SUCCESS',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const STATUS_NAMES: Record<RefundStatus, string> = {
  WAIT_SELLER_AGREE: '买家已申请，等待卖家同意',
  WAIT_BUYER_RETURN_GOODS: '卖家已同意，等待买家退货',
  WAIT_SELLER_CONFIRM_GOODS: '买家已退货，等待卖家确认收货',
  SELLER_REFUSE_BUYER: '卖家拒绝',
  CLOSED: '已关闭',
  SUCCESS: '已完成',
};

/** 仅退款 refund only, 退货退款 return and refund, 换货 exchange. */
export const DISPUTE_TYPES = ['REFUND', 'REFUND_AND_RETURN', 'EXCHANGE'] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];
export const DISPUTE_TYPE_NAMES: Record<DisputeType, string> = { REFUND: '仅退款', REFUND_AND_RETURN: '退货退款', EXCHANGE: '换货' };
/** Only an exchange moves no money. */
export const movesMoney = (type: DisputeType) => type !== 'EXCHANGE';

export const OPEN_STATUSES = REFUND_STATUSES.filter((s) => s !== 'CLOSED' && s !== 'SUCCESS');
export const isOpen = (status: RefundStatus) => status !== 'CLOSED' && status !== 'SUCCESS';

export type RefundCommand =
  | 'agree' | 'refuse' | 'returngoods_agree' | 'receive_goods' | 'returngoods_confirm' | 'send_exchange'
  | 'return_goods' | 'cancel' | 'reapply' | 'timeout';

/** Who gives a command: a shop account holding the permission, the refund's buyer, or the timer. */
type By = { seller: Permission } | { buyer: true } | { system: true };
interface Step {
  by: By;
  /** Where each kind of refund goes; a kind not named may not take this step. */
  to: Partial<Record<DisputeType, RefundStatus>>;
  /** The warehouse must (or must not yet) have marked the returned parcel received. */
  received?: boolean;
  /** The event the step publishes (besides refund.succeeded / refund.closed when it ends the refund). */
  event?: string;
}

const ALL = (to: RefundStatus) => ({ REFUND: to, REFUND_AND_RETURN: to, EXCHANGE: to });
const RETURNING = (to: RefundStatus) => ({ REFUND_AND_RETURN: to, EXCHANGE: to });
const approve = { seller: 'refund.approve' } as const;
const warehouse = { seller: 'refund.goods' } as const;
const buyer = { buyer: true } as const;
const timer = { system: true } as const;

/**
 * The refund's life (SPEC §8): what may happen in each status, by whom, to which kind of refund, and where it leads.
 * `timeout` is what happens when the party who must act lets the deadline pass: a seller who does not answer is
 * taken to agree; a buyer who does not send the goods back, or does not ask again after a refusal, gives up.
 */
export const REFUND_MACHINE: Record<RefundStatus, Partial<Record<RefundCommand, Step>>> = {
  WAIT_SELLER_AGREE: {
    agree: { by: approve, to: { REFUND: 'SUCCESS' }, event: 'refund.agreed' },
    returngoods_agree: { by: approve, to: RETURNING('WAIT_BUYER_RETURN_GOODS'), event: 'refund.agreed' },
    refuse: { by: approve, to: ALL('SELLER_REFUSE_BUYER'), event: 'refund.refused' },
    cancel: { by: buyer, to: ALL('CLOSED') },
    timeout: { by: timer, to: { REFUND: 'SUCCESS', ...RETURNING('WAIT_BUYER_RETURN_GOODS') }, event: 'refund.agreed' },
  },
  WAIT_BUYER_RETURN_GOODS: {
    return_goods: { by: buyer, to: RETURNING('WAIT_SELLER_CONFIRM_GOODS'), event: 'refund.goods_returned' },
    cancel: { by: buyer, to: RETURNING('CLOSED') },
    timeout: { by: timer, to: RETURNING('CLOSED') },
  },
  WAIT_SELLER_CONFIRM_GOODS: {
    // The warehouse marks the parcel received (green flag); after-sales then pays, or the warehouse re-ships.
    receive_goods: { by: warehouse, to: RETURNING('WAIT_SELLER_CONFIRM_GOODS'), received: false, event: 'refund.goods_received' },
    returngoods_confirm: { by: approve, to: { REFUND_AND_RETURN: 'SUCCESS' }, received: true },
    send_exchange: { by: warehouse, to: { EXCHANGE: 'SUCCESS' }, received: true, event: 'refund.exchange_sent' },
    // A seller who does not confirm a returned parcel in time is taken to accept it (an exchange waits to be re-shipped).
    timeout: { by: timer, to: { REFUND_AND_RETURN: 'SUCCESS' } },
  },
  SELLER_REFUSE_BUYER: {
    reapply: { by: buyer, to: ALL('WAIT_SELLER_AGREE'), event: 'refund.reapplied' },
    cancel: { by: buyer, to: ALL('CLOSED') },
    timeout: { by: timer, to: ALL('CLOSED') },
  },
  CLOSED: {},
  SUCCESS: {},
};

export const RETURN_GOODS_DAYS = 7;
export const REAPPLY_DAYS = 7;
export const CONFIRM_GOODS_DAYS = 10;
export const REFUSE_REASON = { min: 2, max: 200 } as const;
export const REASON = { min: 2, max: 100 } as const;
export const DESCRIPTION_MAX = 500;

/** How long a seller has to answer (a shop setting): before the sub-order ships, and after. */
export interface RefundSettings {
  agree_hours_before_ship: number;
  agree_days_after_ship: number;
}
export const DEFAULT_SETTINGS: RefundSettings = { agree_hours_before_ship: 48, agree_days_after_ship: 5 };
export const SETTINGS_LIMITS = { agree_hours_before_ship: [1, 72], agree_days_after_ship: [1, 15] } as const;

export interface RefundView {
  status: RefundStatus;
  dispute_type: DisputeType;
  shipped: boolean;
  refund_fee: number;
  good_received_time: Date | null;
  timeout: Date | null;
}

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

const mayAct = (by: By, actor: Actor) =>
  ('seller' in by && actor.kind === 'account' && can(actor, by.seller)) ||
  ('buyer' in by && actor.kind === 'buyer') ||
  ('system' in by && actor.kind === 'system');

/** Checks that `command` may happen to this refund now and that `actor` may give it; returns where it leads. */
export function authorize(refund: RefundView, command: RefundCommand, actor: Actor): RefundStatus {
  const step = REFUND_MACHINE[refund.status][command];
  const to = step?.to[refund.dispute_type];
  if (!step || !to) {
    throw refuse('REFUND_ACTION_NOT_ALLOWED', 409,
      `${DISPUTE_TYPE_NAMES[refund.dispute_type]}状态为「${STATUS_NAMES[refund.status]}」，不能执行此操作（${command}）`,
      `A ${refund.dispute_type} refund in ${refund.status} does not allow ${command}`,
      { status: refund.status, dispute_type: refund.dispute_type, command });
  }
  if (!mayAct(step.by, actor)) {
    const permission = 'seller' in step.by ? step.by.seller : command;
    throw refuse('PERMISSION_DENIED', 403, `没有权限：${permission}`, `Permission required: ${permission}`, { permission });
  }
  if (step.received === true && !refund.good_received_time) {
    throw refuse('GOODS_NOT_RECEIVED', 409, '仓库尚未确认收到退回的包裹', 'The warehouse has not marked the returned parcel received yet');
  }
  if (step.received === false && refund.good_received_time) {
    throw refuse('GOODS_ALREADY_RECEIVED', 409, '退回的包裹已确认收到', 'The returned parcel is marked received already');
  }
  return to;
}

/** What the caller may do with this refund now: the UI shows these and nothing else. */
export function allowedActions(refund: RefundView, actor: Actor): RefundCommand[] {
  return (Object.keys(REFUND_MACHINE[refund.status]) as RefundCommand[]).filter((command) => {
    if (command === 'timeout') return false;
    try {
      authorize(refund, command, actor);
      return true;
    } catch {
      return false;
    }
  });
}

/** The event a step publishes, and the one that ends the refund. */
export function eventsOf(from: RefundStatus, command: RefundCommand, to: RefundStatus) {
  const events: string[] = [];
  const own = REFUND_MACHINE[from][command]?.event;
  if (own) events.push(own);
  if (to === 'SUCCESS') events.push('refund.succeeded');
  if (to === 'CLOSED') events.push('refund.closed');
  return events;
}

/** When the party who must act next is taken to have acted; null when nobody is waited for. */
export function deadline(status: RefundStatus, type: DisputeType, shipped: boolean, settings: RefundSettings, now: Date): Date | null {
  if (!REFUND_MACHINE[status].timeout?.to[type]) return null;
  const after = (ms: number) => new Date(now.getTime() + ms);
  switch (status) {
    case 'WAIT_SELLER_AGREE':
      return shipped ? after(settings.agree_days_after_ship * DAY) : after(settings.agree_hours_before_ship * HOUR);
    case 'WAIT_BUYER_RETURN_GOODS':
      return after(RETURN_GOODS_DAYS * DAY);
    case 'WAIT_SELLER_CONFIRM_GOODS':
      return after(CONFIRM_GOODS_DAYS * DAY);
    case 'SELLER_REFUSE_BUYER':
      return after(REAPPLY_DAYS * DAY);
    default:
      return null;
  }
}

/** A text of `limits` characters (not bytes), trimmed. */
export function checkText(value: string, limits: { min: number; max: number }, code: string, zh: string, en: string) {
  const length = [...value.trim()].length;
  if (length < limits.min || length > limits.max) {
    throw refuse(code, 400, `${zh}须为 ${limits.min}–${limits.max} 个字`, `${en} must be ${limits.min}–${limits.max} characters`,
      { min: limits.min, max: limits.max, length });
  }
  return value.trim();
}

/** A refusal carries a reason of 2–200 characters, for the buyer to read before asking again. */
export function decideRefuse(refund: RefundView, reason: string, actor: Actor, now: Date, settings: RefundSettings) {
  const to = authorize(refund, 'refuse', actor);
  const refuse_reason = checkText(reason, REFUSE_REASON, 'BAD_REFUSE_REASON', '拒绝理由', 'A refusal reason');
  return { status: to, refuse_reason, timeout: deadline(to, refund.dispute_type, refund.shipped, settings, now) };
}

/** A parcel as couriers number it: the buyer's return, or the exchange the warehouse sends. */
export function checkParcel(parcel: { company_code: string; sid: string }) {
  if (!isCourier(parcel.company_code)) {
    throw refuse('BAD_COMPANY_CODE', 400, `未知的物流公司：${parcel.company_code}`, `Unknown courier: ${parcel.company_code}`);
  }
  if (!OUT_SID.test(parcel.sid)) {
    throw refuse('BAD_OUT_SID', 400, '运单号须为 6–40 位字母、数字或短横线', 'A tracking number is 6–40 letters, digits or dashes');
  }
  return parcel;
}

/** Any other step: where it leads and the next deadline. */
export function decideStep(refund: RefundView, command: RefundCommand, actor: Actor, settings: RefundSettings, now: Date) {
  if (command === 'timeout' && (!refund.timeout || refund.timeout > now)) {
    throw refuse('NOT_DUE', 409, '尚未到处理时限', 'The deadline has not passed yet');
  }
  const to = authorize(refund, command, actor);
  // A step within a status (the parcel received) keeps the deadline that status set.
  const timeout = to === refund.status ? refund.timeout : deadline(to, refund.dispute_type, refund.shipped, settings, now);
  return { status: to, timeout, pays: to === 'SUCCESS' && movesMoney(refund.dispute_type) };
}

export function checkSettings(s: RefundSettings) {
  for (const [key, [min, max]] of Object.entries(SETTINGS_LIMITS) as [keyof RefundSettings, readonly [number, number]][]) {
    const v = s[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw refuse('BAD_REFUND_SETTING', 400, `${key} 须为 ${min}–${max} 的整数`, `${key} must be a whole number from ${min} to ${max}`, { key, min, max });
    }
  }
  return s;
}

/** A note added to the trade's memo when the warehouse raises a flag for a refund; dropped if the memo is full. */
export function memoWithNote(memo: string, note: string, maxBytes: number) {
  const next = memo ? `${memo}\n${note}` : note;
  return Buffer.byteLength(next, 'utf8') <= maxBytes ? next : memo;
}
