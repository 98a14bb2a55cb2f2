import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  applyAssignment, checkConversation, checkTarget, decideAgentStatus, decideRoute, decideSuspend, situationOf,
  type RouteAgent, type RouteSettings,
} from './rules.ts';

const now = new Date('2026-11-01T02:00:00Z');
const DAY = 86_400_000;
const agent = (id: number, over: Partial<RouteAgent> = {}): RouteAgent =>
  ({ id, status: 'online', limit: 5, active: 0, weight: 1, groupIds: [], lastAssignedAt: 0, ...over });
const settings = (over: Partial<RouteSettings> = {}): RouteSettings =>
  ({ mode: 'balanced', bindings: { presales: null, unshipped: null, aftersales: null }, recentContactDays: 3, ...over });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};

describe('decideRoute: the order of decision', () => {
  it('leaves a message (留言) when nobody of the shop is online', () => {
    expect(decideRoute({ situation: 'presales' }, [], settings(), now)).toEqual({ kind: 'leave_message' });
    expect(decideRoute({ situation: 'presales' }, [agent(1, { status: 'offline' })], settings(), now).kind).toBe('leave_message');
  });

  it('queues, not 留言, when agents are present but none may take a chat (full or suspended)', () => {
    const agents = [agent(1, { active: 5 }), agent(2, { status: 'suspended' })];
    expect(decideRoute({ situation: 'presales' }, agents, settings(), now)).toEqual({ kind: 'queue', groupId: null });
  });

  it('gives the buyer back to the agent who served them within 3 days, if able', () => {
    const agents = [agent(1, { active: 4 }), agent(2)];
    const recent = { agentId: 1, at: new Date(now.getTime() - 2 * DAY) };
    expect(decideRoute({ situation: 'presales', recent }, agents, settings(), now)).toMatchObject({ agentId: 1, via: 'recent' });
    const old = { agentId: 1, at: new Date(now.getTime() - 4 * DAY) };
    expect(decideRoute({ situation: 'presales', recent: old }, agents, settings(), now)).toMatchObject({ agentId: 2, via: 'shop' });
    const full = [agent(1, { active: 5 }), agent(2)];
    expect(decideRoute({ situation: 'presales', recent }, full, settings(), now)).toMatchObject({ agentId: 2 });
    const suspended = [agent(1, { status: 'suspended' }), agent(2)];
    expect(decideRoute({ situation: 'presales', recent }, suspended, settings(), now)).toMatchObject({ agentId: 2 });
  });

  it("routes to the group bound to the buyer's situation, and to the whole shop when nobody there receives", () => {
    const agents = [agent(1, { groupIds: [10] }), agent(2, { groupIds: [20] }), agent(3)];
    const bound = settings({ bindings: { presales: 10, unshipped: null, aftersales: 20 } });
    expect(decideRoute({ situation: 'aftersales' }, agents, bound, now)).toEqual({ kind: 'assign', agentId: 2, via: 'group', groupId: 20 });
    expect(decideRoute({ situation: 'presales' }, agents, bound, now)).toMatchObject({ agentId: 1, groupId: 10 });
    // The group's members are all full: the buyer waits for that group rather than going elsewhere.
    const busyGroup = [agent(1, { groupIds: [10], active: 5 }), agent(3)];
    expect(decideRoute({ situation: 'presales' }, busyGroup, bound, now)).toEqual({ kind: 'queue', groupId: 10 });
    // Nobody of the group receives chats at all: anyone of the shop.
    const awayGroup = [agent(1, { groupIds: [10], status: 'offline' }), agent(3)];
    expect(decideRoute({ situation: 'presales' }, awayGroup, bound, now)).toMatchObject({ agentId: 3, via: 'shop', groupId: null });
  });

  it('prefers online agents to busy ones, and never gives a suspended or full agent a new chat', () => {
    const agents = [agent(1, { status: 'busy' }), agent(2, { active: 4 }), agent(3, { status: 'suspended' })];
    expect(decideRoute({ situation: 'presales' }, agents, settings(), now)).toMatchObject({ agentId: 2 });
    const onlyBusy = [agent(1, { status: 'busy' }), agent(2, { active: 5 })];
    expect(decideRoute({ situation: 'presales' }, onlyBusy, settings(), now)).toMatchObject({ agentId: 1 });
  });
});

describe('decideRoute: modes', () => {
  it('balanced: fewest active chats relative to the limit', () => {
    const agents = [agent(1, { active: 2, limit: 4 }), agent(2, { active: 3, limit: 10 }), agent(3, { active: 1, limit: 2 })];
    expect(decideRoute({ situation: 'presales' }, agents, settings(), now)).toMatchObject({ agentId: 2 });
  });

  it('round robin: the agent who waited longest since the last assignment', () => {
    const agents = [agent(1, { lastAssignedAt: 300 }), agent(2, { lastAssignedAt: 100, active: 4 }), agent(3, { lastAssignedAt: 200 })];
    const rr = settings({ mode: 'round_robin' });
    const picks: number[] = [];
    for (let i = 0; i < 4; i++) {
      const d = decideRoute({ situation: 'presales' }, agents, rr, new Date(now.getTime() + i));
      if (d.kind !== 'assign') throw new Error('expected an assignment');
      picks.push(d.agentId);
      applyAssignment(agents, d.agentId, new Date(now.getTime() + i));
    }
    expect(picks).toEqual([2, 3, 1, 3]); // agent 2 reached its limit after one
  });

  it('weighted: shares proportional to weight', () => {
    const agents = [agent(1, { weight: 3, limit: 1000 }), agent(2, { weight: 1, limit: 1000 })];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const counts = { 1: 0, 2: 0 } as Record<number, number>;
    for (let i = 0; i < 2000; i++) {
      const d = decideRoute({ situation: 'presales' }, agents, settings({ mode: 'weighted' }), now, random);
      if (d.kind === 'assign') counts[d.agentId]++;
    }
    expect(counts[1] / 2000).toBeGreaterThan(0.7);
    expect(counts[1] / 2000).toBeLessThan(0.8);
  });

  it('never assigns above the limit, however many arrive in one batch', () => {
    const agents = [agent(1, { limit: 3 }), agent(2, { limit: 2 })];
    const outcomes = Array.from({ length: 8 }, () => {
      const d = decideRoute({ situation: 'presales' }, agents, settings(), now);
      if (d.kind === 'assign') applyAssignment(agents, d.agentId, now);
      return d.kind;
    });
    expect(outcomes.filter((k) => k === 'assign')).toHaveLength(5);
    expect(outcomes.slice(5)).toEqual(['queue', 'queue', 'queue']);
    expect(agents.map((a) => a.active)).toEqual([3, 2]);
  });
});

describe('status machines', () => {
  it('an agent goes online, busy, offline freely, but suspended only by approval', () => {
    expect(decideAgentStatus('offline', 'go_online')).toBe('online');
    expect(decideAgentStatus('online', 'go_busy')).toBe('busy');
    expect(decideAgentStatus('busy', 'suspend')).toBe('suspended');
    expect(decideAgentStatus('suspended', 'go_online')).toBe('online');
    expect(code(() => decideAgentStatus('offline', 'suspend'))).toBe('AGENT_STATUS_NOT_ALLOWED');
    expect(code(() => decideAgentStatus('suspended', 'go_busy'))).toBe('AGENT_SUSPENDED');
  });

  it('a suspend request is approved or refused by someone else, once', () => {
    expect(decideSuspend({ status: 'pending', accountId: 1 }, 'approve', 2)).toBe('approved');
    expect(decideSuspend({ status: 'pending', accountId: 1 }, 'refuse', 2)).toBe('refused');
    expect(decideSuspend({ status: 'pending', accountId: 1 }, 'cancel', 1)).toBe('cancelled');
    expect(decideSuspend({ status: 'approved', accountId: 1 }, 'end', 1)).toBe('ended');
    expect(code(() => decideSuspend({ status: 'pending', accountId: 1 }, 'approve', 1))).toBe('SUSPEND_SELF_APPROVAL');
    expect(code(() => decideSuspend({ status: 'refused', accountId: 1 }, 'approve', 2))).toBe('SUSPEND_ACTION_NOT_ALLOWED');
  });

  it('a conversation is transferred only while active, and ends only once', () => {
    expect(checkConversation('active', 'transfer')).toBe('active');
    expect(checkConversation('queued', 'reassign')).toBe('active');
    expect(code(() => checkConversation('queued', 'transfer'))).toBe('CONVERSATION_ACTION_NOT_ALLOWED');
    expect(code(() => checkConversation('ended', 'end'))).toBe('CONVERSATION_ACTION_NOT_ALLOWED');
  });

  it('a transfer goes only to a teammate who receives chats and has room', () => {
    expect(code(() => checkTarget(undefined))).toBe('AGENT_NOT_FOUND');
    expect(code(() => checkTarget(agent(2, { status: 'suspended' })))).toBe('AGENT_NOT_RECEIVING');
    expect(code(() => checkTarget(agent(2, { active: 5 })))).toBe('AGENT_AT_LIMIT');
    expect(code(() => checkTarget(agent(2, { status: 'busy' })))).toBe('none');
  });
});

describe("the buyer's situation", () => {
  it('comes from the open trades: shipped before unshipped before pre-sales', () => {
    expect(situationOf([])).toBe('presales');
    expect(situationOf(['WAIT_BUYER_PAY'])).toBe('unshipped');
    expect(situationOf(['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'])).toBe('aftersales');
  });
});
