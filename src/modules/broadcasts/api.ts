import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import type { Hub } from '../../realtime/server.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { chatRules } from '../chat/index.ts';
import { getLevels, getSegment, resolveRule } from '../customers/index.ts';
import { PROGRESS_EVENT, progressPayload, registerDelivery, scheduleBatch } from './delivery.ts';
import { BROADCAST_LIMITS, BROADCAST_STATUSES, checkCancellable, checkCanStart, checkHasRecipients, checkText, progressOf, RECIPIENT_STATUSES } from './rules.ts';
import * as store from './store.ts';
import type { BroadcastRow } from './store.ts';

const TAGS = ['broadcasts'];
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const BroadcastBody = z.object({
  segment_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('客户分群'),
  text: z.string().max(BROADCAST_LIMITS.text * 2).describe('群发内容；{买家} 换成买家昵称'),
  rate_per_minute: z.number().int().min(BROADCAST_LIMITS.minRate).max(BROADCAST_LIMITS.maxRate)
    .default(BROADCAST_LIMITS.defaultRate).describe('每分钟最多发送条数'),
});
const ListQuery = z.object({
  before_id: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const RecipientsQuery = z.object({
  status: z.enum(RECIPIENT_STATUSES).optional(),
  page_no: z.coerce.number().int().min(1).max(10_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});

const BroadcastSchema = z.object({
  id: Int,
  segment_id: Int.nullable().describe('null once the segment is deleted'),
  segment_name: z.string(),
  rule: AnyJson.describe("the segment's rule as it was when the broadcast started"),
  text: z.string(),
  status: z.enum(BROADCAST_STATUSES),
  rate_per_minute: Int,
  total: Int,
  sent: Int,
  skipped_opt_out: Int,
  failed: Int,
  pending: Int,
  percent: Int.describe('0–100, of the recipients done (sent, skipped or failed)'),
  created_by: z.string(),
  created_at: Timestamp,
  finished_at: Timestamp.nullable(),
});
const BroadcastAnswer = z.object({ broadcast: BroadcastSchema });
const RecipientSchema = z.object({
  customer_id: Int,
  nick: z.string(),
  status: z.enum(RECIPIENT_STATUSES),
  reason: z.string().nullable().describe('why it failed'),
  conversation_id: Int.nullable(),
  seq: Int.nullable().describe('the chat message that carried it'),
  updated_at: Timestamp,
});

const broadcastNotFound = (id: number) =>
  new AppError('BROADCAST_NOT_FOUND', 404, `群发 ${id} 不存在`, `Broadcast ${id} not found`, { id });

export const presentBroadcast = (b: BroadcastRow) => ({
  id: b.id, segment_id: b.segment_id, segment_name: b.segment_name, rule: b.rule, text: b.text, status: b.status,
  rate_per_minute: b.rate_per_minute, total: b.total, sent: b.sent, skipped_opt_out: b.skipped_opt_out, failed: b.failed,
  ...progressOf(b), created_by: b.created_by_name, created_at: b.created_at, finished_at: b.finished_at,
});

/**
 * Broadcasts (群发, SPEC §7) to a saved segment through the chat: started, watched and cancelled here, delivered in
 * paced batches by the job runner (delivery.ts).
 */
export function registerBroadcasts(app: ZodApp, ctx: AppContext, jobs: JobRunner, hub?: Hub) {
  const db = ctx.database.db;
  const origin = randomUUID();
  const unsubscribe = registerDelivery(ctx, jobs, origin, hub);
  app.addHook('onClose', async () => unsubscribe());

  async function load(shopId: number, id: number) {
    const b = await store.getBroadcast(db, shopId, id);
    if (!b) throw broadcastNotFound(id);
    return b;
  }

  app.post('/api/broadcasts', {
    schema: { operationId: 'crm.broadcast.send', tags: TAGS, body: BroadcastBody, response: { 201: BroadcastAnswer },
      summary: 'Broadcast a text to a segment\'s customers through the chat, paced; opted-out customers are skipped' },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const { segment_id, rate_per_minute } = request.body;
    // The chat's own cleaning (control characters, broken surrogates): the text goes out as a chat message.
    const text = chatRules.textBody(checkText(request.body.text)).text;
    const now = ctx.clock.now();
    const id = await inTransaction(ctx, async ({ trx, emit }) => {
      const segment = await getSegment(trx, actor.shopId, segment_id);
      if (!segment) throw new AppError('SEGMENT_NOT_FOUND', 404, `客户分群 ${segment_id} 不存在`, `Segment ${segment_id} not found`);
      await store.lockShopBroadcasts(trx, actor.shopId);
      checkCanStart(await store.countSending(trx, actor.shopId));
      const filter = resolveRule(segment.rule, await getLevels(trx, actor.shopId), now);
      const broadcastId = await store.insertBroadcast(trx, {
        shopId: actor.shopId, segmentId: segment.id, segmentName: segment.name, rule: segment.rule, text, rate: rate_per_minute,
        createdBy: actor.id, createdByName: actor.login, now,
      });
      const total = await store.chooseRecipients(trx, actor.shopId, broadcastId, filter, now);
      checkHasRecipients(total);
      await scheduleBatch(trx, { id: broadcastId, shopId: actor.shopId, batch: 1, at: now });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'broadcast.send', entity: 'broadcast', entityId: broadcastId, at: now,
        after: { segment_id: segment.id, segment_name: segment.name, rule: segment.rule, text, rate_per_minute, recipients: total } });
      const b = (await store.getBroadcast(trx, actor.shopId, broadcastId))!;
      emit({ type: PROGRESS_EVENT, shopId: actor.shopId, payload: { ...progressPayload(b), origin } });
      return broadcastId;
    });
    return reply.status(201).send({ broadcast: presentBroadcast(await load(actor.shopId, id)) });
  });

  app.get('/api/broadcasts', {
    schema: { operationId: 'crm.broadcasts.get', tags: TAGS, querystring: ListQuery, summary: 'The shop\'s broadcasts, newest first',
      response: { 200: z.object({ broadcasts: z.array(BroadcastSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const rows = await store.listBroadcasts(db, actor.shopId, request.query.limit, request.query.before_id);
    return { broadcasts: rows.map(presentBroadcast) };
  });

  app.get('/api/broadcasts/:id', {
    schema: { operationId: 'crm.broadcast.get', tags: TAGS, params: Id, response: { 200: BroadcastAnswer },
      summary: 'A broadcast and its progress: total, sent, skipped (opted out), failed, pending, percent' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    return { broadcast: presentBroadcast(await load(actor.shopId, request.params.id)) };
  });

  app.get('/api/broadcasts/:id/recipients', {
    schema: { operationId: 'crm.broadcast.recipients.get', tags: TAGS, params: Id, querystring: RecipientsQuery,
      response: { 200: z.object({ recipients: z.array(RecipientSchema), total: Int, page_no: Int, page_size: Int }) },
      summary: 'The recipients with their status: pending, sent, skipped_opt_out, failed (with a reason)' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    await load(actor.shopId, request.params.id);
    const q = request.query;
    const { rows, total } = await store.listRecipients(db, actor.shopId, request.params.id,
      { status: q.status, limit: q.page_size, offset: (q.page_no - 1) * q.page_size });
    return { recipients: rows, total, page_no: q.page_no, page_size: q.page_size };
  });

  app.post('/api/broadcasts/:id/cancel', {
    schema: { operationId: 'crm.broadcast.cancel', tags: TAGS, params: Id, response: { 200: BroadcastAnswer },
      summary: 'Stop a broadcast that is sending; the recipients not yet reached stay pending' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx, emit }) => {
      const b = await store.lockBroadcast(trx, actor.shopId, id);
      if (!b) throw broadcastNotFound(id);
      checkCancellable(b.status);
      await store.setStatus(trx, id, 'cancelled', now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'broadcast.cancel', entity: 'broadcast', entityId: id, at: now,
        before: { status: b.status, sent: b.sent }, after: { status: 'cancelled' } });
      emit({ type: PROGRESS_EVENT, shopId: actor.shopId, payload: { ...progressPayload({ ...b, status: 'cancelled' }), origin } });
    });
    return { broadcast: presentBroadcast(await load(actor.shopId, id)) };
  });
}
