import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.ts';

/**
 * Event names a webhook may ask for: an exact name (`trade.changed`), every event of an area (`refund.*`), or `*`.
 * Names are matched as the modules publish them on the bus, so a module that adds events needs no change here.
 */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/;

export const WEBHOOK_LIMITS = { events: 30, url: 2000, description: 200, perShop: 20 };

/** Event names the modules publish today (see docs/integration.md); others flow too, as their modules add them. */
export const KNOWN_EVENTS = [
  'trade.created', 'trade.changed',
  'refund.created', 'refund.changed', 'refund.agreed', 'refund.refused', 'refund.succeeded', 'refund.closed', 'refund.exchange_sent',
  'review.created', 'review.changed', 'review.followup.opened', 'review.followup.contacted', 'review.followup.closed',
  'payment.received', 'payment.bank_transfer.noticed', 'payment.bank_transfer.rejected',
  'logistics.tracking', 'logistics.case.opened', 'logistics.case.closed',
  'message.created',
] as const;

/** A chat message was stored: recorded by the chat's writer, not published on the bus (see message-webhooks.ts). */
export const MESSAGE_CREATED = 'message.created';
/** A shop's webhooks changed: every node forgets what it knew of them. Never delivered itself. */
export const WEBHOOKS_CHANGED = 'webhook.changed';

/** Events about the webhooks themselves are never delivered by webhooks. */
const OWN_EVENTS = /^webhook\./;

export function matches(patterns: readonly string[], type: string) {
  if (OWN_EVENTS.test(type)) return false;
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** Every pattern a webhook can hold that `matches` an event name: `*`, each area above it (`message.*`) and the name. */
export function patternsMatching(type: string) {
  const parts = type.split('.');
  return ['*', ...parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`), type];
}

/** What a message delivery is about: one delivery per webhook and message, whoever records it and however often. */
export const messageSourceKey = (conversationId: number, seq: number) => `message:${conversationId}:${seq}`;

export function checkEvents(events: readonly string[]) {
  const bad = events.filter((e) => !EVENT_PATTERN.test(e) || e.length > 80);
  if (bad.length || events.length === 0 || events.length > WEBHOOK_LIMITS.events) {
    throw new AppError('BAD_EVENTS', 400,
      `事件须为 1–${WEBHOOK_LIMITS.events} 个事件名（如 trade.changed、refund.*、*）`,
      `Events must be 1–${WEBHOOK_LIMITS.events} event names (e.g. trade.changed, refund.*, *)`, { bad });
  }
  return [...new Set(events)].sort();
}

/** An http(s) address with a host and no credentials; anything else cannot be posted to. */
export function checkUrl(raw: string) {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname || url.username || url.password
    || raw.length > WEBHOOK_LIMITS.url) {
    throw new AppError('BAD_WEBHOOK_URL', 400, '回调地址须为 http(s) 地址，且不含用户名和密码',
      'The webhook URL must be an http(s) address without user name or password');
  }
  return url.toString();
}

export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
export const secretHint = (secret: string) => `${secret.slice(0, 10)}…`;

/** `v1=` + hex HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret (timestamp in Unix seconds). */
export function sign(secret: string, timestamp: number, body: string) {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does with the headers: the signature must match and the timestamp be recent, so a request
 * replayed later or altered on the way is refused.
 */
export function verifySignature(
  secret: string, header: { timestamp: string | undefined; signature: string | undefined }, body: string, now: Date, toleranceSec = 300,
) {
  const ts = Number(header.timestamp);
  if (!Number.isInteger(ts) || !header.signature) return false;
  if (Math.abs(now.getTime() / 1000 - ts) > toleranceSec) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(header.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Attempts before a delivery is given up: the last one about 17 hours after the first. */
export const MAX_ATTEMPTS = 8;
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 6 * 3_600_000;
/** How long one attempt may take; a node that dies mid-attempt is covered by the next attempt's timer. */
export const SEND_TIMEOUT_MS = 10_000;

/** Wait after failed attempt n (1-based): 30 s, 1 min, 2 min, 4 min… doubling, at most 6 h. */
export function backoffMs(attempt: number) {
  return Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_CAP_MS);
}

export type AttemptOutcome = { statusCode: number | null; error: string | null };

/** A 2xx answer delivers; anything else (an error, a timeout, a redirect, a 4xx or 5xx) is retried. */
export const delivered = (o: AttemptOutcome) => o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;

/** After attempt n: delivered, tried again later, or given up. */
export function afterAttempt(outcome: AttemptOutcome, attempt: number, now: Date, maxAttempts = MAX_ATTEMPTS) {
  if (delivered(outcome)) return { status: 'delivered' as const, nextAt: null };
  if (attempt >= maxAttempts) return { status: 'failed' as const, nextAt: null };
  return { status: 'pending' as const, nextAt: new Date(now.getTime() + backoffMs(attempt)) };
}

/** The JSON body a receiver gets; the same bytes on every attempt of a delivery. */
export function deliveryBody(d: {
  id: number; event_type: string; outbox_id: number | null; shop_id: number; created_at: Date; payload: unknown; is_test: boolean;
}) {
  return JSON.stringify({
    id: d.id, event: d.event_type, event_id: d.outbox_id, shop_id: d.shop_id, test: d.is_test,
    created_at: new Date(d.created_at).toISOString(), data: d.payload,
  });
}

export function deliveryHeaders(d: { id: number; event_type: string }, attempt: number, secret: string, body: string, now: Date) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Xiaoer-Webhooks/1',
    'x-xiaoer-event': d.event_type,
    'x-xiaoer-delivery': String(d.id),
    'x-xiaoer-attempt': String(attempt),
    'x-xiaoer-timestamp': String(timestamp),
    'x-xiaoer-signature': sign(secret, timestamp, body),
  };
}
