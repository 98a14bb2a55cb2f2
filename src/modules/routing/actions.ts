import type { AppContext } from '../../context.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import type { Hub } from '../../realtime/server.ts';
import { assertCan, can, type AccountActor } from '../accounts/rules.ts';
import { recordAudit } from '../audit/index.ts';
import type { chatRules } from '../chat/index.ts';
import * as agentStore from './agent-store.ts';
import { announceHandOver, handOver, type HandedOver } from './hand-over.ts';
import type { SystemNotes } from './notes.ts';
import type { Router } from './router.ts';
import { presentRouted } from './router.ts';
import {
  checkConversation, checkSuspendable, checkTarget, commandFor, decideAgentStatus, decideSuspend, SERVING_ROLES,
  type AgentStatus, type SuspendCommand, type RouteAgent,
} from './rules.ts';
import * as store from './store.ts';

interface StatusChange {
  from: AgentStatus;
  to: AgentStatus;
  /** When the agent went offline: who left, and where each of its chats went. */
  leaving?: chatRules.AgentRef;
  handed?: HandedOver[];
}

const conversationNotFound = () => new AppError('CONVERSATION_NOT_FOUND', 404, '会话不存在', 'No such conversation in this shop');

/** The routing use cases: status, 挂起, transfer, reassignment, ending. Each runs under the shop's routing lock. */
export class RoutingActions {
  constructor(
    private readonly ctx: AppContext,
    private readonly hub: Hub,
    private readonly router: Router,
    private readonly notes: SystemNotes,
  ) {}

  /**
   * Moves an agent to online, busy or offline. `onlyFrom` makes it conditional (the workbench opening or the last
   * socket closing), so it never overrides what the agent chose meanwhile. Going offline hands the agent's chats
   * over (busy keeps them: it only stops new ones).
   */
  async setStatus(shopId: number, accountId: number, status: Exclude<AgentStatus, 'suspended'>, onlyFrom?: AgentStatus[]) {
    const now = this.ctx.clock.now();
    const result = await inTransaction<StatusChange>(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, shopId);
      const account = await agentStore.accountInShop(trx, shopId, accountId);
      if (!account) throw new AppError('AGENT_NOT_FOUND', 404, '客服不存在', 'No such agent in this shop');
      if (status !== 'offline' && !(SERVING_ROLES as readonly string[]).includes(account.role)) {
        throw new AppError('ROLE_DOES_NOT_SERVE', 403, '该角色不接待买家', 'This role does not receive chats', { role: account.role });
      }
      const state = await agentStore.lockAgentState(trx, shopId, accountId, now);
      if ((onlyFrom && !onlyFrom.includes(state.status)) || state.status === status) return { from: state.status, to: state.status };
      const to = decideAgentStatus(state.status, commandFor(status));
      await agentStore.setAgentStatus(trx, accountId, to, now);
      if (state.status === 'suspended') await agentStore.endSuspension(trx, accountId, now);
      if (to !== 'offline') return { from: state.status, to };
      const leaving = { id: accountId, name: account.display_name };
      return { from: state.status, to, leaving, handed: await handOver(trx, this.notes, shopId, leaving, now, this.router.random) };
    });
    if (result.from !== result.to) {
      this.hub.toAgents({ shopId, agentId: accountId }, 'agent:status', { account_id: accountId, status: result.to });
      if (result.leaving && result.handed?.length) announceHandOver(this.hub, this.notes, this.router, shopId, result.leaving, result.handed);
      if (result.to === 'online' || result.to === 'busy') await this.router.drain(shopId);
    }
    return result.to;
  }

  async requestSuspend(actor: AccountActor, reason: string) {
    const now = this.ctx.clock.now();
    const request = await inTransaction(this.ctx, async ({ trx }) => {
      const state = await agentStore.lockAgentState(trx, actor.shopId, actor.id, now);
      checkSuspendable(state.status);
      return agentStore.insertSuspendRequest(trx, { shopId: actor.shopId, accountId: actor.id, reason, now });
    }).catch((err) => {
      if (/unique|duplicate/i.test(String(err?.message))) {
        throw new AppError('SUSPEND_ALREADY_REQUESTED', 409, '已有一个待审批或生效中的挂起申请', 'A suspend request is already open');
      }
      throw err;
    });
    this.hub.toAgents({ shopId: actor.shopId }, 'suspend:requested', { request: { ...request, login: actor.login } });
    return request;
  }

  /** A supervisor approves (the agent is suspended at once) or refuses; the agent may cancel while pending. */
  async decideSuspend(actor: AccountActor, id: number, command: SuspendCommand, note?: string) {
    if (command === 'approve' || command === 'refuse') assertCan(actor, 'suspend.approve');
    const now = this.ctx.clock.now();
    const request = await inTransaction(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      const row = await agentStore.lockSuspendRequest(trx, actor.shopId, id);
      if (!row) throw new AppError('SUSPEND_REQUEST_NOT_FOUND', 404, '挂起申请不存在', 'No such suspend request');
      if (command === 'cancel' && row.account_id !== actor.id) {
        throw new AppError('NOT_YOUR_REQUEST', 403, '只能撤回自己的申请', 'Only the agent who asked may cancel');
      }
      const status = decideSuspend({ status: row.status, accountId: row.account_id }, command, actor.id);
      if (command === 'approve') {
        const state = await agentStore.lockAgentState(trx, actor.shopId, row.account_id, now);
        checkSuspendable(state.status);
        await agentStore.setAgentStatus(trx, row.account_id, decideAgentStatus(state.status, 'suspend'), now);
      }
      const after = await agentStore.decideSuspendRequest(trx, id, status, { decidedBy: actor.id, note, now });
      await recordAudit(trx, {
        shopId: actor.shopId, actor, action: `routing.suspend.${command}`, entity: 'account', entityId: row.account_id,
        before: row, after, at: now,
      });
      return after;
    });
    this.hub.toAgents({ shopId: actor.shopId, agentId: request.account_id }, 'suspend:decided', { request });
    if (command === 'approve') {
      this.hub.toAgents({ shopId: actor.shopId, agentId: request.account_id }, 'agent:status',
        { account_id: request.account_id, status: 'suspended' });
    }
    return request;
  }

  /** 队员间转发: the serving agent hands the conversation to a teammate who has room, with a note. */
  async transfer(actor: AccountActor, conversationId: number, toId: number, note: string | null) {
    return this.move(actor, conversationId, toId, 'transfer', note);
  }

  /** A supervisor gives an active, queued or waiting conversation to an agent. */
  async reassign(actor: AccountActor, conversationId: number, toId: number, note: string | null) {
    assertCan(actor, 'suspend.approve');
    return this.move(actor, conversationId, toId, 'reassign', note);
  }

  /** An agent takes a 留言 or a queued conversation itself, within its limit. */
  async claim(actor: AccountActor, conversationId: number) {
    return this.move(actor, conversationId, actor.id, 'claim', null);
  }

  private async move(actor: AccountActor, conversationId: number, toId: number, via: 'transfer' | 'reassign' | 'claim', note: string | null) {
    const now = this.ctx.clock.now();
    const shopId = actor.shopId;
    const r = await inTransaction(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, shopId);
      const [c] = await store.lockConversations(trx, shopId, [conversationId]);
      if (!c) throw conversationNotFound();
      checkConversation(c.status, via);
      if (via === 'transfer' && c.agent_id !== actor.id) {
        throw new AppError('NOT_YOUR_CONVERSATION', 403, '只能转发自己正在接待的会话', 'Only the serving agent may transfer it');
      }
      if (c.agent_id === toId) throw new AppError('ALREADY_SERVING', 409, '该客服已在接待此会话', 'That agent serves it already');
      const agents = await store.loadAgents(trx, shopId);
      const target = agents.find((a) => a.id === toId);
      // A serving account that never set a status has no routing row yet: it is offline, not unknown.
      checkTarget(target ?? (await neverOnline(trx, shopId, toId)), via === 'claim');
      await store.setConversationAgent(trx, c.id, toId, now);
      if (c.agent_id) await store.closeAssignment(trx, c.id, via === 'transfer' ? 'transferred' : 'reassigned', now);
      await store.recordAssignments(trx, shopId, [{ conversationId: c.id, agentId: toId, via, fromAgentId: c.agent_id, note }], now);
      const from = c.agent_id ? agents.find((a) => a.id === c.agent_id) : undefined;
      const ref = (a: { id: number; name: string }) => ({ id: a.id, name: a.name });
      // The buyer is told who serves them now; the note stays with the team (conversation:assigned, the assignment).
      const told = via === 'claim' ? [] : await this.notes.post(trx, [{
        conversationId: c.id, shopId,
        note: via === 'transfer' ? { event: 'transferred', from: ref(from ?? { id: actor.id, name: actor.login }), to: ref(target!) }
          : { event: 'reassigned', from: from ? ref(from) : null, to: ref(target!) },
      }], now);
      return { c: { ...c, last_seq: told[0]?.seq ?? c.last_seq }, target: target!, from, message: told[0] };
    });
    const fromName = r.from?.name ?? null;
    this.hub.toAgents({ agentId: toId }, 'conversation:assigned', {
      conversation: presentRouted(r.c, 'active', toId, r.c.situation),
      [via]: { from_agent_id: r.c.agent_id, from_name: fromName, by: actor.login, note },
    });
    if (r.c.agent_id) {
      this.hub.toAgents({ agentId: r.c.agent_id }, 'conversation:removed', { id: r.c.id, reason: via, to_agent_id: toId });
    }
    this.hub.toBuyer(r.c.id, 'conversation', { id: r.c.id, status: 'active', agent: { id: toId, name: r.target.name } });
    if (r.message) this.notes.deliver(r.message, [toId, r.c.agent_id]);
    if (r.c.agent_id) void this.router.drain(shopId);
    else this.router.announceQueue(shopId);
    return { conversation: presentRouted(r.c, 'active', toId, r.c.situation) };
  }

  /** The serving agent (or a supervisor) ends the conversation; the agent's room frees for the queue. */
  async end(actor: AccountActor, conversationId: number) {
    const now = this.ctx.clock.now();
    const c = await inTransaction(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      const [row] = await store.lockConversations(trx, actor.shopId, [conversationId]);
      if (!row) throw conversationNotFound();
      checkConversation(row.status, 'end');
      if (row.agent_id !== actor.id && !can(actor, 'suspend.approve')) {
        throw new AppError('NOT_YOUR_CONVERSATION', 403, '只能结束自己正在接待的会话', 'Only the serving agent may end it');
      }
      await store.endConversation(trx, row.id, row.agent_id!, now);
      await store.closeAssignment(trx, row.id, 'ended', now);
      const by = row.agent_id === actor.id ? 'agent' as const : 'supervisor' as const;
      const [message] = await this.notes.post(trx, [{ conversationId: row.id, shopId: actor.shopId, note: { event: 'ended', by, agentId: row.agent_id } }], now);
      return { ...row, message };
    });
    this.ended([{ id: c.id, agent_id: c.agent_id!, message: c.message }], 'ended');
    await this.router.drain(actor.shopId);
    return { conversation: presentRouted({ ...c, last_seq: c.message.seq }, 'ended', null, c.situation) };
  }

  /** The sweep: ends the conversations left silent beyond their shop's idle time, each with its system message. */
  async endIdle() {
    const now = this.ctx.clock.now();
    const list = await inTransaction(this.ctx, async ({ trx }) => {
      const idle = await store.endIdleConversations(trx, now);
      const messages = await this.notes.post(trx, idle.map((c) => ({
        conversationId: c.id, shopId: c.shop_id, note: { event: 'ended' as const, by: 'idle' as const, agentId: c.agent_id },
      })), now);
      const messageOf = new Map(messages.map((m) => [m.conversation_id, m]));
      return idle.map((c) => ({ ...c, message: messageOf.get(c.id)! }));
    });
    this.ended(list, 'idle');
    return [...new Set(list.map((c) => c.shop_id))];
  }

  /** Tells both sides that conversations ended (by an agent, or idle). */
  private ended(list: { id: number; agent_id: number; message: chatRules.ChatMessage }[], reason: 'ended' | 'idle') {
    for (const c of list) {
      this.hub.toBuyer(c.id, 'conversation', { id: c.id, status: 'ended', agent: null, reason });
      this.hub.toAgents({ agentId: c.agent_id }, 'conversation:removed', { id: c.id, reason });
      this.notes.deliver(c.message, [c.agent_id]);
    }
  }

  async setLimits(actor: AccountActor, accountId: number, patch: { reception_limit?: number; weight?: number }) {
    assertCan(actor, 'account.manage');
    const now = this.ctx.clock.now();
    const state = await inTransaction(this.ctx, async ({ trx }) => {
      await store.lockShopRouting(trx, actor.shopId);
      if (!(await agentStore.accountInShop(trx, actor.shopId, accountId))) {
        throw new AppError('AGENT_NOT_FOUND', 404, '客服不存在', 'No such agent in this shop');
      }
      const before = await agentStore.lockAgentState(trx, actor.shopId, accountId, now);
      const after = await agentStore.setAgentLimits(trx, accountId, patch);
      await recordAudit(trx, {
        shopId: actor.shopId, actor, action: 'routing.agent.update', entity: 'account', entityId: accountId,
        before: { reception_limit: before.reception_limit, weight: before.weight },
        after: { reception_limit: after.reception_limit, weight: after.weight }, at: now,
      });
      return after;
    });
    // A higher limit is room for the queue.
    await this.router.drain(actor.shopId);
    return state;
  }
}

/** A serving account of the shop that has never been online, as routing sees it; undefined for anyone else. */
async function neverOnline(trx: Trx, shopId: number, accountId: number): Promise<RouteAgent | undefined> {
  const account = await agentStore.accountInShop(trx, shopId, accountId);
  if (!account || account.disabled || !(SERVING_ROLES as readonly string[]).includes(account.role)) return undefined;
  return { id: account.id, status: 'offline', limit: 0, active: 0, weight: 0, groupIds: [], lastAssignedAt: 0 };
}
