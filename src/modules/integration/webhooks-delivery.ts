import type { AppContext } from '../../context.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { cancelTimer, scheduleTimer } from '../../jobs/timers.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import {
  afterAttempt, backoffMs, deliveryBody, deliveryHeaders, MAX_ATTEMPTS, SEND_TIMEOUT_MS, type AttemptOutcome,
} from './webhooks-rules.ts';
import * as store from './webhooks-store.ts';

export const DELIVER = 'webhook.deliver';
const EXCERPT_BYTES = 1024;

const timerKey = (deliveryId: number, attempt: number) => `${deliveryId}:${attempt}`;

/** The timer of attempt `attempt` of a delivery (the first is due at once). */
export async function scheduleAttempt(trx: Trx, d: { id: number; shopId: number }, attempt: number, at: Date) {
  await scheduleTimer(trx, { kind: DELIVER, key: timerKey(d.id, attempt), shopId: d.shopId, runAt: at, payload: { delivery_id: d.id, attempt } });
}

/** One HTTP POST, never following a redirect, with a deadline; the answer's status and the start of its body. */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs = SEND_TIMEOUT_MS) {
  const started = Date.now();
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    return {
      statusCode: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`,
      excerpt: Buffer.from(text).subarray(0, EXCERPT_BYTES).toString('utf8'), durationMs: Date.now() - started,
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { statusCode: null, error: String(reason).slice(0, 500), excerpt: null, durationMs: Date.now() - started };
  }
}

/**
 * Sends the deliveries the job runner hands over. A job claims its delivery (FOR UPDATE SKIP LOCKED), marks the
 * attempt and schedules the next attempt's timer in case this node dies; the POST happens after that commits,
 * outside any transaction (a slow receiver holds no lock), and its outcome either moves that timer (backoff),
 * cancels it (delivered) or gives up (after MAX_ATTEMPTS).
 */
export class WebhookSender {
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  register(jobs: JobRunner) {
    jobs.register(DELIVER, async (uow, job, now) => {
      const { delivery_id: id, attempt } = job.payload as { delivery_id: number; attempt: number };
      const d = await store.claimDelivery(uow.trx, Number(id), Number(attempt));
      if (!d) return;
      if (attempt > MAX_ATTEMPTS) {
        await store.setDelivery(uow.trx, d.id, { status: 'failed', next_attempt_at: null, last_error: d.last_error ?? 'gave up' });
        return;
      }
      const hook = await store.getWebhook(uow.trx, d.shop_id, d.webhook_id);
      if (!hook || !hook.enabled) {
        await store.setDelivery(uow.trx, d.id, { status: 'failed', next_attempt_at: null, last_error: 'webhook disabled or deleted' });
        return;
      }
      await store.setDelivery(uow.trx, d.id, { status: 'sending', attempts: attempt, last_attempt_at: now, next_attempt_at: null });
      const safetyNet = new Date(now.getTime() + SEND_TIMEOUT_MS + backoffMs(attempt));
      await scheduleAttempt(uow.trx, { id: d.id, shopId: d.shop_id }, attempt + 1, safetyNet);
      this.track(this.attempt(d, hook, attempt));
    });
  }

  /** Resolves once every POST started so far has been sent and recorded. */
  async idle() {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<void>) {
    const tracked = p.catch((err) => this.ctx.log.error({ err }, 'webhook delivery failed')).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private async attempt(d: store.DeliveryRow, hook: store.WebhookRow, attempt: number) {
    // Waits for the claim to commit (it holds the row); a claim that rolled back leaves nothing to send.
    const claimed = await this.ctx.database.db.transaction().execute((trx) => store.lockDelivery(trx, d.id));
    if (!claimed || claimed.status !== 'sending' || claimed.attempts !== attempt) return;
    const startedAt = this.ctx.clock.now();
    const body = deliveryBody(d);
    const result = await post(hook.url, body, deliveryHeaders(d, attempt, hook.secret, body, startedAt));
    await this.record(d.id, attempt, startedAt, result);
  }

  /** Writes an attempt's outcome, unless the delivery moved on meanwhile (a later attempt took over). */
  async record(id: number, attempt: number, startedAt: Date, result: AttemptOutcome & { excerpt: string | null; durationMs: number }, retry = true) {
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async ({ trx }) => {
      const d = await store.lockDelivery(trx, id);
      if (!d || d.status !== 'sending' || d.attempts !== attempt) return;
      await store.insertAttempt(trx, {
        deliveryId: id, attempt, shopId: d.shop_id, startedAt, durationMs: result.durationMs, statusCode: result.statusCode,
        error: result.error, excerpt: result.excerpt,
      });
      const next = afterAttempt(result, attempt, now, retry ? MAX_ATTEMPTS : attempt);
      await store.setDelivery(trx, id, {
        status: next.status, next_attempt_at: next.nextAt, last_status_code: result.statusCode, last_error: result.error,
        delivered_at: next.status === 'delivered' ? now : null,
      });
      if (next.nextAt) await scheduleAttempt(trx, { id, shopId: d.shop_id }, attempt + 1, next.nextAt);
      else await cancelTimer(trx, DELIVER, timerKey(id, attempt + 1), now);
    });
  }
}
