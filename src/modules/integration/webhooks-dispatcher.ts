import type { BusEvent } from '../../bus/bus.ts';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { scheduleAttempt } from './webhooks-delivery.ts';
import { matches, WEBHOOKS_CHANGED } from './webhooks-rules.ts';
import * as store from './webhooks-store.ts';

/** How long a node trusts its list of a shop's webhooks; its own changes clear it at once. */
const CACHE_MS = 5000;
/** How far back in the outbox an event just heard is looked for. */
const OUTBOX_WINDOW = 20_000;

/**
 * Turns every event on the bus into deliveries for the shop's webhooks that asked for its name. It listens to the
 * bus by name only, so events a module adds later reach webhooks without a change here. The event's outbox row
 * (written in the transaction that made the change) names it: every node hears the event, and the unique
 * (webhook, outbox row) index keeps one delivery per webhook.
 */
export class WebhookDispatcher {
  private readonly cache = new Map<number, { at: number; hooks: { id: number; events: string[] }[] }>();
  private readonly inflight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  /** `sharedBus`: other nodes hear the same events, so an event without an outbox row cannot be told apart. */
  constructor(private readonly ctx: AppContext, private readonly sharedBus: boolean) {}

  start() {
    // The bus awaits its handlers: answer at once, so no request waits for the webhooks of its events.
    this.unsubscribe = this.ctx.bus.subscribe((event) => {
      const p = this.dispatch(event)
        .catch((err) => this.ctx.log.error({ err, event: event.type }, 'webhook dispatch failed'))
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    });
  }

  forget(shopId: number) {
    this.cache.delete(shopId);
  }

  async idle() {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  async stop() {
    this.unsubscribe?.();
    await this.idle();
  }

  private async hooksOf(shopId: number) {
    const now = Date.now();
    const cached = this.cache.get(shopId);
    if (cached && now - cached.at < CACHE_MS) return cached.hooks;
    const hooks = await store.enabledWebhooks(this.ctx.database.db, shopId);
    this.cache.set(shopId, { at: now, hooks });
    return hooks;
  }

  async dispatch(event: BusEvent) {
    if (typeof event.shopId !== 'number' || typeof event.type !== 'string') return;
    // Heard on every node: the change another node made is seen here at once, not when the cache runs out.
    if (event.type === WEBHOOKS_CHANGED) return void this.forget(event.shopId);
    const wanted = (await this.hooksOf(event.shopId)).filter((h) => matches(h.events, event.type));
    if (!wanted.length) return;
    const payload = JSON.stringify(event.payload ?? {});
    const now = this.ctx.clock.now();
    await inTransaction(this.ctx, async ({ trx }) => {
      const outboxId = await store.findOutboxRow(trx, { shopId: event.shopId, type: event.type, payload }, OUTBOX_WINDOW);
      if (outboxId === undefined && this.sharedBus) {
        this.ctx.log.warn({ event: event.type }, 'webhooks: event not found in the outbox; not delivered');
        return;
      }
      // Read again inside the transaction: a webhook switched off a moment ago gets nothing.
      const live = new Set((await store.enabledWebhooks(trx, event.shopId)).map((h) => h.id));
      for (const hook of wanted) {
        if (!live.has(hook.id)) continue;
        const row = await store.insertDelivery(trx, {
          shopId: event.shopId, webhookId: hook.id, outboxId: outboxId ?? null, type: event.type, payload, now,
        });
        if (row) await scheduleAttempt(trx, { id: row.id, shopId: event.shopId }, 1, now);
      }
    });
  }
}
