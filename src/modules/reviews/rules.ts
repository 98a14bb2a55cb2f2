import { AppError } from '../../errors.ts';

/**
 * Reviews (SPEC §8, 评价): within 15 days of the trade finishing the buyer rates each sub-order good, neutral or bad
 * (好评 / 中评 / 差评) with a text; a neutral or bad review opens a follow-up for after-sales; the buyer may change a
 * neutral or bad review once, to good only, within 30 days of giving it.
 */
export const RESULTS = { good: '好评', neutral: '中评', bad: '差评' } as const;
export type Result = keyof typeof RESULTS;
export const RESULT_CODES = Object.keys(RESULTS) as [Result, ...Result[]];

export const REVIEW_WINDOW_DAYS = 15;
export const CHANGE_WINDOW_DAYS = 30;
export const CONTENT_MAX = 500;
const DAY_MS = 86_400_000;

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

export const reviewDeadline = (finishedAt: Date) => new Date(finishedAt.getTime() + REVIEW_WINDOW_DAYS * DAY_MS);
export const changeDeadline = (reviewedAt: Date) => new Date(reviewedAt.getTime() + CHANGE_WINDOW_DAYS * DAY_MS);

/** A neutral or bad review needs words, so after-sales knows what went wrong; a good one may be left without. */
export function checkContent(result: Result, content: string) {
  if (result !== 'good' && content.trim().length === 0) {
    throw refuse('REVIEW_CONTENT_REQUIRED', 400, `${RESULTS[result]}请写明原因`, `A ${result} review needs a text`);
  }
  if ([...content].length > CONTENT_MAX) {
    throw refuse('REVIEW_CONTENT_TOO_LONG', 400, `评价内容不能超过 ${CONTENT_MAX} 字`, `A review may not exceed ${CONTENT_MAX} characters`);
  }
}

export interface RateableOrder {
  oid: number;
  status: string;
  end_time: Date | null;
}

/**
 * The sub-orders a buyer may rate now: those that finished (a refunded or closed one is not rated), within 15 days
 * of finishing, not rated yet.
 */
export function rateable(trade: { status: string; end_time: Date | null }, orders: readonly RateableOrder[], rated: ReadonlySet<number>, now: Date) {
  return orders.filter((o) => {
    const finished = o.status === 'TRADE_FINISHED' ? (o.end_time ?? trade.end_time) : null;
    return finished !== null && now < reviewDeadline(finished) && !rated.has(o.oid);
  });
}

/** Checks a buyer's reviews of a trade's sub-orders; each sub-order once, each one rateable now. */
export function decideReviews(
  trade: { status: string; end_time: Date | null }, orders: readonly RateableOrder[], rated: ReadonlySet<number>,
  reviews: readonly { oid: number; result: Result; content: string }[], now: Date,
) {
  const seen = new Set<number>();
  for (const r of reviews) {
    const order = orders.find((o) => o.oid === r.oid);
    if (!order) throw refuse('ORDER_NOT_FOUND', 404, '子订单不存在', 'No such sub-order in this trade', { oid: r.oid });
    if (seen.has(r.oid)) throw refuse('DUPLICATE_OID', 400, '同一子订单只能评价一次', 'Each sub-order is rated once', { oid: r.oid });
    seen.add(r.oid);
    if (rated.has(r.oid)) throw refuse('REVIEW_EXISTS', 409, '该子订单已评价', 'This sub-order has been rated already', { oid: r.oid });
    const finished = order.status === 'TRADE_FINISHED' ? (order.end_time ?? trade.end_time) : null;
    if (finished === null) {
      throw refuse('ORDER_NOT_FINISHED', 409, '交易成功后才能评价', 'A sub-order is rated once its trade has finished',
        { oid: r.oid, status: order.status });
    }
    if (now >= reviewDeadline(finished)) {
      throw refuse('REVIEW_WINDOW_CLOSED', 409, `交易成功 ${REVIEW_WINDOW_DAYS} 天后不能再评价`,
        `Reviews close ${REVIEW_WINDOW_DAYS} days after the trade finished`, { oid: r.oid, deadline: reviewDeadline(finished) });
    }
    checkContent(r.result, r.content);
  }
  return reviews.map((r) => ({ ...r, followUp: r.result !== 'good' }));
}

/** The one change a neutral or bad review may have: to good, within 30 days of giving it. */
export function decideChange(review: { result: Result; changed_at: Date | null; created_at: Date }, to: Result, now: Date) {
  if (review.changed_at !== null) {
    throw refuse('REVIEW_ALREADY_CHANGED', 409, '评价只能修改一次', 'A review may be changed once only');
  }
  if (review.result === 'good') {
    throw refuse('REVIEW_ALREADY_GOOD', 409, '好评不能修改', 'A good review cannot be changed');
  }
  if (to !== 'good') {
    throw refuse('REVIEW_CHANGE_TO_GOOD_ONLY', 400, '中评、差评只能改为好评', 'A neutral or bad review can only be changed to good');
  }
  if (now >= changeDeadline(review.created_at)) {
    throw refuse('REVIEW_CHANGE_WINDOW_CLOSED', 409, `评价 ${CHANGE_WINDOW_DAYS} 天后不能再修改`,
      `A review can be changed within ${CHANGE_WINDOW_DAYS} days of giving it`, { deadline: changeDeadline(review.created_at) });
  }
  return { result: 'good' as const, changed_at: now };
}

/** What the buyer may still do with a review: the UI shows this and nothing else. */
export function canChange(review: { result: Result; changed_at: Date | null; created_at: Date }, now: Date) {
  return review.result !== 'good' && review.changed_at === null && now < changeDeadline(review.created_at);
}

// ---- follow-ups

export const FOLLOWUP_OUTCOMES = {
  resolved: '已解决',
  changed_to_good: '买家已改好评',
  unresolved: '未解决',
} as const;
export type FollowupOutcome = keyof typeof FOLLOWUP_OUTCOMES;
export const CONTACT_CHANNELS = ['chat', 'phone', 'sms'] as const;
export type FollowupStatus = 'open' | 'contacted' | 'closed';

/** A contact with the buyer is noted while the follow-up is open; it then shows as contacted. */
export function decideContact(f: { status: FollowupStatus }) {
  if (f.status === 'closed') throw refuse('FOLLOWUP_CLOSED', 409, '该回访已结束', 'This follow-up is closed');
  return { status: 'contacted' as const };
}

/**
 * A follow-up closes once, with its outcome: "changed to good" when the review now is good (the buyer's change closes
 * it so), "resolved" or "unresolved" once someone has spoken to the buyer.
 */
export function decideCloseFollowup(f: { status: FollowupStatus; contacts: number }, review: { result: Result }, outcome: FollowupOutcome) {
  if (f.status === 'closed') throw refuse('FOLLOWUP_CLOSED', 409, '该回访已结束', 'This follow-up is closed');
  if (outcome === 'changed_to_good' && review.result !== 'good') {
    throw refuse('REVIEW_NOT_CHANGED', 409, '买家尚未改为好评', 'The buyer has not changed the review to good');
  }
  if (outcome !== 'changed_to_good' && f.contacts === 0) {
    throw refuse('FOLLOWUP_NOT_CONTACTED', 409, '请先记录与买家的联系', 'Record a contact with the buyer before closing');
  }
  return { status: 'closed' as const, outcome };
}

// ---- statistics

export interface Counts {
  good: number;
  neutral: number;
  bad: number;
}
/** 好评率 as the platform shows it: good ÷ all reviews, to four places (null when there are none). */
export function withRates(c: Counts) {
  const total = c.good + c.neutral + c.bad;
  return { ...c, total, good_rate: total ? Math.round((c.good / total) * 10_000) / 10_000 : null };
}

export const STATS_GROUPS = ['none', 'item', 'day', 'week', 'month'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];
export const STATS_MAX_DAYS = 366;

export function checkPeriod(start: Date, end: Date) {
  if (end <= start) throw refuse('BAD_PERIOD', 400, '结束时间须晚于开始时间', 'The end must be after the start');
  if (end.getTime() - start.getTime() > STATS_MAX_DAYS * DAY_MS) {
    throw refuse('PERIOD_TOO_LONG', 400, `统计区间不能超过 ${STATS_MAX_DAYS} 天`, `A period may span ${STATS_MAX_DAYS} days at most`);
  }
}
