import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Hub } from '../../realtime/server.ts';
import { openTradeStatuses } from '../trades/index.ts';
import type { Trx } from '../../db/transaction.ts';
import {
  applyAssignment, decideRoute, hasCapacity, needsRouting, situationOf, type RouteAgent, type RouteDecision, type RouteSettings,
  type Situation,
} from './rules.ts';
import * as store from './store.ts';

interface Pending {
  ids: Set<number>;
  drain: boolean;
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

/** How much of the queue one pass looks at; a pass that assigns everything it looked at runs again. */
const QUEUE_WINDOW = 1000;

/**
 * Routes conversations in batches: requests arriving together are decided in one transaction per shop, under the
 * shop's routing lock, with the agents' load read inside it. Two nodes routing at the same moment take turns at
 * the lock, so no agent goes over its limit and no conversation is assigned twice.
 */
export class Router {
  private pending = new Map<number, Pending>();
  private running = new Map<number, Promise<void>>();
  private positionsTimers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly ctx: AppContext,
    private readonly hub: Hub,
    readonly random: () => number = Math.random,
  ) {}

  /** A buyer wrote in a new or ended conversation: assign it, queue it, or keep it as 留言. */
  route(shopId: number, conversationId: number): Promise<void> {
    return this.enqueue(shopId, (p) => p.ids.add(conversationId));
  }

  /** Capacity freed or an agent came online: serve the queue and the 留言. */
  drain(shopId: number): Promise<void> {
    return this.enqueue(shopId, (p) => (p.drain = true));
  }

  private enqueue(shopId: number, mark: (p: Pending) => void) {
    return new Promise<void>((resolve, reject) => {
      let p = this.pending.get(shopId);
      if (!p) {
        p = { ids: new Set(), drain: false, waiters: [] };
        this.pending.set(shopId, p);
        if (!this.running.has(shopId)) setImmediate(() => void this.run(shopId));
      }
      mark(p);
      p.waiters.push({ resolve, reject });
    });
  }

  /** One pass at a time per shop on this node; what arrives meanwhile is the next pass. */
  private async run(shopId: number) {
    if (this.running.has(shopId)) return;
    const p = this.pending.get(shopId);
    if (!p) return;
    this.pending.delete(shopId);
    const pass = this.pass(shopId, p).then(
      () => p.waiters.forEach((w) => w.resolve()),
      (err) => {
        this.ctx.log.error({ err, shopId }, 'routing pass failed');
        p.waiters.forEach((w) => w.reject(err));
      },
    );
    this.running.set(shopId, pass);
    await pass;
    this.running.delete(shopId);
    if (this.pending.has(shopId)) void this.run(shopId);
  }

  private async pass(shopId: number, p: Pending) {
    let again = true;
    let requested = [...p.ids];
    while (again) {
      const outcome = await this.decide(shopId, requested, p.drain);
      requested = [];
      this.notify(shopId, outcome);
      again = outcome.queueFull;
    }
  }

  private async decide(shopId: number, requestedIds: number[], drain: boolean) {
    const now = this.ctx.clock.now();
    return inTransaction(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, shopId);
      const agents = await store.loadAgents(trx, shopId);
      const settings = store.routeSettings(await store.getSettings(trx, shopId));
      const present = agents.some((a) => a.status !== 'offline');
      // Every pass looks at the queue too: 留言 once someone is present, queued chats once someone has room.
      const statuses = [...(present ? ['waiting' as const] : []), ...(hasCapacity(agents) ? ['queued' as const] : [])];
      const head = drain || requestedIds.length ? await store.queueHead(trx, shopId, statuses, QUEUE_WINDOW) : [];
      const locked = await store.lockConversations(trx, shopId, [...new Set([...head, ...requestedIds])]);
      const byId = new Map(locked.map((c) => [c.id, c]));
      const queued = head.map((id) => byId.get(id)).filter((c) => c && (c.status === 'waiting' || c.status === 'queued'));
      const fresh = requestedIds.map((id) => byId.get(id)).filter((c) => c && needsRouting(c.status));
      const statusesByBuyer = new Map<number, string[]>();
      for (const t of await openTradeStatuses(trx, shopId, fresh.map((c) => c!.buyer_id))) {
        statusesByBuyer.set(t.buyer_id, [...(statusesByBuyer.get(t.buyer_id) ?? []), t.status]);
      }

      const items = ([...queued, ...fresh] as store.RoutableConversation[]).map((c) => ({
        c, situation: needsRouting(c.status) ? situationOf(statusesByBuyer.get(c.buyer_id) ?? []) : c.situation ?? 'presales' as Situation,
      }));
      const { changes, assigned } = await planRoutes(trx, shopId, items, agents, settings, now, this.random);
      await store.applyChanges(trx, changes, now);
      await store.recordAssignments(trx, shopId, assigned, now);
      const names = new Map(agents.map((a) => [a.id, a.name]));
      return {
        changes: changes.map((ch) => ({ ...ch, agentName: ch.agentId ? names.get(ch.agentId)! : null, conversation: byId.get(ch.id)! })),
        // A full window that still let chats through: more may wait behind it.
        queueFull: head.length === QUEUE_WINDOW && assigned.length > 0 && hasCapacity(agents),
      };
    });
  }

  private notify(shopId: number, outcome: Awaited<ReturnType<Router['decide']>>) {
    let queueMoved = false;
    for (const ch of outcome.changes) {
      if (ch.status === 'active') {
        const agent = { id: ch.agentId, name: ch.agentName };
        this.hub.toBuyer(ch.id, 'conversation', { id: ch.id, status: 'active', agent });
        this.hub.toAgents({ agentId: ch.agentId }, 'conversation:assigned', {
          conversation: presentRouted(ch.conversation, 'active', ch.agentId, ch.situation),
        });
        if (ch.conversation.status === 'queued') queueMoved = true;
      } else if (ch.status === 'waiting') {
        this.hub.toBuyer(ch.id, 'conversation', { id: ch.id, status: 'waiting', agent: null });
      } else queueMoved = true;
    }
    if (queueMoved) this.announceQueue(shopId);
  }

  /** Queued buyers learn their position; debounced, since a burst moves the queue many times a second. */
  announceQueue(shopId: number) {
    if (this.positionsTimers.has(shopId)) return;
    const timer = setTimeout(() => {
      this.positionsTimers.delete(shopId);
      void this.sendPositions(shopId).catch((err) => this.ctx.log.error({ err }, 'queue positions failed'));
    }, 200);
    timer.unref();
    this.positionsTimers.set(shopId, timer);
  }

  private async sendPositions(shopId: number) {
    const positions = await store.queuePositions(this.ctx.database.db, shopId);
    for (const p of positions) this.hub.toBuyer(p.id, 'conversation', { id: p.id, status: 'queued', position: p.position });
    this.hub.toAgents({ shopId }, 'queue', { queued: positions.length });
  }

  /** Waits for the passes in flight (shutdown, tests). */
  async idle() {
    while (this.running.size || this.pending.size) {
      await Promise.allSettled([...this.running.values()]);
      await new Promise((r) => setImmediate(r));
    }
  }

  close() {
    for (const t of this.positionsTimers.values()) clearTimeout(t);
    this.positionsTimers.clear();
  }
}

/**
 * Decides conversations in order against the agents' live load (each assignment counts for the next decision) and
 * numbers those that join the queue. The caller holds the shop's routing lock and writes the outcome.
 */
export async function planRoutes(
  trx: Trx, shopId: number, items: { c: store.RoutableConversation; situation: Situation }[], agents: RouteAgent[],
  settings: RouteSettings, now: Date, random: () => number,
) {
  const changes: store.RoutingChange[] = [];
  const assigned: store.NewAssignment[] = [];
  const toQueue: store.RoutingChange[] = [];
  for (const { c, situation } of items) {
    const recent = c.last_agent_id && c.last_agent_at ? { agentId: c.last_agent_id, at: new Date(c.last_agent_at) } : null;
    const d: RouteDecision = decideRoute({ situation, recent }, agents, settings, now, random);
    if (d.kind === 'assign') {
      applyAssignment(agents, d.agentId, now);
      changes.push({ id: c.id, status: 'active', agentId: d.agentId, groupId: d.groupId, situation, queueSeq: null });
      assigned.push({ conversationId: c.id, agentId: d.agentId, via: d.via });
    } else {
      const status = d.kind === 'queue' ? 'queued' : 'waiting';
      if (status === c.status) continue;
      const change = { id: c.id, status, agentId: null, groupId: d.kind === 'queue' ? d.groupId : null, situation, queueSeq: c.queue_seq } as const;
      if (c.queue_seq === null) toQueue.push({ ...change });
      else changes.push(change);
    }
  }
  if (toQueue.length) {
    const first = await store.takeQueueNumbers(trx, shopId, toQueue.length);
    toQueue.forEach((c, i) => changes.push({ ...c, queueSeq: first + i }));
  }
  return { changes, assigned };
}

export function presentRouted(c: store.RoutableConversation, status: string, agentId: number | null, situation: Situation | null) {
  return {
    id: c.id, buyer_id: c.buyer_id, buyer_nick: c.buyer_nick, status, agent_id: agentId, situation, last_seq: Number(c.last_seq),
    agent_read_seq: Number(c.agent_read_seq ?? 0),
  };
}
