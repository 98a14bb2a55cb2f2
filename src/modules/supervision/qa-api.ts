import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import type { Hub } from '../../realtime/server.ts';
import { recordAudit } from '../audit/index.ts';
import { statsRules } from '../stats/index.ts';
import {
  checkAcknowledge, checkRubric, checkScores, maxTotal, notSupervisor, RUBRIC_KEY, RUBRIC_LIMITS, supervises, TEMPLATE_RUBRIC,
  type RubricItem,
} from './rules.ts';
import { QaReviewSchema, RubricItemSchema, RubricSchema, SupervisedMessageSchema } from './schemas.ts';
import * as store from './store.ts';

const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Item = z.object({
  key: z.string().regex(RUBRIC_KEY), name: z.string().trim().min(1).max(30), max_score: z.number().int().min(1).max(RUBRIC_LIMITS.maxScore),
  description: z.string().trim().max(200).optional(),
});
const tags = ['supervision'];
const RubricAnswer = z.object({ rubric: RubricSchema });
const ReviewAnswer = z.object({ review: QaReviewSchema });
const ReviewList = z.object({ reviews: z.array(QaReviewSchema) });
/** A rubric's items are kept as JSON, always as checkRubric left them. */
const withItems = <T extends { items: unknown }>(r: T) => r as T & { items: RubricItem[] };

const rubricNotFound = () => new AppError('QA_RUBRIC_NOT_FOUND', 404, '评分表不存在', 'No such rubric in this shop');
const reviewNotFound = () => new AppError('QA_REVIEW_NOT_FOUND', 404, '质检记录不存在', 'No such review in this shop');

/** What an agent or a supervisor is shown of a review: the scores with each item's name and comment. */
function presentReview(r: store.ReviewRow) {
  return {
    id: r.id, conversation_id: r.conversation_id, assignment_id: r.assignment_id, buyer_nick: r.buyer_nick,
    agent: { id: r.agent_id, name: r.agent_name, login: r.agent_login }, status: r.status,
    session: { assigned_at: r.assigned_at, ended_at: r.ended_at, from_seq: r.start_seq === null ? null : r.start_seq + 1, to_seq: r.end_seq },
    items: r.rubric_items.map((i) => ({ ...i, score: r.scores?.[i.key] ?? null, comment: r.item_comments?.[i.key] ?? null })),
    total: r.total, max_total: r.max_total, comment: r.comment,
    reviewer: r.reviewer_id ? { id: r.reviewer_id, name: r.reviewer_name } : null,
    sampled_at: r.sampled_at, scored_at: r.scored_at, acknowledged_at: r.acknowledged_at, version: r.version,
  };
}

/** 质检: rubrics, sampling served sessions, scoring with comments, and the agent's side (read, acknowledge). */
export function registerQaRoutes(app: ZodApp, ctx: AppContext, hub: Hub) {
  const db = ctx.database.db;
  const supervisor = async (request: Parameters<typeof requireAccount>[1]) => {
    const actor = await requireAccount(ctx, request);
    if (!supervises(actor)) throw notSupervisor();
    return actor;
  };

  app.get('/api/supervision/qa/rubrics', {
    schema: { operationId: 'supervision.qa.rubrics.get', tags, summary: "The shop's rubrics, and a template to start from",
      response: { 200: z.object({ rubrics: z.array(RubricSchema), template: z.array(RubricItemSchema).describe('items to start a rubric from') }) } },
  }, async (request) => {
    const actor = await supervisor(request);
    return { rubrics: (await store.listRubrics(db, actor.shopId)).map(withItems), template: TEMPLATE_RUBRIC };
  });

  app.post('/api/supervision/qa/rubrics', {
    schema: {
      operationId: 'supervision.qa.rubric.add', tags, summary: 'Create a rubric: items with a key, a name and full marks',
      body: z.object({ name: z.string().trim().min(1).max(30), items: z.array(Item).min(1).max(RUBRIC_LIMITS.items) }),
      response: { 201: RubricAnswer },
    },
  }, async (request, reply) => {
    const actor = await supervisor(request);
    const items = checkRubric(request.body.items);
    const now = ctx.clock.now();
    const rubric = await inTransaction(ctx, async ({ trx }) => {
      const r = await store.insertRubric(trx, { shopId: actor.shopId, name: request.body.name, items, by: actor.id, now });
      if (!r) throw new AppError('QA_RUBRIC_NAME_TAKEN', 409, '已有同名评分表', 'A rubric of that name exists');
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'qa.rubric.create', entity: 'qa_rubric', entityId: r.id, after: r, at: now });
      return r;
    });
    return reply.status(201).send({ rubric: withItems(rubric) });
  });

  app.patch('/api/supervision/qa/rubrics/:id', {
    schema: {
      operationId: 'supervision.qa.rubric.update', tags, params: Id,
      summary: 'Rename, change the items of, or retire a rubric; reviews already sampled keep the items they were sampled with',
      body: z.object({ name: z.string().trim().min(1).max(30).optional(), items: z.array(Item).min(1).max(RUBRIC_LIMITS.items).optional(),
        active: z.boolean().optional(), version: z.number().int().min(1) }),
      response: { 200: RubricAnswer },
    },
  }, async (request) => {
    const actor = await supervisor(request);
    const { version, ...patch } = request.body;
    if (patch.items) checkRubric(patch.items);
    const now = ctx.clock.now();
    const rubric = await inTransaction(ctx, async ({ trx }) => {
      const before = await store.lockRubric(trx, actor.shopId, request.params.id);
      if (!before) throw rubricNotFound();
      if (before.version !== version) throw new AppError('QA_RUBRIC_CHANGED', 409, '评分表已被他人修改，请刷新后重试', 'Someone changed the rubric meanwhile; reload');
      const after = await store.updateRubric(trx, before.id, patch, now).catch((err) => {
        if (/unique|duplicate/i.test(String(err?.message))) throw new AppError('QA_RUBRIC_NAME_TAKEN', 409, '已有同名评分表', 'A rubric of that name exists');
        throw err;
      });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'qa.rubric.update', entity: 'qa_rubric', entityId: before.id, before, after, at: now });
      return after;
    });
    return { rubric: withItems(rubric) };
  });

  app.post('/api/supervision/qa/samples', {
    schema: {
      operationId: 'supervision.qa.samples.add', tags,
      summary: 'Sample served sessions (ended assignments with an answer) of a range of days at random, not reviewed yet, for review',
      body: z.object({
        rubric_id: z.number().int().positive(), from: z.string(), to: z.string(), count: z.number().int().min(1).max(100),
        agent_id: z.number().int().positive().optional(),
      }),
      response: { 201: ReviewList },
    },
  }, async (request, reply) => {
    const actor = await supervisor(request);
    const b = request.body;
    statsRules.checkRange(b.from, b.to);
    const now = ctx.clock.now();
    const ids = await inTransaction(ctx, async (uow) => {
      const rubric = await store.getRubric(uow.trx, actor.shopId, b.rubric_id);
      if (!rubric || !rubric.active) throw rubricNotFound();
      const items = rubric.items as RubricItem[];
      const { from, to } = await store.dayBounds(uow.trx, actor.shopId, b.from, b.to);
      const sessions = await store.sampleSessions(uow.trx, actor.shopId, from, to, b.count, b.agent_id);
      // A session sampled meanwhile by someone else is skipped (one review per session).
      const created = await store.insertReviews(uow.trx, actor.shopId, { id: rubric.id, items, max: maxTotal(items) }, sessions, actor.id, now);
      await recordAudit(uow.trx, { shopId: actor.shopId, actor, action: 'qa.sample', entity: 'shop', entityId: actor.shopId,
        after: { rubric_id: rubric.id, from: b.from, to: b.to, agent_id: b.agent_id ?? null, review_ids: created }, at: now });
      uow.emit({ type: 'qa.reviews.sampled', shopId: actor.shopId, payload: { review_ids: created } });
      return created;
    });
    const reviews = ids.length ? await store.listReviews(db, actor.shopId, { ids, limit: ids.length }) : [];
    return reply.status(201).send({ reviews: reviews.map(presentReview) });
  });

  app.get('/api/supervision/qa/reviews', {
    schema: {
      operationId: 'supervision.qa.reviews.get', tags, summary: 'Reviews, newest first: filter by status or agent',
      querystring: z.object({
        status: z.enum(['pending', 'scored']).optional(), agent_id: z.coerce.number().int().positive().optional(),
        before_id: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: ReviewList },
    },
  }, async (request) => {
    const actor = await supervisor(request);
    const q = request.query;
    const rows = await store.listReviews(db, actor.shopId, { status: q.status, agentId: q.agent_id, beforeId: q.before_id, limit: q.limit });
    return { reviews: rows.map(presentReview) };
  });

  app.get('/api/supervision/qa/mine', {
    schema: { operationId: 'supervision.qa.mine.get', tags, summary: 'My scored reviews with the supervisor’s comments, newest first',
      response: { 200: ReviewList } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const rows = await store.listReviews(db, actor.shopId, { status: 'scored', agentId: actor.id, limit: 200 });
    return { reviews: rows.map(presentReview) };
  });

  app.get('/api/supervision/qa/reviews/:id', {
    schema: { operationId: 'supervision.qa.review.get', tags, params: Id, summary: 'A review with the messages of its session',
      response: { 200: ReviewAnswer.extend({ messages: z.array(SupervisedMessageSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const [r] = await store.listReviews(db, actor.shopId, { ids: [request.params.id], limit: 1 });
    // The agent reviewed sees it once scored; a supervisor sees every one.
    if (!r || (!supervises(actor) && (r.agent_id !== actor.id || r.status !== 'scored'))) throw reviewNotFound();
    const messages = r.start_seq === null ? [] : await store.messagesOf(db, r.conversation_id, { afterSeq: r.start_seq, toSeq: r.end_seq, limit: 1000 });
    return { review: presentReview(r), messages };
  });

  app.post('/api/supervision/qa/reviews/:id/score', {
    schema: {
      operationId: 'supervision.qa.review.score', tags, params: Id,
      summary: 'Score every item of the rubric (and comment); the agent sees it. `version` as read guards against two reviewers at once',
      body: z.object({
        scores: z.record(z.string(), z.number()), item_comments: z.record(z.string(), z.string().trim().max(200)).optional(),
        comment: z.string().trim().max(1000).optional(), version: z.number().int().min(1),
      }),
      response: { 200: ReviewAnswer },
    },
  }, async (request) => {
    const actor = await supervisor(request);
    const b = request.body;
    const now = ctx.clock.now();
    const review = await inTransaction(ctx, async (uow) => {
      const before = await store.lockReview(uow.trx, actor.shopId, request.params.id);
      if (!before) throw reviewNotFound();
      if (before.version !== b.version) {
        throw new AppError('QA_REVIEW_CHANGED', 409, '该质检已被他人修改，请刷新后重试', 'Someone changed this review meanwhile; reload and try again', { version: before.version });
      }
      const comments = Object.fromEntries(Object.entries(b.item_comments ?? {}).filter(([, v]) => v.length > 0));
      const { total } = checkScores(before.rubric_items, b.scores, comments);
      await store.scoreReview(uow.trx, before.id, { scores: b.scores, comments, comment: b.comment || null, total, by: actor.id, now });
      await recordAudit(uow.trx, { shopId: actor.shopId, actor, action: 'qa.review.score', entity: 'qa_review', entityId: before.id,
        before: { status: before.status, scores: before.scores, total: before.total, comment: before.comment },
        after: { status: 'scored', scores: b.scores, total, comment: b.comment ?? null }, at: now });
      uow.emit({ type: 'qa.review.scored', shopId: actor.shopId, payload: { review_id: before.id, agent_id: before.agent_id, total, max_total: before.max_total } });
      return (await store.lockReview(uow.trx, actor.shopId, before.id))!;
    });
    const presented = presentReview(review);
    hub.toAgents({ agentId: review.agent_id }, 'qa:reviewed', { review: presented });
    return { review: presented };
  });

  app.post('/api/supervision/qa/reviews/:id/acknowledge', {
    schema: { operationId: 'supervision.qa.review.acknowledge', tags, params: Id, summary: 'The agent reviewed confirms having read the outcome',
      response: { 200: ReviewAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const now = ctx.clock.now();
    const review = await inTransaction(ctx, async ({ trx }) => {
      const r = await store.lockReview(trx, actor.shopId, request.params.id);
      if (!r) throw reviewNotFound();
      checkAcknowledge(r, actor.id);
      await store.acknowledgeReview(trx, r.id, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'qa.review.acknowledge', entity: 'qa_review', entityId: r.id, at: now });
      return (await store.lockReview(trx, actor.shopId, r.id))!;
    });
    return { review: presentReview(review) };
  });
}
