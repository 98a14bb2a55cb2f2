import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { connectError, onRequest, type AgentSocket, type BuyerSocket, type Realtime } from '../../realtime/server.ts';
import { can, findShopByName } from '../accounts/index.ts';
import { getAgentState, queuePosition } from '../routing/index.ts';
import {
  ConversationId, HISTORY_PAGE_MAX, Outgoing, parsePayload, Seq, SYNC_PAGE_MAX,
} from './rules.ts';
import type { Ratings } from './ratings.ts';
import type { ChatService } from './service.ts';
import * as store from './store.ts';

const Typing = z.object({ typing: z.boolean() }).strict();
const Read = z.object({ seq: Seq }).strict();
const History = z.object({ before_seq: Seq.optional(), limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(50) }).strict();
const Sync = z.object({ after_seq: Seq, limit: z.number().int().min(1).max(SYNC_PAGE_MAX).default(SYNC_PAGE_MAX) }).strict();
const InConversation = z.object({ conversation_id: ConversationId });
// Built once: a schema made per request would cost more than the request.
const WithConversation = { conversation_id: ConversationId };
const AgentTyping = Typing.extend(WithConversation).strict();
const AgentRead = Read.extend(WithConversation).strict();
const AgentHistory = History.extend(WithConversation).strict();
const AgentSend = InConversation.passthrough();
const JustConversation = InConversation.strict();
// The score and comment are checked by the rating rules, which name what is wrong with them.
const Rating = z.object({ score: z.unknown().optional(), comment: z.unknown().optional() }).strict();
const AgentSync = z.object({
  cursors: z.array(z.object({ conversation_id: ConversationId, after_seq: Seq }).strict()).max(200),
}).strict();

/**
 * The storefront's chat window (/buyer, handshake `auth: { shop, last_seq? }`) and the workbench (/agent).
 * Every request answers through its acknowledgement; a refused one changes nothing.
 */
export function registerChatSockets(ctx: AppContext, rt: Realtime, chat: ChatService, ratings: Ratings) {
  const db = ctx.database.db;

  // A buyer's socket is bound to its own conversation with one shop: it can name no other.
  rt.buyers.use((socket: BuyerSocket, next) => {
    const shopName = (socket.handshake.auth as { shop?: unknown })?.shop;
    if (typeof shopName !== 'string' || shopName.length > 40) {
      return next(connectError(new AppError('SHOP_REQUIRED', 400, '请指定店铺', 'Name the shop to chat with (auth.shop)')));
    }
    findShopByName(db, shopName)
      .then(async (shop) => {
        if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, '店铺不存在', 'No such shop');
        const actor = socket.data.actor;
        const conversation = await store.ensureConversation(db, shop.id, actor.id, actor.nick);
        socket.data.shopId = shop.id;
        socket.data.conversationId = conversation.id;
        socket.join([`conversation:${conversation.id}`, `buyer:${actor.id}`]);
        next();
      })
      .catch((err) => next(connectError(err)));
  });

  rt.buyers.on('connection', (socket: BuyerSocket) => {
    const { actor, shopId, conversationId } = socket.data;
    const sender = () => ({ kind: 'buyer' as const, actor, shopId, conversationId, socketId: socket.id });

    void (async () => {
      const c = (await store.getConversation(db, shopId, conversationId))!;
      const position = c.status === 'queued' ? await queuePosition(db, shopId, c.id) : null;
      socket.emit('conversation', {
        id: c.id, status: c.status, agent: c.agent_id ? { id: c.agent_id } : null, position, last_seq: Number(c.last_seq),
        agent_read_seq: Number(c.agent_read_seq),
      });
      // Resuming: everything after the last message the client saw.
      const last = (socket.handshake.auth as { last_seq?: unknown }).last_seq;
      if (typeof last === 'number' && Number.isSafeInteger(last) && last >= 0) {
        socket.emit('messages', await store.since(db, c.id, last, SYNC_PAGE_MAX));
      }
    })().catch((err) => ctx.log.error({ err }, 'buyer hello failed'));

    onRequest(ctx, socket, 'message:send', async (payload) => chat.send(sender(), parsePayload(Outgoing, payload)));
    onRequest(ctx, socket, 'typing', async (payload) => chat.typing(sender(), parsePayload(Typing, payload).typing));
    onRequest(ctx, socket, 'read', async (payload) => chat.read(sender(), parsePayload(Read, payload).seq));
    onRequest(ctx, socket, 'history', async (payload) => {
      const q = parsePayload(History, payload ?? {});
      return store.history(db, conversationId, q.before_seq, q.limit);
    });
    onRequest(ctx, socket, 'sync', async (payload) => {
      const q = parsePayload(Sync, payload);
      return store.since(db, conversationId, q.after_seq, q.limit);
    });
    onRequest(ctx, socket, 'queue:position', async () => ({ position: await queuePosition(db, shopId, conversationId) }));
    onRequest(ctx, socket, 'rating', async (payload) =>
      ratings.rate({ id: actor.id, shopId, conversationId }, parsePayload(Rating, payload)));
  });

  rt.agents.on('connection', (socket: AgentSocket) => {
    const actor = socket.data.actor;
    const sender = (conversationId: number) => ({ kind: 'agent' as const, actor, conversationId, socketId: socket.id });

    onRequest(ctx, socket, 'message:send', async (payload) => {
      const p = parsePayload(AgentSend, payload);
      const { conversation_id: _c, ...rest } = p as Record<string, unknown>;
      return chat.send(sender(p.conversation_id), parsePayload(Outgoing, rest));
    });
    onRequest(ctx, socket, 'typing', async (payload) => {
      const p = parsePayload(AgentTyping, payload);
      return chat.typing(sender(p.conversation_id), p.typing);
    });
    onRequest(ctx, socket, 'read', async (payload) => {
      const p = parsePayload(AgentRead, payload);
      return chat.read(sender(p.conversation_id), p.seq);
    });
    onRequest(ctx, socket, 'history', async (payload) => {
      const p = parsePayload(AgentHistory, payload);
      await visible(p.conversation_id);
      return store.history(db, p.conversation_id, p.before_seq, p.limit);
    });
    // Resuming: the client names the last seq it saw in each conversation; conversations assigned while it was
    // away come with 'workbench'.
    onRequest(ctx, socket, 'sync', async (payload) => {
      const { cursors } = parsePayload(AgentSync, payload);
      const results = [];
      for (const c of cursors) {
        await visible(c.conversation_id);
        results.push({ conversation_id: c.conversation_id, ...(await store.since(db, c.conversation_id, c.after_seq, SYNC_PAGE_MAX)) });
      }
      return { conversations: results };
    });
    onRequest(ctx, socket, 'workbench', async () => {
      const [state, conversations] = await Promise.all([
        getAgentState(db, actor.id),
        store.listConversations(db, actor.shopId, { agentId: actor.id, status: 'active', limit: 500 }),
      ]);
      const last = new Map((await store.lastMessages(db, conversations.map((c) => c.id))).map((m) => [m.conversation_id, m]));
      return {
        agent: { account_id: actor.id, login: actor.login, status: state?.status ?? 'offline', reception_limit: state?.reception_limit ?? null },
        conversations: conversations.map((c) => ({ ...c, last_message: last.get(c.id) ?? null })),
      };
    });
    onRequest(ctx, socket, 'rating:invite', async (payload) => ratings.invite(actor, parsePayload(JustConversation, payload).conversation_id));
    // A supervisor watches a conversation live (read-only).
    onRequest(ctx, socket, 'watch', async (payload) => {
      const p = parsePayload(JustConversation, payload);
      if (!can(actor, 'suspend.approve')) throw new AppError('PERMISSION_DENIED', 403, '没有权限：suspend.approve', 'Permission required: suspend.approve');
      await visible(p.conversation_id);
      await socket.join(`conversation:${p.conversation_id}`);
    });
    onRequest(ctx, socket, 'unwatch', async (payload) => {
      const p = parsePayload(JustConversation, payload);
      await socket.leave(`conversation:${p.conversation_id}`);
    });

    /** Every account of the shop may read the shop's conversations; none of another shop's. */
    async function visible(conversationId: number) {
      const c = await store.getConversation(db, actor.shopId, conversationId);
      if (!c) throw new AppError('CONVERSATION_NOT_FOUND', 404, '会话不存在', 'No such conversation in this shop');
      return c;
    }
  });
}
