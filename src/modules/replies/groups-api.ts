import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { recordAudit } from '../audit/index.ts';
import {
  assertCanEdit, checkGroupName, groupNameTaken, groupNotEmpty, groupNotFound, orThrow, ownerFor,
} from './rules.ts';
import { GroupBody, GroupPatch, GroupSchema, IdParam, ListQuery, presentGroup } from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['replies'];
const GroupAnswer = z.object({ group: GroupSchema });

/** Groups (分组) of quick replies: the team's, managed with replies.manage, and each agent's own. */
export function registerReplyGroupRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/replies/groups', {
    schema: { operationId: 'replies.groups.get', tags: TAGS, querystring: ListQuery.pick({ scope: true }),
      summary: "The team's groups, then the agent's own, in order", response: { 200: z.object({ groups: z.array(GroupSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { scope } = request.query;
    const groups = (await store.listGroups(db, actor.shopId, actor.id))
      .filter((g) => !scope || (g.owner_id === null) === (scope === 'team'));
    return { groups: groups.map(presentGroup) };
  });

  app.post('/api/replies/groups', {
    schema: { operationId: 'replies.group.add', tags: TAGS, body: GroupBody, summary: 'Add a group', response: { 201: GroupAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    const ownerId = ownerFor(actor, request.body.scope);
    assertCanEdit(actor, ownerId);
    const { name } = orThrow(checkGroupName(request.body.name));
    const now = ctx.clock.now();
    const group = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      if (await store.groupNameTaken(trx, actor.shopId, ownerId, name)) throw groupNameTaken(name);
      const added = await store.insertGroup(trx, actor.shopId, { ownerId, name, sortOrder: request.body.sort_order }, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.group.add', entity: 'reply_group', entityId: added.id,
        after: presentGroup(added), at: now });
      return added;
    });
    return reply.status(201).send({ group: presentGroup(group) });
  });

  app.patch('/api/replies/groups/:id', {
    schema: { operationId: 'replies.group.update', tags: TAGS, params: IdParam, body: GroupPatch, summary: 'Rename or move a group',
      response: { 200: GroupAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { id } = request.params;
    const now = ctx.clock.now();
    const group = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const before = await store.getGroup(trx, actor.shopId, actor.id, id);
      if (!before) throw groupNotFound(id);
      assertCanEdit(actor, before.owner_id);
      const name = request.body.name === undefined ? before.name : orThrow(checkGroupName(request.body.name)).name;
      if (name !== before.name && await store.groupNameTaken(trx, actor.shopId, before.owner_id, name, id)) throw groupNameTaken(name);
      const after = await store.updateGroup(trx, actor.shopId, id, { name, sort_order: request.body.sort_order ?? before.sort_order });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.group.update', entity: 'reply_group', entityId: id,
        before: presentGroup(before), after: presentGroup(after), at: now });
      return after;
    });
    return { group: presentGroup(group) };
  });

  app.delete('/api/replies/groups/:id', {
    schema: { operationId: 'replies.group.delete', tags: TAGS, params: IdParam,
      summary: 'Delete an empty group (a group with phrases is refused, so no phrase is lost by a slip)',
      response: { 200: z.object({ deleted: Int.describe('the id of the group deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const before = await store.getGroup(trx, actor.shopId, actor.id, id);
      if (!before) throw groupNotFound(id);
      assertCanEdit(actor, before.owner_id);
      const size = await store.groupSize(trx, actor.shopId, id);
      if (size > 0) throw groupNotEmpty(id, size);
      await store.deleteGroup(trx, actor.shopId, id);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.group.delete', entity: 'reply_group', entityId: id,
        before: presentGroup(before), at: now });
    });
    return { deleted: id };
  });
}
