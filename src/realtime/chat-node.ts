import type { AppContext } from '../context.ts';
import type { ZodApp } from '../http/types.ts';
import { ChatService, MessageWriter, registerChatRoutes, registerChatSockets } from '../modules/chat/index.ts';
import {
  registerRoutingRoutes, registerRoutingSockets, Router, RoutingActions, RoutingSweeper,
} from '../modules/routing/index.ts';
import { openPresence, type Presence } from './presence.ts';
import { createRealtime, type Realtime } from './server.ts';

/** Chat and routing on this node: routes always, sockets with the realtime role, the sweeper with the worker role. */
export interface ChatNode {
  realtime: Realtime;
  presence: Presence;
  router: Router;
  routing: RoutingActions;
  writer: MessageWriter;
  chat: ChatService;
  sweeper: RoutingSweeper;
  close(): Promise<void>;
}

export async function attachChat(http: ZodApp, ctx: AppContext): Promise<ChatNode> {
  const { config } = ctx;
  const serves = config.roles.includes('realtime');
  const presence = await openPresence({ redisUrl: config.redisUrl, prefix: `${config.redisPrefix}:presence` });
  // A node without the realtime role still emits (an HTTP transfer, a sweep): through the adapter to the nodes that serve.
  const realtime = await createRealtime(ctx, serves ? http.server : undefined);
  const router = new Router(ctx, realtime.hub);
  const routing = new RoutingActions(ctx, realtime.hub, router);
  const writer = new MessageWriter(ctx.database, ctx.clock);
  const chat = new ChatService(ctx, realtime.hub, writer, router);
  registerChatRoutes(http, ctx);
  registerRoutingRoutes(http, ctx, routing);
  if (serves) {
    registerChatSockets(ctx, realtime, chat);
    registerRoutingSockets(ctx, realtime, presence, routing, config.agentOfflineGraceMs);
  }
  const sweeper = new RoutingSweeper(ctx, presence, router, routing, {
    graceMs: config.agentOfflineGraceMs,
    // In-process presence sees only this node's sockets: it may judge absence only where the sockets are.
    presenceIsShared: Boolean(config.redisUrl) || serves,
  });
  return {
    realtime, presence, router, routing, writer, chat, sweeper,
    async close() {
      await sweeper.stop();
      await realtime.close();
      await writer.drain();
      await router.idle();
      router.close();
      await presence.close();
    },
  };
}
