import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorFromCookieHeader } from '../http/auth.ts';
import type { AccountActor, BuyerActor } from '../modules/accounts/rules.ts';

/** A buyer's socket: one conversation with one shop (the storefront's chat window). */
export interface BuyerSocketData {
  actor: BuyerActor;
  shopId: number;
  conversationId: number;
}
/** A shop account's socket: the workbench. */
export interface AgentSocketData {
  actor: AccountActor;
}
export type BuyerSocket = Socket<any, any, any, BuyerSocketData>;
export type AgentSocket = Socket<any, any, any, AgentSocketData>;

/**
 * Fan-out by rooms, never by looping over sockets: in /buyer, `conversation:{id}` and `buyer:{id}`; in /agent,
 * `agent:{id}`, `shop:{id}` and `conversation:{id}` (a supervisor watching). The adapter carries each emit to
 * every node.
 */
export interface Hub {
  toBuyer(conversationId: number, event: string, data: unknown, exceptSocket?: string): void;
  toAgents(target: { agentId?: number | null; conversationId?: number; shopId?: number }, event: string, data: unknown,
    exceptSocket?: string): void;
}

export interface Realtime {
  io: Server;
  buyers: Namespace;
  agents: Namespace;
  hub: Hub;
  close(): Promise<void>;
}

/** Socket.IO with the in-process adapter, or the Redis adapter when REDIS_URL is set. Attached to `httpServer` if given. */
export async function createRealtime(ctx: AppContext, httpServer?: HttpServer): Promise<Realtime> {
  const io = new Server({
    path: '/socket.io',
    serveClient: false,
    // Chat payloads are small; images go through the upload route.
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  let pub: Redis | undefined;
  let sub: Redis | undefined;
  if (ctx.config.redisUrl) {
    pub = new Redis(ctx.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: `${ctx.config.redisPrefix}:socket.io` }));
  }
  if (httpServer) io.attach(httpServer);

  const buyers = io.of('/buyer');
  const agents = io.of('/agent');
  buyers.use(authenticate(ctx, 'buyer'));
  agents.use(authenticate(ctx, 'account'));

  // With the in-process adapter every socket is here, so an emit nobody would receive (the sender's own room,
  // most often) can be skipped before it is encoded; with Redis other nodes may hold the room.
  const single = !ctx.config.redisUrl;
  const anyoneIn = (nsp: Namespace, rooms: string[], except?: string) =>
    rooms.some((room) => {
      const members = nsp.adapter.rooms.get(room);
      return members !== undefined && (members.size > 1 || (members.size === 1 && !members.has(except ?? '')));
    });
  const hub: Hub = {
    toBuyer(conversationId, event, data, exceptSocket) {
      const room = `conversation:${conversationId}`;
      if (single && !anyoneIn(buyers, [room], exceptSocket)) return;
      const op = buyers.to(room);
      (exceptSocket ? op.except(exceptSocket) : op).emit(event, data);
    },
    toAgents(target, event, data, exceptSocket) {
      const rooms: string[] = [];
      if (target.agentId) rooms.push(`agent:${target.agentId}`);
      if (target.conversationId) rooms.push(`conversation:${target.conversationId}`);
      if (target.shopId) rooms.push(`shop:${target.shopId}`);
      if (!rooms.length || (single && !anyoneIn(agents, rooms, exceptSocket))) return;
      const op = agents.to(rooms);
      (exceptSocket ? op.except(exceptSocket) : op).emit(event, data);
    },
  };

  return {
    io, buyers, agents, hub,
    async close() {
      // Only this node's sockets; the HTTP server itself is Fastify's to close.
      io.local.disconnectSockets(true);
      io.engine?.close();
      for (const nsp of [buyers, agents, io.of('/')]) await nsp.adapter.close();
      pub?.disconnect();
      sub?.disconnect();
    },
  };
}

/** The session cookie decides who the socket is; a buyer's cookie never opens the workbench, nor the reverse. */
function authenticate(ctx: AppContext, kind: 'buyer' | 'account') {
  return (socket: Socket, next: (err?: Error) => void) => {
    actorFromCookieHeader(ctx, socket.handshake.headers.cookie)
      .then((actor) => {
        if (!actor || actor.kind !== kind) return next(connectError(new AppError('NOT_LOGGED_IN', 401, '请先登录', 'Please log in first')));
        socket.data.actor = actor;
        if (actor.kind === 'account') socket.join([`agent:${actor.id}`, `shop:${actor.shopId}`]);
        next();
      })
      .catch((err) => next(connectError(err)));
  };
}

/** A refused connection carries the same `{ code, message, message_en }` as an HTTP refusal. */
export function connectError(err: unknown) {
  const e = new Error(err instanceof AppError ? err.messageEn : 'Internal server error') as Error & { data: unknown };
  e.data = errorBody(err);
  return e;
}

export function errorBody(err: unknown) {
  if (err instanceof AppError) {
    return { ok: false as const, code: err.code, message: err.messageZh, message_en: err.messageEn, details: err.details };
  }
  return { ok: false as const, code: 'INTERNAL', message: '服务器内部错误', message_en: 'Internal server error' };
}

type Ack = (response: unknown) => void;

/**
 * A socket request with an acknowledgement: `{ ok: true, ... }` or `{ ok: false, code, message, message_en }`.
 * A refusal changes nothing; an unexpected error is logged and answered as INTERNAL.
 */
export function onRequest(
  ctx: AppContext, socket: Socket, event: string, handler: (payload: unknown) => Promise<object | void>,
) {
  socket.on(event, (payload: unknown, ack?: unknown) => {
    // `socket.emit(event, ack)` without a payload puts the callback first.
    let reply = ack as Ack | undefined;
    if (typeof payload === 'function' && reply === undefined) {
      reply = payload as Ack;
      payload = undefined;
    }
    const answer = typeof reply === 'function' ? reply : () => {};
    handler(payload).then(
      (result) => answer({ ok: true, ...(result ?? {}) }),
      (err) => {
        if (!(err instanceof AppError)) ctx.log.error({ err, event }, 'socket handler failed');
        answer(errorBody(err));
      },
    );
  });
}
