import type { AppContext } from '../../context.ts';
import type { AgentSocket, Realtime } from '../../realtime/server.ts';
import { onRequest } from '../../realtime/server.ts';
import { boardFingerprint, notSupervisor, presentBoard, supervises, type Board } from './rules.ts';
import * as store from './store.ts';

export const supervisorsRoom = (shopId: number) => `supervisors:${shopId}`;
const ROOM = /^supervisors:(\d+)$/;

/** The live board of one shop, as of now. */
export async function readBoard(ctx: AppContext, shopId: number) {
  const db = ctx.database.db;
  const [agents, conversations] = await Promise.all([store.boardAgents(db, shopId), store.boardConversations(db, shopId)]);
  return presentBoard(agents, conversations, ctx.clock.now());
}

/**
 * Pushes the board to the supervisors' room of each shop watched on this node, whenever it changed: every node looks
 * after its own sockets (a local emit), so a board is computed once per node that has watchers and sent once to each.
 */
export class BoardPusher {
  private timer: NodeJS.Timeout | undefined;
  private last = new Map<number, string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly rt: Realtime,
    private readonly read: (shopId: number) => Promise<Board>,
    private readonly intervalMs = 1000,
  ) {}

  start() {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass over the watched shops; passes never overlap. */
  tick(): Promise<void> {
    this.running ??= this.pass().catch((err) => this.ctx.log.error({ err }, 'supervision board push failed')).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass() {
    const watched = new Set<number>();
    for (const [room, members] of this.rt.agents.adapter.rooms) {
      const m = ROOM.exec(room);
      if (m && members.size) watched.add(Number(m[1]));
    }
    for (const shopId of this.last.keys()) if (!watched.has(shopId)) this.last.delete(shopId);
    for (const shopId of watched) {
      const board = await this.read(shopId);
      const print = boardFingerprint(board);
      if (this.last.get(shopId) === print) continue;
      this.last.set(shopId, print);
      this.rt.agents.local.to(supervisorsRoom(shopId)).emit('supervision:board', board);
    }
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** A supervisor's workbench joins the room and gets the board at once; later boards come as they change. */
export function registerSupervisionSockets(ctx: AppContext, rt: Realtime, read: (shopId: number) => Promise<Board>) {
  rt.agents.on('connection', (socket: AgentSocket) => {
    const actor = socket.data.actor;
    onRequest(ctx, socket, 'supervision:join', async () => {
      if (!supervises(actor)) throw notSupervisor();
      await socket.join(supervisorsRoom(actor.shopId));
      return { board: await read(actor.shopId) };
    });
    onRequest(ctx, socket, 'supervision:leave', async () => {
      await socket.leave(supervisorsRoom(actor.shopId));
    });
  });
}
