import { AppError } from '../../errors.ts';

/** 分流 (SPEC §6): who gets a buyer's conversation, decided without I/O; the caller holds the shop's routing lock. */

export const AGENT_STATUSES = ['online', 'busy', 'suspended', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const SITUATIONS = ['presales', 'unshipped', 'aftersales'] as const;
export type Situation = (typeof SITUATIONS)[number];
export const ROUTING_MODES = ['balanced', 'round_robin', 'weighted'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/** Roles that receive chats; the warehouse and finance never do. */
export const SERVING_ROLES = ['owner', 'service', 'aftersales', 'supervisor'] as const;
/** Roles that go online by themselves when they open the workbench; leads choose to. */
export const AUTO_ONLINE_ROLES = ['service', 'aftersales'] as const;

export type AgentCommand = 'go_online' | 'go_busy' | 'go_offline' | 'suspend';

/**
 * The agent's status. Online takes new chats; busy takes them only when no online agent can; suspended (挂起)
 * takes none and is entered only through an approved request; offline is away. Going online ends a suspension.
 */
export const AGENT_STATUS_MACHINE: Record<AgentStatus, Partial<Record<AgentCommand, AgentStatus>>> = {
  offline: { go_online: 'online', go_busy: 'busy' },
  online: { go_busy: 'busy', go_offline: 'offline', suspend: 'suspended' },
  busy: { go_online: 'online', go_offline: 'offline', suspend: 'suspended' },
  suspended: { go_online: 'online', go_offline: 'offline' },
};

export function decideAgentStatus(from: AgentStatus, command: AgentCommand): AgentStatus {
  const to = AGENT_STATUS_MACHINE[from][command];
  if (!to) {
    if (from === 'suspended' && command === 'go_busy') {
      throw new AppError('AGENT_SUSPENDED', 409, '挂起中，请先恢复在线', 'Suspended: go online first');
    }
    throw new AppError('AGENT_STATUS_NOT_ALLOWED', 409, `当前状态（${from}）不能执行此操作（${command}）`,
      `An agent who is ${from} cannot ${command}`, { status: from, command });
  }
  return to;
}

export const commandFor = (status: Exclude<AgentStatus, 'suspended'>): AgentCommand =>
  status === 'online' ? 'go_online' : status === 'busy' ? 'go_busy' : 'go_offline';

export type SuspendStatus = 'pending' | 'approved' | 'refused' | 'cancelled' | 'ended';
export type SuspendCommand = 'approve' | 'refuse' | 'cancel' | 'end';

/** Seed 002: no agent suspends without leave. A supervisor approves or refuses; the agent may withdraw it. */
export const SUSPEND_MACHINE: Record<SuspendStatus, Partial<Record<SuspendCommand, SuspendStatus>>> = {
  pending: { approve: 'approved', refuse: 'refused', cancel: 'cancelled' },
  approved: { end: 'ended' },
  refused: {},
  cancelled: {},
  ended: {},
};

export function decideSuspend(
  request: { status: SuspendStatus; accountId: number }, command: SuspendCommand, deciderId: number,
): SuspendStatus {
  const to = SUSPEND_MACHINE[request.status][command];
  if (!to) {
    throw new AppError('SUSPEND_ACTION_NOT_ALLOWED', 409, '该挂起申请已处理', `A ${request.status} request cannot be ${command}d`,
      { status: request.status, command });
  }
  if ((command === 'approve' || command === 'refuse') && request.accountId === deciderId) {
    throw new AppError('SUSPEND_SELF_APPROVAL', 403, '不能审批自己的挂起申请', 'Nobody approves their own suspend request');
  }
  return to;
}

export function checkSuspendable(status: AgentStatus) {
  if (status !== 'online' && status !== 'busy') {
    throw new AppError('AGENT_NOT_ONLINE', 409, '只有在线或忙碌时才能申请挂起', 'Only an online or busy agent may ask to suspend');
  }
}

export type ConversationStatus = 'new' | 'waiting' | 'queued' | 'active' | 'ended';
export type ConversationCommand = 'assign' | 'queue' | 'leave_message' | 'transfer' | 'reassign' | 'claim' | 'end';

/** A conversation's routing life. A buyer's message on a new or ended conversation routes it again. */
export const CONVERSATION_MACHINE: Record<ConversationStatus, Partial<Record<ConversationCommand, ConversationStatus>>> = {
  new: { assign: 'active', queue: 'queued', leave_message: 'waiting' },
  ended: { assign: 'active', queue: 'queued', leave_message: 'waiting' },
  waiting: { assign: 'active', queue: 'queued', reassign: 'active', claim: 'active' },
  queued: { assign: 'active', leave_message: 'waiting', reassign: 'active', claim: 'active' },
  active: { transfer: 'active', reassign: 'active', end: 'ended' },
};

export function checkConversation(status: ConversationStatus, command: ConversationCommand): ConversationStatus {
  const to = CONVERSATION_MACHINE[status][command];
  if (!to) {
    throw new AppError('CONVERSATION_ACTION_NOT_ALLOWED', 409, `会话当前状态（${status}）不能执行此操作（${command}）`,
      `A ${status} conversation does not allow ${command}`, { status, command });
  }
  return to;
}

export const needsRouting = (status: ConversationStatus) => status === 'new' || status === 'ended';

/** An agent as routing sees it, loaded under the shop's routing lock. */
export interface RouteAgent {
  id: number;
  status: AgentStatus;
  limit: number;
  active: number;
  weight: number;
  groupIds: readonly number[];
  /** ms since the epoch; 0 when never assigned. */
  lastAssignedAt: number;
}

export interface RouteSettings {
  mode: RoutingMode;
  bindings: Record<Situation, number | null>;
  recentContactDays: number;
}

export interface RouteRequest {
  situation: Situation;
  recent?: { agentId: number; at: Date } | null;
}

export type RouteDecision =
  | { kind: 'assign'; agentId: number; via: 'recent' | 'group' | 'shop'; groupId: number | null }
  | { kind: 'queue'; groupId: number | null }
  | { kind: 'leave_message' };

const DAY_MS = 86_400_000;
const takes = (a: RouteAgent) => (a.status === 'online' || a.status === 'busy') && a.active < a.limit;
const receives = (a: RouteAgent) => a.status === 'online' || a.status === 'busy';

/**
 * The order of decision (SPEC §6): nobody online → 留言; the recent contact within N days if able; the group bound
 * to the buyer's situation (the whole shop when that group has nobody receiving); inside it, online agents before
 * busy ones, chosen by the shop's mode; everyone full → queue.
 */
export function decideRoute(
  request: RouteRequest, agents: readonly RouteAgent[], settings: RouteSettings, now: Date,
  random: () => number = Math.random,
): RouteDecision {
  if (!agents.some((a) => a.status !== 'offline')) return { kind: 'leave_message' };

  const recent = request.recent;
  if (recent && now.getTime() - recent.at.getTime() <= settings.recentContactDays * DAY_MS) {
    const agent = agents.find((a) => a.id === recent.agentId);
    if (agent && takes(agent)) return { kind: 'assign', agentId: agent.id, via: 'recent', groupId: null };
  }

  const groupId = settings.bindings[request.situation];
  let pool = groupId === null ? agents : agents.filter((a) => a.groupIds.includes(groupId));
  let scope: number | null = groupId;
  if (groupId !== null && !pool.some(receives)) {
    pool = agents;
    scope = null;
  }
  const able = pool.filter(takes);
  const online = able.filter((a) => a.status === 'online');
  const candidates = online.length ? online : able;
  if (!candidates.length) return { kind: 'queue', groupId: scope };
  const agent = pick(candidates, settings.mode, random);
  return { kind: 'assign', agentId: agent.id, via: scope === null ? 'shop' : 'group', groupId: scope };
}

function pick(candidates: RouteAgent[], mode: RoutingMode, random: () => number): RouteAgent {
  if (mode === 'weighted') {
    const total = candidates.reduce((sum, a) => sum + a.weight, 0);
    let at = random() * total;
    for (const a of candidates) {
      at -= a.weight;
      if (at < 0) return a;
    }
    return candidates[candidates.length - 1];
  }
  return candidates.reduce((best, a) => (better(a, best, mode) ? a : best));
}

/** Balanced: fewest active chats relative to the limit; round robin: longest since the last assignment. */
function better(a: RouteAgent, b: RouteAgent, mode: RoutingMode) {
  if (mode === 'balanced') {
    const load = a.active / a.limit - b.active / b.limit;
    if (load !== 0) return load < 0;
    if (a.active !== b.active) return a.active < b.active;
  }
  if (a.lastAssignedAt !== b.lastAssignedAt) return a.lastAssignedAt < b.lastAssignedAt;
  return a.id < b.id;
}

/** What an assignment does to the agents that later decisions in the same batch see. */
export function applyAssignment(agents: RouteAgent[], agentId: number, now: Date) {
  const agent = agents.find((a) => a.id === agentId);
  if (agent) {
    agent.active += 1;
    agent.lastAssignedAt = now.getTime();
  }
}

export const hasCapacity = (agents: readonly RouteAgent[]) => agents.some(takes);

/**
 * Transfer and reassignment go to a teammate who receives chats and is under the limit; a claim is the agent itself
 * (`self`), and is told so. `undefined` is no serving account of the shop; one that never set a status is offline.
 */
export function checkTarget(agent: RouteAgent | undefined, self = false) {
  if (!agent) throw new AppError('AGENT_NOT_FOUND', 404, '客服不存在', 'No such agent in this shop');
  if (!receives(agent)) {
    throw new AppError('AGENT_NOT_RECEIVING', 409,
      self ? '你当前不在线或已挂起，不能接入会话' : '对方不在线或已挂起，不能接收会话',
      self ? 'You are not online (or are suspended) and cannot take a conversation' : 'That agent is not online (or is suspended) and cannot take the conversation',
      { status: agent.status });
  }
  if (agent.active >= agent.limit) {
    throw new AppError('AGENT_AT_LIMIT', 409,
      self ? `你已达接待上限（${agent.limit}）` : `对方已达接待上限（${agent.limit}）`,
      self ? `You are at your limit (${agent.limit})` : `That agent is at the limit (${agent.limit})`,
      { limit: agent.limit, active: agent.active });
  }
}

/** The buyer's situation from their open trades' statuses (refunds will add to after-sales). */
export function situationOf(tradeStatuses: readonly string[]): Situation {
  if (tradeStatuses.includes('WAIT_BUYER_CONFIRM_GOODS')) return 'aftersales';
  if (tradeStatuses.some((s) => s === 'WAIT_BUYER_PAY' || s === 'WAIT_SELLER_SEND_GOODS')) return 'unshipped';
  return 'presales';
}

export const OPEN_TRADE_STATUSES = ['WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'] as const;
