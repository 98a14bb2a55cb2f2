import type { AppContext } from '../context.ts';
import type { ZodApp } from '../http/types.ts';
import {
  ChatRateLimits, ChatService, MessageWriter, Ratings, registerChatRoutes, registerChatSockets, SystemMessages,
  type StoredListener,
} from '../modules/chat/index.ts';
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
  ratings: Ratings;
  limits: ChatRateLimits;
  sweeper: RoutingSweeper;
  /** Hears every message this node stores (buyers', agents' and system messages) once it has committed. */
  onStored(listener: StoredListener): void;
  close(): Promise<void>;
}

export async function attachChat(http: ZodApp, ctx: AppContext): Promise<ChatNode> {
  const { config } = ctx;
  const serves = config.roles.includes('realtime');
  const presence = await openPresence({ redisUrl: config.redisUrl, prefix: `${config.redisPrefix}:presence` });
  // A node without the realtime role still emits (an HTTP transfer, a sweep): through the adapter to the nodes that serve.
  const realtime = await createRealtime(ctx, serves ? http.server : undefined);
  const router = new Router(ctx, realtime.hub);
  // Routing tells both sides what it did through the chat's system messages.
  const notes = new SystemMessages(realtime.hub);
  const routing = new RoutingActions(ctx, realtime.hub, router, notes);
  const writer = new MessageWriter(ctx.database, ctx.clock);
  const limits = new ChatRateLimits(ctx.clock, {
    buyerMessages: config.chatRateBuyerMessages, agentMessages: config.chatRateAgentMessages,
    windowMs: config.chatRateWindowMs, typingMs: config.chatRateTypingMs,
  });
  const chat = new ChatService(ctx, realtime.hub, writer, router, limits);
  const ratings = new Ratings(ctx, notes, limits);
  registerChatRoutes(http, ctx);
  registerRoutingRoutes(http, ctx, routing);
  if (serves) {
    registerChatSockets(ctx, realtime, chat, ratings);
    registerRoutingSockets(ctx, realtime, presence, routing, config.agentOfflineGraceMs);
  }
  const sweeper = new RoutingSweeper(ctx, presence, router, routing, {
    graceMs: config.agentOfflineGraceMs,
    // In-process presence sees only this node's sockets: it may judge absence only where the sockets are.
    presenceIsShared: Boolean(config.redisUrl) || serves,
  });
  return {
    realtime, presence, router, routing, writer, chat, ratings, limits, sweeper,
    onStored(listener) {
      writer.onStored(listener);
      notes.onStored(listener);
    },
    async close() {
      await sweeper.stop();
      await realtime.close();
      await writer.drain();
      await router.idle();
      router.close();
      limits.close();
      await presence.close();
    },
  };
}
