import type { AppContext } from '../../context.ts';
import type { Presence } from '../../realtime/presence.ts';
import type { RoutingActions } from './actions.ts';
import * as agentStore from './agent-store.ts';
import type { Router } from './router.ts';
import { agentKey } from './sockets.ts';
import * as store from './store.ts';

/**
 * The worker's routing chores: end idle conversations, take agents with no live socket offline (their node may
 * have died without a goodbye; their chats are handed over), and route conversations whose node died between
 * storing a message and routing it. Each is safe to run on several nodes at once.
 */
export class RoutingSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly presence: Presence,
    private readonly router: Router,
    private readonly actions: RoutingActions,
    private readonly opts: { graceMs: number; presenceIsShared: boolean },
  ) {}

  async sweep() {
    const now = this.ctx.clock.now();
    const db = this.ctx.database.db;
    for (const shopId of await this.actions.endIdle()) await this.router.drain(shopId);

    if (this.opts.presenceIsShared) {
      const present = await agentStore.presentAgents(db);
      const counts = await this.presence.countMany(present.map((a) => agentKey(a.account_id)));
      for (const [i, a] of present.entries()) {
        if (counts[i] || now.getTime() - new Date(a.status_changed_at).getTime() < this.opts.graceMs) continue;
        await this.actions.setStatus(a.shop_id, a.account_id, 'offline', ['online', 'busy', 'suspended']);
      }
    }

    const stranded = await store.unroutedConversations(db, new Date(now.getTime() - 5000));
    await Promise.all(stranded.map((c) => this.router.route(c.shop_id, c.id)));
  }

  start(everyMs: number) {
    const tick = () => {
      this.running = this.sweep().catch((err) => this.ctx.log.error({ err }, 'routing sweep failed'));
      void this.running.then(() => {
        if (this.timer) this.timer = setTimeout(tick, everyMs);
      });
    };
    this.timer = setTimeout(tick, everyMs);
  }

  async stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
