import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import type { AccountActor } from '../accounts/index.ts';
import type { ChatRateLimits } from './rate-limit.ts';
import { alreadyRated, checkRating, RATING_LABELS, ratingSession, type RatingScore } from './rules.ts';
import * as store from './store.ts';
import type { SystemMessages } from './system-messages.ts';

const conversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 404, '会话不存在', 'No such conversation in this shop');

const sessionOf = (c: { status: string; sessions_ended: number; ended_at: Date | string | null }, now: Date) =>
  ratingSession({ status: c.status, sessionsEnded: Number(c.sessions_ended), endedAt: c.ended_at ? new Date(c.ended_at) : null }, now);

/** The agent who served the session being rated: the serving one, or the last one once it ended. */
const servedBy = (c: { status: string; agent_id: number | null; last_agent_id: number | null }) =>
  c.status === 'active' ? c.agent_id : c.last_agent_id;

export function presentRating(r: { id: number; conversation_id: number; agent_id: number | null; score: number; comment: string | null; created_at: Date }) {
  const [label, labelEn] = RATING_LABELS[r.score as RatingScore];
  return {
    id: Number(r.id), conversation_id: Number(r.conversation_id), agent_id: r.agent_id, score: r.score, label, label_en: labelEn,
    comment: r.comment, created_at: r.created_at,
  };
}

/** 满意度评价: the agent invites, the buyer rates the session once; each step is a system message to both sides. */
export class Ratings {
  constructor(
    private readonly ctx: AppContext,
    private readonly notes: SystemMessages,
    private readonly limits: ChatRateLimits,
  ) {}

  async invite(actor: AccountActor, conversationId: number) {
    // An invitation is a stored message like any other: it comes out of the agent's allowance.
    this.limits.take('agent', actor.id);
    const now = this.ctx.clock.now();
    const message = await inTransaction(this.ctx, async ({ trx }) => {
      const c = await store.lockConversation(trx, actor.shopId, conversationId);
      if (!c) throw conversationNotFound();
      const session = sessionOf(c, now);
      if (servedBy(c) !== actor.id) {
        throw new AppError('NOT_YOUR_CONVERSATION', 403, '只能邀请自己接待的买家评价', 'Only the agent who served the buyer may invite a rating');
      }
      if (await store.sessionRating(trx, c.id, session)) throw alreadyRated();
      const name = (await store.accountName(trx, actor.id)) ?? actor.login;
      const [m] = await this.notes.post(trx, [{ conversationId: c.id, shopId: actor.shopId, note: { event: 'rating_invited', agent: { id: actor.id, name } } }], now);
      return m;
    });
    this.notes.deliver(message, [actor.id]);
    return { message };
  }

  async rate(buyer: { id: number; shopId: number; conversationId: number }, input: { score?: unknown; comment?: unknown }) {
    this.limits.take('buyer', buyer.id);
    const { score, comment } = checkRating(input.score, input.comment);
    const now = this.ctx.clock.now();
    const r = await inTransaction(this.ctx, async ({ trx }) => {
      const c = await store.lockConversation(trx, buyer.shopId, buyer.conversationId, buyer.id);
      if (!c) throw conversationNotFound();
      const agentId = servedBy(c);
      const rating = await store.insertRating(trx, {
        shopId: buyer.shopId, conversationId: c.id, sessionNo: sessionOf(c, now), buyerId: buyer.id, agentId, score, comment, at: now,
      });
      if (!rating) throw alreadyRated();
      const [message] = await this.notes.post(trx, [{ conversationId: c.id, shopId: buyer.shopId, note: { event: 'rated', score, comment, agentId } }], now);
      return { rating, message, agentId };
    });
    this.notes.deliver(r.message, [r.agentId]);
    return { rating: presentRating(r.rating), message: r.message };
  }

}

/** The rating of the conversation's current session (in progress, or the one that ended last), if any. */
export async function currentRating(q: Parameters<typeof store.sessionRating>[0], c: { id: number; status: string; sessions_ended: number }) {
  const session = c.status === 'active' ? Number(c.sessions_ended) : Number(c.sessions_ended) - 1;
  const r = await store.sessionRating(q, c.id, session);
  return r ? presentRating(r) : null;
}
