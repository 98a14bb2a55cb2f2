import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of reviews and their follow-ups. */
const Result = z.enum(['good', 'neutral', 'bad']);

export const ReviewSchema = z.object({
  id: Int,
  tid: Int,
  oid: Int,
  num_iid: Int,
  item_title: z.string(),
  buyer_nick: z.string().optional().describe('for the shop only'),
  result: Result,
  result_name: z.string(),
  content: z.string(),
  original_result: Result.describe('as first given, before a change'),
  original_content: z.string(),
  created: Timestamp,
  changed: Timestamp.nullable(),
  can_change: z.boolean().describe('whether the buyer may still change it to good'),
  change_deadline: Timestamp.nullable(),
});

const Counts = {
  good: Int, neutral: Int, bad: Int, total: Int,
  good_rate: z.number().nullable().describe('good ÷ total, to four decimals; null without reviews'),
};
export const ReviewStatsSchema = z.object({
  start: Timestamp,
  end: Timestamp,
  group_by: z.enum(['none', 'item', 'day', 'week', 'month']),
  timezone: z.string(),
  totals: z.object(Counts),
  groups: z.array(z.union([
    z.object({ num_iid: Int, title: z.string(), ...Counts }),
    z.object({ period: z.string().describe('the first day of the day, week or month, YYYY-MM-DD'), ...Counts }),
  ])).describe('per item (group_by item), or per period'),
});

/** A follow-up of a neutral or bad review: its row, every column shown but the shop. */
export const FollowupSchema = z.looseObject({
  id: Int,
  review_id: Int,
  tid: Int,
  oid: Int,
  buyer_nick: z.string(),
  result: z.string().describe('the review result that opened it'),
  status: z.enum(['open', 'contacted', 'closed']),
  outcome: z.string().nullable().describe('resolved, changed_to_good or unresolved'),
  outcome_name: z.string().nullable(),
  outcome_note: z.string().nullable(),
  contacts: Int,
  created_at: Timestamp,
  updated_at: Timestamp,
  closed_by: z.string().nullable(),
  closed_at: Timestamp.nullable(),
});

export const FollowupContactSchema = z.object({
  id: Int, followup_id: Int, channel: z.enum(['chat', 'phone', 'sms']), note: z.string(), by_name: z.string(), at: Timestamp,
});

/** In the queue, a follow-up comes with its review as it is now and every contact made. */
export const FollowupInQueueSchema = FollowupSchema.extend({
  review_result: Result,
  review_content: z.string(),
  num_iid: Int,
  item_title: z.string(),
  review_changed_at: Timestamp.nullable(),
  contact_log: z.array(FollowupContactSchema),
});
