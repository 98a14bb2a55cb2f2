import type { AppContext } from '../../context.ts';
import type { ZodApp } from '../../http/types.ts';
import type { Realtime } from '../../realtime/server.ts';
import type { StatsFolder } from '../stats/index.ts';
import { registerSupervisionRoutes } from './api.ts';
import { BoardPusher, readBoard, registerSupervisionSockets } from './board.ts';
import { registerQaRoutes } from './qa-api.ts';

export { readBoard, supervisorsRoom } from './board.ts';

export interface Supervision {
  board: BoardPusher;
  close(): Promise<void>;
}

/**
 * Supervision (SPEC §12): the live board (HTTP, and pushed over Socket.IO to `supervisors:{shop}` where this node
 * serves sockets), the read-only conversation view, and quality inspection.
 */
export function registerSupervision(app: ZodApp, ctx: AppContext, rt: Realtime, folder: StatsFolder, opts: { boardIntervalMs?: number } = {}): Supervision {
  // Who waits since when comes from the stats' conversation state: what this node wrote since the last fold is folded
  // in before the board is read (other nodes fold their own every few seconds).
  const read = async (shopId: number) => {
    await folder.foldRecent();
    return readBoard(ctx, shopId);
  };
  registerSupervisionRoutes(app, ctx, read);
  registerQaRoutes(app, ctx, rt.hub);
  const board = new BoardPusher(ctx, rt, read, opts.boardIntervalMs);
  if (ctx.config.roles.includes('realtime')) {
    registerSupervisionSockets(ctx, rt, read);
    board.start();
  }
  return { board, close: () => board.stop() };
}
