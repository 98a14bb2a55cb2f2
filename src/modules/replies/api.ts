import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { can } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { registerReplyGroupRoutes } from './groups-api.ts';
import {
  assertCanEdit, checkCode, checkGroupFits, checkText, codeTaken, conversationNotFound, fillVariables, groupNotFound,
  orThrow, ownerFor, replyNotFound, VARIABLES,
} from './rules.ts';
import {
  IdParam, ListQuery, presentList, presentReply, ReplyBody, ReplyListSchema, ReplyPatch, ReplySchema, UseBody,
} from './schemas.ts';
import * as store from './store.ts';
import { registerReplyTransferRoutes } from './transfer-api.ts';

export const TAGS = ['replies'];
const ReplyAnswer = z.object({ reply: ReplySchema });

/** Quick replies (快捷回复): the list, each phrase's changes, and using a phrase in a conversation. */
export function registerReplyRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/replies', {
    schema: { operationId: 'replies.get', tags: TAGS, querystring: ListQuery,
      summary: "The team's phrases and the agent's own, grouped; within a group by sort order, then most used",
      response: { 200: ReplyListSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { q, scope } = request.query;
    const [groups, replies] = await Promise.all([
      store.listGroups(db, actor.shopId, actor.id), store.listReplies(db, actor.shopId, actor.id, q || undefined),
    ]);
    const inScope = <T extends { owner_id: number | null }>(rows: T[]) =>
      scope ? rows.filter((r) => (r.owner_id === null) === (scope === 'team')) : rows;
    const list = presentList(inScope(groups), inScope(replies), { searching: !!q });
    return { ...list, total: list.replies.length, variables: VARIABLES, can_manage_team: can(actor, 'replies.manage') };
  });

  app.post('/api/replies', {
    schema: { operationId: 'replies.add', tags: TAGS, body: ReplyBody, summary: 'Add a team (replies.manage) or personal phrase',
      response: { 201: ReplyAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    const b = request.body;
    const ownerId = ownerFor(actor, b.scope);
    assertCanEdit(actor, ownerId);
    const { code } = orThrow(checkCode(b.code));
    const { text } = orThrow(checkText(b.text));
    const now = ctx.clock.now();
    const row = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const group = await store.getGroup(trx, actor.shopId, actor.id, b.group_id);
      if (!group) throw groupNotFound(b.group_id);
      checkGroupFits(group.owner_id, ownerId);
      if (code !== null && await store.codeTaken(trx, actor.shopId, ownerId, code)) throw codeTaken(code);
      const added = await store.insertReply(trx, actor.shopId, { ownerId, groupId: group.id, code, text, sortOrder: b.sort_order }, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.add', entity: 'quick_reply', entityId: added.id,
        after: presentReply(added), at: now });
      return added;
    });
    return reply.status(201).send({ reply: presentReply(row) });
  });

  app.patch('/api/replies/:id', {
    schema: { operationId: 'replies.update', tags: TAGS, params: IdParam, body: ReplyPatch,
      summary: 'Change a phrase: group, code, text or place', response: { 200: ReplyAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { id } = request.params;
    const b = request.body;
    const now = ctx.clock.now();
    const row = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const before = await store.getReply(trx, actor.shopId, actor.id, id);
      if (!before) throw replyNotFound(id);
      assertCanEdit(actor, before.owner_id);
      const code = b.code === undefined ? before.code : orThrow(checkCode(b.code)).code;
      const text = b.text === undefined ? before.text : orThrow(checkText(b.text)).text;
      if (b.group_id !== undefined && b.group_id !== before.group_id) {
        const group = await store.getGroup(trx, actor.shopId, actor.id, b.group_id);
        if (!group) throw groupNotFound(b.group_id);
        checkGroupFits(group.owner_id, before.owner_id);
      }
      if (code !== null && code !== before.code && await store.codeTaken(trx, actor.shopId, before.owner_id, code, id)) {
        throw codeTaken(code);
      }
      const after = await store.updateReply(trx, actor.shopId, id, {
        group_id: b.group_id ?? before.group_id, code, text, sort_order: b.sort_order ?? before.sort_order,
      }, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.update', entity: 'quick_reply', entityId: id,
        before: presentReply(before), after: presentReply(after), at: now });
      return after;
    });
    return { reply: presentReply(row) };
  });

  app.delete('/api/replies/:id', {
    schema: { operationId: 'replies.delete', tags: TAGS, params: IdParam, summary: 'Delete a phrase',
      response: { 200: z.object({ deleted: Int.describe('the id of the phrase deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const before = await store.getReply(trx, actor.shopId, actor.id, id);
      if (!before) throw replyNotFound(id);
      assertCanEdit(actor, before.owner_id);
      await store.deleteReply(trx, actor.shopId, id);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.delete', entity: 'quick_reply', entityId: id,
        before: presentReply(before), at: now });
    });
    return { deleted: id };
  });

  app.post('/api/replies/:id/use', {
    schema: { operationId: 'replies.use', tags: TAGS, params: IdParam, body: UseBody,
      summary: "A phrase with its variables filled from the conversation's buyer and latest trade; counts one use",
      response: {
        200: z.object({
          id: Int, text: z.string().describe('the phrase, its variables filled'),
          missing: z.array(z.string()).describe('variables left as they were: nothing to fill them with'), used: Int,
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { id } = request.params;
    const { conversation_id, buyer_nick } = request.body ?? {};
    let buyer: { buyerId: number; nick: string } | { nick: string } | undefined;
    if (conversation_id !== undefined) {
      const c = await store.conversationBuyer(db, actor.shopId, conversation_id);
      if (!c) throw conversationNotFound(conversation_id);
      buyer = { buyerId: c.buyer_id, nick: c.buyer_nick };
    } else if (buyer_nick) buyer = { nick: buyer_nick };
    const [trade, agent] = await Promise.all([
      buyer && store.latestTrade(db, actor.shopId, 'buyerId' in buyer ? { buyerId: buyer.buyerId } : { buyerNick: buyer.nick }),
      store.accountName(db, actor.id),
    ]);
    // A use is counted, not audited: it changes no phrase, and agents use phrases hundreds of times a day.
    const used = await store.countUse(db, actor.shopId, actor.id, id);
    if (!used) throw replyNotFound(id);
    const filled = fillVariables(used.text, { buyer: buyer?.nick, tid: trade?.tid, outSid: trade?.out_sid, agent });
    return { id, text: filled.text, missing: filled.missing, used: used.used };
  });

  registerReplyGroupRoutes(app, ctx);
  registerReplyTransferRoutes(app, ctx);
}
