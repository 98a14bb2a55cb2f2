import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int, Ok } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, can, type AccountActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { RoutingActions } from './actions.ts';
import * as agentStore from './agent-store.ts';
import { ROUTING_MODES, SERVING_ROLES } from './rules.ts';
import {
  AgentSchema, AgentStateSchema, AgentStatusSchema, QueueLengthSchema, RoutedConversationSchema, RoutingSettingsSchema,
  ServiceGroupSchema, SuspendRequestSchema,
} from './schemas.ts';
import * as store from './store.ts';

const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Note = z.string().trim().max(200);
const tags = ['routing'];
const SuspendAnswer = z.object({ request: SuspendRequestSchema });
const SettingsAnswer = z.object({ settings: RoutingSettingsSchema });
const GroupAnswer = z.object({ group: ServiceGroupSchema });

/** 分流 settings and actions: status, 挂起 requests, limits, groups and bindings, transfer, reassignment, ending. */
export function registerRoutingRoutes(app: ZodApp, ctx: AppContext, actions: RoutingActions) {
  const db = ctx.database.db;

  app.get('/api/routing/agents', {
    schema: { operationId: 'routing.agents.get', tags, summary: "The shop's agents: status, 接待上限, weight, active chats, groups",
      response: { 200: z.object({ agents: z.array(AgentSchema), queue: z.object(QueueLengthSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const [agents, queue] = await Promise.all([store.loadAgents(db, actor.shopId), store.queueLength(db, actor.shopId)]);
    return {
      agents: agents.map((a) => ({
        account_id: a.id, login: a.login, name: a.name, role: a.role, status: a.status, reception_limit: a.limit,
        weight: a.weight, active: a.active, group_ids: a.groupIds,
      })),
      queue,
    };
  });

  app.post('/api/routing/status', {
    schema: {
      operationId: 'routing.status.update', tags, summary: 'Set my status: online, busy or offline (挂起 goes through a request)',
      body: z.object({ status: z.enum(['online', 'busy', 'offline']) }),
      response: { 200: z.object({ status: AgentStatusSchema.describe('my status now') }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { status: await actions.setStatus(actor.shopId, actor.id, request.body.status) };
  });

  app.patch('/api/routing/agents/:id', {
    schema: {
      operationId: 'routing.agent.update', tags, summary: "Change an agent's reception limit (接待上限) or weight",
      params: Id,
      body: z.object({ reception_limit: z.number().int().min(0).max(500).optional(), weight: z.number().int().min(1).max(100).optional() })
        .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      response: { 200: z.object({ agent: AgentStateSchema }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { agent: await actions.setLimits(actor, request.params.id, request.body) };
  });

  app.post('/api/routing/suspend-requests', {
    schema: {
      operationId: 'routing.suspend.add', tags, summary: 'Ask to suspend (挂起): a supervisor approves or refuses',
      body: z.object({ reason: z.string().trim().min(2).max(200) }),
      response: { 201: SuspendAnswer },
    },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    return reply.status(201).send({ request: await actions.requestSuspend(actor, request.body.reason) });
  });

  app.get('/api/routing/suspend-requests', {
    schema: {
      operationId: 'routing.suspend.get', tags, summary: 'Suspend requests: all of the shop for a supervisor, else my own',
      querystring: z.object({ status: z.enum(['pending', 'approved', 'refused', 'cancelled', 'ended']).optional() }),
      response: { 200: z.object({ requests: z.array(SuspendRequestSchema.extend({ login: z.string() })) }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const rows = await agentStore.listSuspendRequests(db, actor.shopId, request.query.status);
    return { requests: can(actor, 'suspend.approve') ? rows : rows.filter((r) => r.account_id === actor.id) };
  });

  for (const command of ['approve', 'refuse', 'cancel'] as const) {
    app.post(`/api/routing/suspend-requests/:id/${command}`, {
      schema: {
        operationId: `routing.suspend.${command}`, tags,
        summary: command === 'cancel' ? 'Withdraw my pending request' : `A supervisor ${command}s a suspend request`,
        params: Id, body: z.object({ note: Note.optional() }).optional(), response: { 200: SuspendAnswer },
      },
    }, async (request) => {
      const actor = await requireAccount(ctx, request);
      return { request: await actions.decideSuspend(actor, request.params.id, command, request.body?.note) };
    });
  }

  app.get('/api/routing/settings', {
    schema: { operationId: 'routing.settings.get', tags, summary: 'Mode, group bindings by situation, recent-contact days, idle end',
      response: { 200: SettingsAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { settings: await store.getSettings(db, actor.shopId) };
  });

  app.patch('/api/routing/settings', {
    schema: {
      operationId: 'routing.settings.update', tags, summary: 'Change the routing mode, the group bound to each situation, or times',
      body: z.object({
        mode: z.enum(ROUTING_MODES).optional(),
        presales_group_id: z.number().int().positive().nullable().optional(),
        unshipped_group_id: z.number().int().positive().nullable().optional(),
        aftersales_group_id: z.number().int().positive().nullable().optional(),
        recent_contact_days: z.number().int().min(0).max(15).optional(),
        idle_end_minutes: z.number().int().min(1).max(1440).optional(),
      }).refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      response: { 200: SettingsAnswer },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'account.manage');
    const body = request.body;
    const settings = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      for (const id of [body.presales_group_id, body.unshipped_group_id, body.aftersales_group_id]) {
        if (id && !(await agentStore.groupInShop(trx, actor.shopId, id))) throw groupNotFound();
      }
      const before = await store.getSettings(trx, actor.shopId);
      await store.saveSettings(trx, actor.shopId, body);
      const after = await store.getSettings(trx, actor.shopId);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'routing.settings.update', entity: 'shop', entityId: actor.shopId, before, after, at: ctx.clock.now() });
      return after;
    });
    return { settings };
  });

  app.get('/api/routing/groups', {
    schema: { operationId: 'routing.groups.get', tags, summary: 'Service groups (分组) and their members',
      response: { 200: z.object({ groups: z.array(ServiceGroupSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { groups: await agentStore.listGroups(db, actor.shopId) };
  });

  const GroupBody = z.object({ name: z.string().trim().min(1).max(30), member_ids: z.array(z.number().int().positive()).max(500).optional() });
  app.post('/api/routing/groups', {
    schema: { operationId: 'routing.group.add', tags, summary: 'Create a service group', body: GroupBody, response: { 201: GroupAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'account.manage');
    const group = await inTransaction(ctx, async ({ trx }) => {
      const g = await agentStore.insertGroup(trx, actor.shopId, request.body.name);
      if (!g) throw new AppError('GROUP_NAME_TAKEN', 409, '分组名称已存在', 'A group of that name exists');
      if (request.body.member_ids) await setMembers(trx, actor, g.id, request.body.member_ids);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'routing.group.create', entity: 'shop', entityId: actor.shopId, after: { ...g, member_ids: request.body.member_ids ?? [] }, at: ctx.clock.now() });
      return g;
    });
    return reply.status(201).send({ group: (await agentStore.listGroups(db, actor.shopId)).find((g) => g.id === group.id)! });
  });

  app.patch('/api/routing/groups/:id', {
    schema: { operationId: 'routing.group.update', tags, summary: 'Rename a group or set its members', params: Id, body: GroupBody.partial(),
      response: { 200: GroupAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'account.manage');
    const { id } = request.params;
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      const before = (await agentStore.listGroups(trx, actor.shopId)).find((g) => g.id === id);
      if (!before) throw groupNotFound();
      if (request.body.name && !(await agentStore.renameGroup(trx, actor.shopId, id, request.body.name).catch(() => undefined))) {
        throw new AppError('GROUP_NAME_TAKEN', 409, '分组名称已存在', 'A group of that name exists');
      }
      if (request.body.member_ids) await setMembers(trx, actor, id, request.body.member_ids);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'routing.group.update', entity: 'shop', entityId: actor.shopId, before, after: request.body, at: ctx.clock.now() });
    });
    return { group: (await agentStore.listGroups(db, actor.shopId)).find((g) => g.id === id)! };
  });

  app.delete('/api/routing/groups/:id', {
    schema: { operationId: 'routing.group.delete', tags, summary: 'Delete a group (its bindings fall back to the whole shop)', params: Id,
      response: { 200: Ok } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'account.manage');
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      if (!(await agentStore.deleteGroup(trx, actor.shopId, request.params.id))) throw groupNotFound();
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'routing.group.delete', entity: 'shop', entityId: actor.shopId, before: { id: request.params.id }, at: ctx.clock.now() });
    });
    return { ok: true as const };
  });

  app.get('/api/routing/queue', {
    schema: { operationId: 'routing.queue.get', tags, summary: 'Queued conversations with their positions, and the 留言 count',
      response: {
        200: z.object({ queue: z.array(z.object({ id: Int, position: Int.describe('1 is next') })), ...QueueLengthSchema }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { queue: await store.queuePositions(db, actor.shopId), ...(await store.queueLength(db, actor.shopId)) };
  });

  const ToAgent = z.object({ to_agent_id: z.number().int().positive(), note: Note.optional() });
  app.post('/api/conversations/:id/transfer', {
    schema: { operationId: 'conversation.transfer', tags, summary: '队员间转发: hand my conversation to a teammate, with a note', params: Id, body: ToAgent,
      response: { 200: RoutedConversationSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return actions.transfer(actor, request.params.id, request.body.to_agent_id, request.body.note ?? null);
  });

  app.post('/api/conversations/:id/reassign', {
    schema: { operationId: 'conversation.reassign', tags, summary: 'A supervisor gives a conversation to an agent', params: Id, body: ToAgent,
      response: { 200: RoutedConversationSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return actions.reassign(actor, request.params.id, request.body.to_agent_id, request.body.note ?? null);
  });

  app.post('/api/conversations/:id/claim', {
    schema: { operationId: 'conversation.claim', tags, summary: 'Take a 留言 or queued conversation myself', params: Id,
      response: { 200: RoutedConversationSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return actions.claim(actor, request.params.id);
  });

  app.post('/api/conversations/:id/end', {
    schema: { operationId: 'conversation.end', tags, summary: 'End the conversation I serve (a supervisor may end any)', params: Id,
      response: { 200: RoutedConversationSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return actions.end(actor, request.params.id);
  });
}

const groupNotFound = () => new AppError('GROUP_NOT_FOUND', 404, '分组不存在', 'No such service group');

async function setMembers(trx: Parameters<typeof agentStore.setGroupMembers>[0], actor: AccountActor, groupId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  const found = await agentStore.accountsInShop(trx, actor.shopId, unique);
  const serving = found.filter((a) => (SERVING_ROLES as readonly string[]).includes(a.role));
  if (serving.length !== unique.length) {
    throw new AppError('BAD_GROUP_MEMBERS', 400, '分组成员须为本店接待买家的账号', 'Group members must be accounts of this shop that receive chats');
  }
  await agentStore.setGroupMembers(trx, actor.shopId, groupId, unique);
}
