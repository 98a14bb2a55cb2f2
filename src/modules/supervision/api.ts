import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { notSupervisor, supervises, type Board } from './rules.ts';
import { BoardSchema, SupervisedConversationSchema } from './schemas.ts';
import * as store from './store.ts';

const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const tags = ['supervision'];

export const conversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 404, '会话不存在', 'No such conversation in this shop');

/** The live board, and a read-only view of any conversation of the shop. */
export function registerSupervisionRoutes(app: ZodApp, ctx: AppContext, readBoard: (shopId: number) => Promise<Board>) {
  const db = ctx.database.db;

  app.get('/api/supervision/board', {
    schema: {
      operationId: 'supervision.board.get', tags,
      summary: "Live board: each agent's status and load, the buyer waiting longest, the queue, conversations in progress",
      response: { 200: BoardSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!supervises(actor)) throw notSupervisor();
    return readBoard(actor.shopId);
  });

  app.get('/api/supervision/conversations/:id', {
    schema: {
      operationId: 'supervision.conversation.get', tags, params: Id,
      summary: 'A conversation as a supervisor reads it (read-only): who served it when, the history page, ratings and reviews',
      querystring: z.object({
        before_seq: z.coerce.number().int().min(0).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: SupervisedConversationSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!supervises(actor)) throw notSupervisor();
    const c = await store.conversationOf(db, actor.shopId, request.params.id);
    if (!c) throw conversationNotFound();
    const [assignments, messages, ratings, reviews] = await Promise.all([
      store.assignmentsOf(db, c.id),
      store.messagesOf(db, c.id, { beforeSeq: request.query.before_seq, limit: request.query.limit }),
      store.ratingsOf(db, c.id),
      store.reviewsOfConversation(db, actor.shopId, c.id),
    ]);
    return {
      conversation: c, assignments, messages, ratings,
      reviews: reviews.map((r) => ({ id: r.id, assignment_id: r.assignment_id, status: r.status, total: r.total, max_total: r.max_total })),
      // Watching live is the socket's `watch` (conversation:{id} room); nothing here lets a supervisor write.
      read_only: true,
    };
  });
}
