import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Review } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount, requireBuyer } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, getShop } from '../accounts/index.ts';
import { getTrade, listOrders } from '../trades/index.ts';
import { addReviews, changeReview } from './actions.ts';
import { registerFollowupRoutes } from './followups-api.ts';
import {
  canChange, changeDeadline, checkPeriod, CONTENT_MAX, rateable, RESULT_CODES, RESULTS, reviewDeadline, STATS_GROUPS, withRates,
} from './rules.ts';
import { ReviewSchema, ReviewStatsSchema } from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['reviews'];
const Tid = z.object({ tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Content = z.string().max(CONTENT_MAX * 4);
const AddSchema = z.object({
  rates: z.array(z.object({
    oid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), result: z.enum(RESULT_CODES).describe('good 好评, neutral 中评, bad 差评'),
    content: Content.default(''),
  })).min(1).max(50),
});
const ChangeSchema = z.object({ result: z.enum(RESULT_CODES), content: Content.optional() });
const ListQuery = z.object({
  result: z.enum(RESULT_CODES).optional(), num_iid: z.coerce.number().int().positive().optional(), tid: Tid.shape.tid.optional(),
  start: z.coerce.date().optional(), end: z.coerce.date().optional(),
  before_id: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(40),
});
const StatsQuery = z.object({
  start: z.coerce.date().optional(), end: z.coerce.date().optional(), group_by: z.enum(STATS_GROUPS).default('none'),
  num_iid: z.coerce.number().int().positive().optional(),
});

export const presentReview = (r: Review, now: Date, forBuyer = false) => ({
  id: r.id, tid: r.tid, oid: r.oid, num_iid: r.num_iid, item_title: r.item_title,
  buyer_nick: forBuyer ? undefined : r.buyer_nick,
  result: r.result, result_name: RESULTS[r.result], content: r.content,
  original_result: r.original_result, original_content: r.original_content,
  created: r.created_at, changed: r.changed_at,
  can_change: canChange(r, now), change_deadline: r.result === 'good' || r.changed_at ? null : changeDeadline(r.created_at),
});

/** Reviews (SPEC §8): the buyer rates and may change once; the shop reads them and their statistics. */
export function registerReviewRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.post('/api/buyer/trades/:tid/reviews', {
    schema: { operationId: 'traderate.add', tags: ['buyer'], params: Tid, body: AddSchema,
      summary: 'Rate sub-orders of a finished trade (within 15 days): good, neutral or bad with a text',
      response: { 201: z.object({ reviews: z.array(ReviewSchema) }) } },
  }, async (request, reply) => {
    const buyer = await requireBuyer(ctx, request);
    const now = ctx.clock.now();
    const rows = await inTransaction(ctx, (uow) => addReviews(uow, buyer, request.params.tid, request.body.rates, now));
    return reply.status(201).send({ reviews: rows.map((r) => presentReview(r, now, true)) });
  });

  app.get('/api/buyer/trades/:tid/reviews', {
    schema: { operationId: 'traderate.bought.get', tags: ['buyer'], params: Tid,
      summary: 'The buyer\'s reviews of a trade, and the sub-orders still to rate with their deadline',
      response: {
        200: z.object({
          reviews: z.array(ReviewSchema),
          rateable: z.array(z.object({ oid: Int, title: z.string(), deadline: Timestamp })),
        }),
      } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { tid } = request.params;
    const trade = await getTrade(db, { buyerId: buyer.id }, tid);
    if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
    const now = ctx.clock.now();
    const [orders, reviews] = await Promise.all([listOrders(db, tid), store.listReviews(db, { buyerId: buyer.id, tid, limit: 100 })]);
    const open = rateable(trade, orders, new Set(reviews.map((r) => r.oid)), now);
    return {
      reviews: reviews.map((r) => presentReview(r, now, true)),
      rateable: open.map((o) => ({ oid: o.oid, title: orders.find((x) => x.oid === o.oid)!.title,
        deadline: reviewDeadline((o.end_time ?? trade.end_time)!) })),
    };
  });

  app.post('/api/buyer/reviews/:id/change', {
    schema: { operationId: 'traderate.update', tags: ['buyer'], params: Id, body: ChangeSchema,
      summary: 'Change a neutral or bad review to good: once, within 30 days of giving it',
      response: { 200: z.object({ review: ReviewSchema }) } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const now = ctx.clock.now();
    const row = await inTransaction(ctx, (uow) =>
      changeReview(uow, buyer, request.params.id, request.body.result, request.body.content, now));
    return { review: presentReview(row, now, true) };
  });

  app.get('/api/reviews', {
    schema: { operationId: 'traderates.get', tags: TAGS, querystring: ListQuery,
      summary: 'The shop\'s reviews, newest first, by result, item, trade or time',
      response: { 200: z.object({ reviews: z.array(ReviewSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const rows = await store.listReviews(db, { shopId: actor.shopId, result: q.result, numIid: q.num_iid, tid: q.tid,
      start: q.start, end: q.end, beforeId: q.before_id, limit: q.limit });
    const now = ctx.clock.now();
    return { reviews: rows.map((r) => presentReview(r, now)) };
  });

  app.get('/api/reviews/stats', {
    schema: { operationId: 'traderates.stats.get', tags: TAGS, querystring: StatsQuery,
      summary: 'Good / neutral / bad counts and good rate in [start, end) (default the last 30 days): for the shop, per item, per day, week or month',
      response: { 200: ReviewStatsSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const end = q.end ?? ctx.clock.now();
    const start = q.start ?? new Date(end.getTime() - 30 * 86_400_000);
    checkPeriod(start, end);
    const shop = await getShop(db, actor.shopId);
    const base = { start, end, timezone: shop.timezone, numIid: q.num_iid };
    const [total] = await store.countReviews(db, actor.shopId, { ...base, group: 'none' });
    const groups = q.group_by === 'none' ? [] : await store.countReviews(db, actor.shopId, { ...base, group: q.group_by });
    const counts = ({ good, neutral, bad }: { good: number; neutral: number; bad: number }) => withRates({ good, neutral, bad });
    return {
      start, end, group_by: q.group_by, timezone: shop.timezone,
      totals: counts(total ?? { good: 0, neutral: 0, bad: 0 }),
      groups: groups.map((g) => q.group_by === 'item'
        ? { num_iid: Number(g.key), title: g.title, ...counts(g) }
        : { period: g.key, ...counts(g) }),
    };
  });

  registerFollowupRoutes(app, ctx);
}
