import { sql, type Kysely } from 'kysely';
import type { DB, DeliveryStatus } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Db = Kysely<DB> | Trx;

const HOOK_COLUMNS = ['id', 'shop_id', 'url', 'description', 'events', 'secret', 'enabled', 'created_at', 'updated_at'] as const;

export async function listWebhooks(db: Db, shopId: number) {
  return db.selectFrom('webhooks').select(HOOK_COLUMNS).where('shop_id', '=', shopId).where('deleted_at', 'is', null)
    .orderBy('id').execute();
}

export async function getWebhook(db: Db, shopId: number, id: number) {
  return db.selectFrom('webhooks').select(HOOK_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .where('deleted_at', 'is', null).executeTakeFirst();
}
export type WebhookRow = NonNullable<Awaited<ReturnType<typeof getWebhook>>>;

export async function lockWebhook(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('webhooks').select(HOOK_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
}

/** Serialises creations in a shop, so the per-shop limit holds under concurrent requests. */
export async function lockShop(trx: Trx, shopId: number) {
  await trx.selectFrom('shops').select('id').where('id', '=', shopId).forUpdate().executeTakeFirst();
}

export async function countWebhooks(trx: Trx, shopId: number) {
  const r = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertWebhook(trx: Trx, w: {
  shopId: number; url: string; description: string; events: string[]; secret: string; enabled: boolean; createdBy: number; now: Date;
}) {
  return trx.insertInto('webhooks').values({
    shop_id: w.shopId, url: w.url, description: w.description, events: w.events, secret: w.secret, enabled: w.enabled,
    created_by: w.createdBy, created_at: w.now, updated_at: w.now,
  }).returning('id').executeTakeFirstOrThrow();
}

export async function updateWebhook(trx: Trx, id: number, patch: {
  url?: string; description?: string; events?: string[]; enabled?: boolean; secret?: string; deleted_at?: Date; updated_at: Date;
}) {
  await trx.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

/** The webhooks of a shop that listen at all: the dispatcher's first, cheap question for every event. */
export async function enabledWebhooks(db: Db, shopId: number) {
  return db.selectFrom('webhooks').select(['id', 'events']).where('shop_id', '=', shopId)
    .where('enabled', '=', true).where('deleted_at', 'is', null).execute();
}

/**
 * The outbox row of an event just heard on the bus that no delivery has taken yet. Every node hears every event,
 * so each looks for the row; the unique (webhook, outbox row) index lets only one of them write the deliveries.
 * Only the newest `window` rows are searched: a bus event is published right after its row commits.
 */
export async function findOutboxRow(trx: Trx, e: { shopId: number; type: string; payload: string }, window: number) {
  const r = await sql<{ id: number }>`
    select o.id from outbox o
    where o.id > (select coalesce(max(id), 0) from outbox) - ${window}
      and o.shop_id = ${e.shopId} and o.type = ${e.type} and o.payload = ${e.payload}::jsonb
      and not exists (select 1 from webhook_deliveries d where d.outbox_id = o.id)
    order by o.id desc limit 1`.execute(trx);
  return r.rows[0] ? Number(r.rows[0].id) : undefined;
}

export async function insertDelivery(trx: Trx, d: {
  shopId: number; webhookId: number; outboxId: number | null; type: string; payload: string; now: Date; isTest?: boolean;
  status?: DeliveryStatus;
}) {
  return trx.insertInto('webhook_deliveries').values({
    shop_id: d.shopId, webhook_id: d.webhookId, outbox_id: d.outboxId, event_type: d.type, payload: d.payload,
    is_test: d.isTest ?? false, status: d.status ?? 'pending', next_attempt_at: d.now, created_at: d.now,
  }).onConflict((oc) => oc.columns(['webhook_id', 'outbox_id']).doNothing())
    .returning('id').executeTakeFirst();
}

/** The shops (or the one shop asked about) with a switched-on webhook holding one of `patterns`. */
export async function shopsListening(db: Db, patterns: string[], shopId?: number) {
  let query = db.selectFrom('webhooks').select('shop_id').distinct()
    .where('enabled', '=', true).where('deleted_at', 'is', null).where(sql<boolean>`events && ${patterns}::text[]`);
  if (shopId !== undefined) query = query.where('shop_id', '=', shopId);
  return (await query.execute()).map((r) => Number(r.shop_id));
}

/**
 * The deliveries of stored chat messages, in one statement however many messages and webhooks: each message is read
 * back with its conversation (so the payload is what was stored), every switched-on webhook of its shop holding one
 * of `patterns` gets a row (none when a webhook was switched off a moment ago), the unique (webhook, source_key)
 * keeps one per webhook and message, and each new row gets the timer of its first attempt (timerKey `<id>:1` in
 * webhooks-delivery.ts). `agentId` undefined: the conversation's agent now. Returns how many deliveries it made.
 */
export async function insertMessageDeliveries(db: Db, messages: {
  conversationId: number; seq: number; sourceKey: string; agentId?: number | null;
}[], o: { type: string; patterns: string[]; jobKind: string; now: Date }) {
  const col = <T>(f: (m: (typeof messages)[number]) => T) => messages.map(f);
  const { rows } = await sql<{ n: number }>`
    with v as (
      select * from unnest(${col((m) => m.conversationId)}::bigint[], ${col((m) => m.seq)}::bigint[],
        ${col((m) => m.sourceKey)}::text[], ${col((m) => m.agentId ?? null)}::bigint[],
        ${col((m) => m.agentId !== undefined)}::boolean[])
        with ordinality as t(conversation_id, seq, source_key, agent_id, agent_known, ord)
    ),
    d as (
      insert into webhook_deliveries (shop_id, webhook_id, source_key, event_type, payload, status, next_attempt_at, created_at)
      select m.shop_id, w.id, v.source_key, ${o.type}, jsonb_build_object(
          'conversation_id', m.conversation_id, 'seq', m.seq, 'client_msg_id', m.client_msg_id,
          'sender', m.sender_kind, 'sender_id', m.sender_id, 'sender_name', m.sender_name, 'kind', m.kind, 'body', m.body,
          'created_at', to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'buyer_id', c.buyer_id, 'buyer_nick', c.buyer_nick,
          'agent_id', case when v.agent_known then v.agent_id else c.agent_id end),
        'pending', ${o.now}, ${o.now}
      from v
      join messages m on m.conversation_id = v.conversation_id and m.seq = v.seq
      join conversations c on c.id = m.conversation_id
      join webhooks w on w.shop_id = m.shop_id and w.enabled and w.deleted_at is null and w.events && ${o.patterns}::text[]
      order by v.ord, w.id
      on conflict (webhook_id, source_key) do nothing
      returning id, shop_id
    ),
    timers as (
      insert into jobs (kind, key, shop_id, run_at, payload)
      select ${o.jobKind}, d.id || ':1', d.shop_id, ${o.now}, jsonb_build_object('delivery_id', d.id, 'attempt', 1) from d
      on conflict (kind, key) do nothing
    )
    select count(*)::int as n from d`.execute(db);
  return Number(rows[0].n);
}

const DELIVERY_COLUMNS = [
  'id', 'shop_id', 'webhook_id', 'outbox_id', 'event_type', 'payload', 'is_test', 'status', 'attempts', 'next_attempt_at',
  'last_attempt_at', 'last_status_code', 'last_error', 'delivered_at', 'created_at',
] as const;

export async function getDelivery(db: Db, shopId: number, id: number) {
  return db.selectFrom('webhook_deliveries').select(DELIVERY_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .executeTakeFirst();
}
export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof getDelivery>>>;

/** A delivery due for attempt `attempt`, claimed for this transaction; none when another node holds it or it moved on. */
export async function claimDelivery(trx: Trx, id: number, attempt: number) {
  return trx.selectFrom('webhook_deliveries').select(DELIVERY_COLUMNS)
    .where('id', '=', id).where('status', 'in', ['pending', 'sending']).where('attempts', '=', attempt - 1)
    .forUpdate().skipLocked().executeTakeFirst();
}

/** Waits for whatever transaction holds the delivery, then reads it. */
export async function lockDelivery(trx: Trx, id: number) {
  return trx.selectFrom('webhook_deliveries').select(DELIVERY_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setDelivery(trx: Trx, id: number, patch: {
  status: DeliveryStatus; attempts?: number; next_attempt_at?: Date | null; last_attempt_at?: Date; last_status_code?: number | null;
  last_error?: string | null; delivered_at?: Date | null;
}) {
  await trx.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
}

export async function insertAttempt(trx: Trx, a: {
  deliveryId: number; attempt: number; shopId: number; startedAt: Date; durationMs: number; statusCode: number | null;
  error: string | null; excerpt: string | null;
}) {
  await trx.insertInto('webhook_attempts').values({
    delivery_id: a.deliveryId, attempt: a.attempt, shop_id: a.shopId, started_at: a.startedAt, duration_ms: a.durationMs,
    status_code: a.statusCode, error: a.error, response_excerpt: a.excerpt,
  }).onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing()).execute();
}

export async function listDeliveries(db: Db, q: { shopId: number; webhookId: number; status?: DeliveryStatus; beforeId?: number; limit: number }) {
  let query = db.selectFrom('webhook_deliveries').select(DELIVERY_COLUMNS)
    .where('shop_id', '=', q.shopId).where('webhook_id', '=', q.webhookId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

export async function listAttempts(db: Db, shopId: number, deliveryId: number) {
  return db.selectFrom('webhook_attempts')
    .select(['attempt', 'started_at', 'duration_ms', 'status_code', 'error', 'response_excerpt'])
    .where('shop_id', '=', shopId).where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
}

/** Deliveries still to be tried of a webhook that is being switched off or deleted: they will not be sent. */
export async function dropPending(trx: Trx, webhookId: number, reason: string) {
  return trx.updateTable('webhook_deliveries').set({ status: 'failed', last_error: reason, next_attempt_at: null })
    .where('webhook_id', '=', webhookId).where('status', '=', 'pending').returning(['id', 'attempts']).execute();
}
