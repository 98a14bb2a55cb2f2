import type { BusEvent } from '../../bus/bus.ts';
import type { AppContext } from '../../context.ts';
import { DELIVER } from './webhooks-delivery.ts';
import { MESSAGE_CREATED, messageSourceKey, patternsMatching, WEBHOOKS_CHANGED } from './webhooks-rules.ts';
import * as store from './webhooks-store.ts';

/** A chat message just committed, as the chat hands it over. `agentId` undefined: its conversation's agent now. */
export interface MessageStored {
  shopId: number;
  conversationId: number;
  seq: number;
  agentId?: number | null;
}

const PATTERNS = patternsMatching(MESSAGE_CREATED);
/** The whole list is read again this often, in case a change was missed (the bus does not keep messages). */
const RELOAD_MS = 60_000;
/** Messages per statement at most (each may become up to 20 deliveries). */
const MAX_MESSAGES = 1000;
/** Waits before trying a failed statement again; it is idempotent (the unique source key). */
const RETRY_MS = [200, 1000];
/** Broadcasts write their messages in their own job and tell of them on the bus with this event. */
const BROADCAST_PROGRESS = 'broadcast.progress';

/**
 * `message.created` webhooks. Chat messages never pass through the bus or the outbox: the chat hands each committed
 * batch to `stored` on the node that wrote it. This node keeps the ids of the shops that have a switched-on webhook
 * asking for the event (read at start, again on every `webhook.changed` heard on the bus, and every minute), so a
 * batch of any other shop costs nothing at all; the others' messages are recorded after the batch, with one
 * statement for the batch (see store.insertMessageDeliveries), and then travel like every other delivery.
 */
export class MessageWebhooks {
  private shops = new Set<number>();
  private loaded = false;
  private loading: Promise<void> = Promise.resolve();
  /** A count of the changes heard per shop: an answer about a shop is kept only if no newer change was heard. */
  private readonly changes = new Map<number, number>();
  private pending: MessageStored[] = [];
  private running: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly ctx: AppContext) {}

  start() {
    this.loading = this.track(this.reload());
    this.timer = setInterval(() => void this.track(this.reload()), RELOAD_MS);
    this.timer.unref();
    this.unsubscribe = this.ctx.bus.subscribe((event) => {
      if (event.type === WEBHOOKS_CHANGED) return this.refresh(event.shopId);
      if (event.type === BROADCAST_PROGRESS) this.stored(broadcastMessages(event));
    });
  }

  async stop() {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.idle();
  }

  /** Resolves once every message handed over so far has its deliveries, and every refresh has answered. */
  async idle() {
    while (this.running || this.inflight.size) await Promise.allSettled([this.running, ...this.inflight]);
  }

  /** The chat's listener, on its hot path: a message of a shop without a message webhook is dropped right here. */
  readonly stored = (messages: readonly MessageStored[]) => {
    if (this.loaded && !this.shops.size) return;
    for (const m of messages) if (!this.loaded || this.shops.has(m.shopId)) this.pending.push(m);
    if (this.pending.length) this.kick();
  };

  /** Asks the database again whether the shop has a message webhook (after a change to its webhooks). */
  refresh(shopId: number): Promise<void> {
    const change = (this.changes.get(shopId) ?? 0) + 1;
    this.changes.set(shopId, change);
    return this.track((async () => {
      const listens = (await store.shopsListening(this.ctx.database.db, PATTERNS, shopId)).length > 0;
      if (this.changes.get(shopId) !== change) return; // a newer change asked again
      if (listens) this.shops.add(shopId);
      else this.shops.delete(shopId);
    })());
  }

  private async reload() {
    const asked = new Map(this.changes);
    const shops = new Set(await store.shopsListening(this.ctx.database.db, PATTERNS));
    // A shop whose webhooks changed meanwhile keeps what its own, newer answer says.
    for (const [shopId, change] of this.changes) {
      if (asked.get(shopId) === change) continue;
      if (this.shops.has(shopId)) shops.add(shopId);
      else shops.delete(shopId);
    }
    this.shops = shops;
    this.loaded = true;
  }

  private kick() {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.pending.length) this.kick();
    });
  }

  private async run() {
    // Messages handed over one at a time in the same turn (system messages after a commit) share the statement.
    await Promise.resolve();
    await this.loading;
    while (this.pending.length) {
      // Before the list is read (or when it could not be), every message goes: the statement finds the webhooks itself.
      const batch = this.pending.splice(0, MAX_MESSAGES).filter((m) => !this.loaded || this.shops.has(m.shopId));
      if (batch.length) await this.record(batch);
    }
  }

  private async record(batch: MessageStored[]) {
    const messages = batch.map((m) => ({ ...m, sourceKey: messageSourceKey(m.conversationId, m.seq) }));
    for (let attempt = 0; ; attempt++) {
      try {
        await store.insertMessageDeliveries(this.ctx.database.db, messages, {
          type: MESSAGE_CREATED, patterns: PATTERNS, jobKind: DELIVER, now: this.ctx.clock.now(),
        });
        return;
      } catch (err) {
        if (attempt >= RETRY_MS.length) {
          this.ctx.log.error({ err, messages: batch.length }, 'message webhooks: deliveries not recorded');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[attempt]));
      }
    }
  }

  private track(p: Promise<void>): Promise<void> {
    const tracked = p
      .catch((err) => this.ctx.log.error({ err }, 'message webhooks: reading the webhooks failed'))
      .finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
    return tracked;
  }
}

/** The messages a batch of a broadcast stored (its progress event, published by the node that sent the batch). */
function broadcastMessages(event: BusEvent): MessageStored[] {
  const list = event.payload.messages;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m: { conversation_id?: unknown; seq?: unknown; agent_id?: unknown }) =>
    (Number.isSafeInteger(m?.conversation_id) && Number.isSafeInteger(m?.seq)
      ? [{
          shopId: event.shopId, conversationId: Number(m.conversation_id), seq: Number(m.seq),
          agentId: Number.isSafeInteger(m.agent_id) ? Number(m.agent_id) : null,
        }]
      : []));
}
