import type { AppContext } from '../../context.ts';
import type { Presence } from '../../realtime/presence.ts';
import type { AgentSocket, Realtime } from '../../realtime/server.ts';
import type { RoutingActions } from './actions.ts';
import { AUTO_ONLINE_ROLES } from './rules.ts';

export const agentKey = (id: number) => `agent:${id}`;

/**
 * Presence drives status: opening the workbench puts a customer-service agent online (unless it chose otherwise);
 * when its last socket on every node has been gone for the grace period, it goes offline.
 */
export function registerRoutingSockets(
  ctx: AppContext, rt: Realtime, presence: Presence, actions: RoutingActions, graceMs: number,
) {
  const fail = (err: unknown) => ctx.log.error({ err }, 'agent presence update failed');
  rt.agents.on('connection', (socket: AgentSocket) => {
    const actor = socket.data.actor;
    void presence.join(agentKey(actor.id), socket.id)
      .then(async () => {
        if ((AUTO_ONLINE_ROLES as readonly string[]).includes(actor.role)) {
          await actions.setStatus(actor.shopId, actor.id, 'online', ['offline']);
        }
      })
      .catch(fail);
    socket.on('disconnect', () => {
      void presence.leave(agentKey(actor.id), socket.id)
        .then((left) => {
          if (left) return;
          const timer = setTimeout(() => {
            void presence.count(agentKey(actor.id))
              .then((n) => (n ? undefined : actions.setStatus(actor.shopId, actor.id, 'offline', ['online', 'busy', 'suspended'])))
              .catch(fail);
          }, graceMs);
          timer.unref();
        })
        .catch(fail);
    });
  });
}
