import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, type AccountActor } from '../accounts/rules.ts';
import { recordAudit } from '../audit/index.ts';
import { Id } from './tokens-api.ts';
import { post, type WebhookSender } from './webhooks-delivery.ts';
import type { WebhookDispatcher } from './webhooks-dispatcher.ts';
import type { MessageWebhooks } from './message-webhooks.ts';
import {
  checkEvents, checkUrl, deliveryBody, deliveryHeaders, KNOWN_EVENTS, newSecret, secretHint, WEBHOOK_LIMITS, WEBHOOKS_CHANGED,
} from './webhooks-rules.ts';
import * as store from './webhooks-store.ts';

const TAGS = ['integration'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const Events = z.array(z.string().max(80)).min(1).max(WEBHOOK_LIMITS.events)
  .describe(`event names or patterns, e.g. ${KNOWN_EVENTS.slice(0, 3).join(', ')}, refund.*, *`);
const WebhookSchema = z.object({
  id: z.number(), url: z.string(), description: z.string(), events: z.array(z.string()), enabled: z.boolean(),
  secret_hint: z.string().describe('the first characters of the signing secret'), created_at: z.string(), updated_at: z.string(),
});
const DeliverySchema = z.object({
  id: z.number(), webhook_id: z.number(), event: z.string(), event_id: z.number().nullable(), test: z.boolean(),
  status: z.enum(['pending', 'sending', 'delivered', 'failed']), attempts: z.number(), last_status_code: z.number().nullable(),
  last_error: z.string().nullable(), next_attempt_at: z.string().nullable(), last_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(), created_at: z.string(),
});
const AttemptSchema = z.object({
  attempt: z.number(), started_at: z.string(), duration_ms: z.number(), status_code: z.number().nullable(),
  error: z.string().nullable(), response_excerpt: z.string().nullable(),
});
const HookParams = Id;
const DeliveryParams = z.object({ id: Id.shape.id, delivery_id: Id.shape.id });

const presentHook = (w: store.WebhookRow): z.infer<typeof WebhookSchema> => ({
  id: w.id, url: w.url, description: w.description, events: w.events, enabled: w.enabled, secret_hint: secretHint(w.secret),
  created_at: iso(w.created_at)!, updated_at: iso(w.updated_at)!,
});
const presentDelivery = (d: store.DeliveryRow): z.infer<typeof DeliverySchema> => ({
  id: d.id, webhook_id: d.webhook_id, event: d.event_type, event_id: d.outbox_id, test: d.is_test, status: d.status,
  attempts: d.attempts, last_status_code: d.last_status_code, last_error: d.last_error, next_attempt_at: iso(d.next_attempt_at),
  last_attempt_at: iso(d.last_attempt_at), delivered_at: iso(d.delivered_at), created_at: iso(d.created_at)!,
});

const hookNotFound = (id: number) => new AppError('WEBHOOK_NOT_FOUND', 404, `回调 ${id} 不存在`, `Webhook ${id} not found`, { id });
const auditable = (w: { url: string; description: string; events: string[]; enabled: boolean }) =>
  ({ url: w.url, description: w.description, events: w.events, enabled: w.enabled });

export function registerWebhookRoutes(
  app: ZodApp, ctx: AppContext, dispatcher: WebhookDispatcher, sender: WebhookSender, messageHooks: MessageWebhooks,
) {
  const db = ctx.database.db;
  // Every node hears `webhook.changed`; this one also refreshes before answering, so the change holds from its answer on.
  const changed = (shopId: number, webhookId: number, action: string) =>
    ({ type: WEBHOOKS_CHANGED, shopId, payload: { webhook_id: webhookId, action } });
  async function forget(shopId: number) {
    dispatcher.forget(shopId);
    await messageHooks.refresh(shopId);
  }

  async function manager(request: Parameters<typeof requireAccount>[1]): Promise<AccountActor> {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    return actor;
  }
  async function load(shopId: number, id: number) {
    const w = await store.getWebhook(db, shopId, id);
    if (!w) throw hookNotFound(id);
    return w;
  }

  app.get('/api/integration/webhooks', {
    schema: {
      operationId: 'integration.webhooks.get', tags: TAGS, summary: "The shop's webhooks, and the event names known to be published",
      response: { 200: z.object({ webhooks: z.array(WebhookSchema), known_events: z.array(z.string()) }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    return { webhooks: (await store.listWebhooks(db, actor.shopId)).map(presentHook), known_events: [...KNOWN_EVENTS] };
  });

  app.post('/api/integration/webhooks', {
    schema: {
      operationId: 'integration.webhook.add', tags: TAGS,
      summary: 'Add a webhook; the signing secret is in this answer only',
      body: z.object({
        url: z.string().max(WEBHOOK_LIMITS.url),
        events: Events,
        description: z.string().max(WEBHOOK_LIMITS.description).default(''),
        enabled: z.boolean().default(true),
      }),
      response: { 201: z.object({ webhook: WebhookSchema, secret: z.string() }) },
    },
  }, async (request, reply) => {
    const actor = await manager(request);
    const url = checkUrl(request.body.url);
    const events = checkEvents(request.body.events);
    const { description, enabled } = request.body;
    const secret = newSecret();
    const now = ctx.clock.now();
    const id = await inTransaction(ctx, async ({ trx, emit }) => {
      await store.lockShop(trx, actor.shopId);
      if (await store.countWebhooks(trx, actor.shopId) >= WEBHOOK_LIMITS.perShop) {
        throw new AppError('TOO_MANY_WEBHOOKS', 409, `每个店铺最多 ${WEBHOOK_LIMITS.perShop} 个回调`, `At most ${WEBHOOK_LIMITS.perShop} webhooks per shop`);
      }
      const { id } = await store.insertWebhook(trx, { shopId: actor.shopId, url, description, events, secret, enabled, createdBy: actor.id, now });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'webhook.create', entity: 'webhook', entityId: id, at: now,
        after: auditable({ url, description, events, enabled }) });
      emit(changed(actor.shopId, id, 'create'));
      return id;
    });
    await forget(actor.shopId);
    return reply.status(201).send({ webhook: presentHook(await load(actor.shopId, id)), secret });
  });

  app.patch('/api/integration/webhooks/:id', {
    schema: {
      operationId: 'integration.webhook.update', tags: TAGS, params: HookParams,
      summary: 'Change a webhook; switching it off drops the deliveries it still had to send',
      body: z.object({
        url: z.string().max(WEBHOOK_LIMITS.url).optional(),
        events: Events.optional(),
        description: z.string().max(WEBHOOK_LIMITS.description).optional(),
        enabled: z.boolean().optional(),
      }),
      response: { 200: z.object({ webhook: WebhookSchema }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const { id } = request.params;
    const b = request.body;
    const patch = {
      ...(b.url !== undefined ? { url: checkUrl(b.url) } : {}),
      ...(b.events !== undefined ? { events: checkEvents(b.events) } : {}),
      ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
    };
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx, emit }) => {
      const before = await store.lockWebhook(trx, actor.shopId, id);
      if (!before) throw hookNotFound(id);
      await store.updateWebhook(trx, id, { ...patch, updated_at: now });
      emit(changed(actor.shopId, id, 'update'));
      if (patch.enabled === false) await store.dropPending(trx, id, 'webhook disabled');
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'webhook.update', entity: 'webhook', entityId: id, at: now,
        before: auditable(before), after: auditable({ ...before, ...patch }) });
    });
    await forget(actor.shopId);
    return { webhook: presentHook(await load(actor.shopId, id)) };
  });

  app.delete('/api/integration/webhooks/:id', {
    schema: {
      operationId: 'integration.webhook.delete', tags: TAGS, params: HookParams,
      summary: 'Delete a webhook: nothing more is sent; its delivery log is kept',
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx, emit }) => {
      const before = await store.lockWebhook(trx, actor.shopId, id);
      if (!before) throw hookNotFound(id);
      await store.updateWebhook(trx, id, { deleted_at: now, enabled: false, updated_at: now });
      emit(changed(actor.shopId, id, 'delete'));
      await store.dropPending(trx, id, 'webhook deleted');
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'webhook.delete', entity: 'webhook', entityId: id, at: now,
        before: auditable(before) });
    });
    await forget(actor.shopId);
    return { ok: true as const };
  });

  app.post('/api/integration/webhooks/:id/secret', {
    schema: {
      operationId: 'integration.webhook.secret.rotate', tags: TAGS, params: HookParams,
      summary: 'Replace the signing secret; the new one is in this answer only and signs every request from now on',
      response: { 200: z.object({ webhook: WebhookSchema, secret: z.string() }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const { id } = request.params;
    const secret = newSecret();
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      if (!(await store.lockWebhook(trx, actor.shopId, id))) throw hookNotFound(id);
      await store.updateWebhook(trx, id, { secret, updated_at: now });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'webhook.secret.rotate', entity: 'webhook', entityId: id, at: now });
    });
    return { webhook: presentHook(await load(actor.shopId, id)), secret };
  });

  app.post('/api/integration/webhooks/:id/test', {
    schema: {
      operationId: 'integration.webhook.test', tags: TAGS, params: HookParams,
      summary: 'Send a signed `webhook.test` event now and answer with the outcome (not retried)',
      response: { 200: z.object({ delivery: DeliverySchema }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const hook = await load(actor.shopId, request.params.id);
    const now = ctx.clock.now();
    const payload = { message: 'Xiaoer webhook test 回调测试', webhook_id: hook.id };
    const id = await inTransaction(ctx, async ({ trx }) => {
      const row = await store.insertDelivery(trx, {
        shopId: actor.shopId, webhookId: hook.id, outboxId: null, type: 'webhook.test', payload: JSON.stringify(payload), now,
        isTest: true, status: 'sending',
      });
      await store.setDelivery(trx, row!.id, { status: 'sending', attempts: 1, last_attempt_at: now, next_attempt_at: null });
      return row!.id;
    });
    const d = (await store.getDelivery(db, actor.shopId, id))!;
    const body = deliveryBody(d);
    const result = await post(hook.url, body, deliveryHeaders(d, 1, hook.secret, body, now));
    await sender.record(id, 1, now, result, false);
    return { delivery: presentDelivery((await store.getDelivery(db, actor.shopId, id))!) };
  });

  app.get('/api/integration/webhooks/:id/deliveries', {
    schema: {
      operationId: 'integration.webhook.deliveries.get', tags: TAGS, params: HookParams,
      summary: 'The delivery log of a webhook, newest first: status, attempts and the last answer',
      querystring: z.object({
        status: z.enum(['pending', 'sending', 'delivered', 'failed']).optional(),
        before_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ deliveries: z.array(DeliverySchema) }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const hook = await store.getWebhook(db, actor.shopId, request.params.id)
      ?? (await db.selectFrom('webhooks').select('id').where('shop_id', '=', actor.shopId).where('id', '=', request.params.id).executeTakeFirst());
    if (!hook) throw hookNotFound(request.params.id);
    const q = request.query;
    const rows = await store.listDeliveries(db, { shopId: actor.shopId, webhookId: hook.id, status: q.status, beforeId: q.before_id, limit: q.limit });
    return { deliveries: rows.map(presentDelivery) };
  });

  app.get('/api/integration/webhooks/:id/deliveries/:delivery_id', {
    schema: {
      operationId: 'integration.webhook.delivery.get', tags: TAGS, params: DeliveryParams,
      summary: 'One delivery with its payload and every attempt (status code, duration, error, start of the answer)',
      response: { 200: z.object({ delivery: DeliverySchema.extend({ payload: z.unknown(), attempts_log: z.array(AttemptSchema) }) }) },
    },
  }, async (request) => {
    const actor = await manager(request);
    const d = await store.getDelivery(db, actor.shopId, request.params.delivery_id);
    if (!d || d.webhook_id !== request.params.id) {
      throw new AppError('DELIVERY_NOT_FOUND', 404, '投递记录不存在', 'Delivery not found', { id: request.params.delivery_id });
    }
    const attempts = await store.listAttempts(db, actor.shopId, d.id);
    return {
      delivery: {
        ...presentDelivery(d), payload: d.payload,
        attempts_log: attempts.map((a) => ({ ...a, started_at: iso(a.started_at)! })),
      },
    };
  });
}
