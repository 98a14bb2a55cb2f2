import type { Trx } from '../../db/transaction.ts';
import type { Hub } from '../../realtime/server.ts';
import type { chatRules } from '../chat/index.ts';
import type { SystemNotes } from './notes.ts';
import { planRoutes, presentRouted, type Router } from './router.ts';
import * as store from './store.ts';

type AgentRef = chatRules.AgentRef;

export interface HandedOver {
  conversation: store.RoutableConversation;
  change: store.RoutingChange;
  to: AgentRef | null;
  message: chatRules.ChatMessage;
}

/**
 * An agent going offline strands no buyer: each conversation it serves goes back to routing by the usual rules
 * (the recent contact, the group, the shop's mode) among the other agents, or to the queue or 留言 when none can
 * take it, with a system message for both sides. Runs in the caller's transaction, under the shop's routing lock
 * and after the agent's status is written, so the load it reads is the load every other assignment waits on.
 */
export async function handOver(
  trx: Trx, notes: SystemNotes, shopId: number, leaving: AgentRef, now: Date, random: () => number,
): Promise<HandedOver[]> {
  const ids = await store.activeConversationIds(trx, shopId, leaving.id);
  const locked = (await store.lockConversations(trx, shopId, ids)).filter((c) => c.status === 'active' && c.agent_id === leaving.id);
  if (!locked.length) return [];
  const agents = (await store.loadAgents(trx, shopId)).filter((a) => a.id !== leaving.id);
  const settings = store.routeSettings(await store.getSettings(trx, shopId));
  await store.closeAssignment(trx, locked.map((c) => c.id), 'handed_over', now);
  const items = locked.map((c) => ({ c, situation: c.situation ?? ('presales' as const) }));
  const { changes, assigned } = await planRoutes(trx, shopId, items, agents, settings, now, random);
  await store.applyChanges(trx, changes, now);
  await store.recordAssignments(trx, shopId, assigned.map((a) => ({ ...a, fromAgentId: leaving.id })), now);

  const byId = new Map(locked.map((c) => [c.id, c]));
  const outcomes = changes.map((change) => {
    const agent = change.agentId ? agents.find((a) => a.id === change.agentId) : undefined;
    return { conversation: byId.get(change.id)!, change, to: agent ? { id: agent.id, name: agent.name } : null };
  });
  const messages = await notes.post(trx, outcomes.map((o) => ({
    conversationId: o.change.id, shopId,
    note: { event: 'handed_over' as const, from: leaving, to: o.to, status: o.change.status as 'active' | 'queued' | 'waiting' },
  })), now);
  const messageOf = new Map(messages.map((m) => [m.conversation_id, m]));
  return outcomes.map((o) => ({ ...o, message: messageOf.get(o.change.id)! }));
}

/** After the commit: each buyer learns where they stand, the new agents get their chats, the one who left loses them. */
export function announceHandOver(hub: Hub, notes: SystemNotes, router: Router, shopId: number, leaving: AgentRef, list: HandedOver[]) {
  for (const h of list) {
    const id = h.conversation.id;
    if (h.to) {
      hub.toBuyer(id, 'conversation', { id, status: 'active', agent: h.to });
      hub.toAgents({ agentId: h.to.id }, 'conversation:assigned', {
        conversation: presentRouted({ ...h.conversation, last_seq: h.message.seq }, 'active', h.to.id, h.change.situation),
        handed_over: { from_agent_id: leaving.id, from_name: leaving.name },
      });
    } else {
      hub.toBuyer(id, 'conversation', { id, status: h.change.status, agent: null });
    }
    hub.toAgents({ agentId: leaving.id }, 'conversation:removed', { id, reason: 'handed_over', to_agent_id: h.to?.id ?? null });
    notes.deliver(h.message, [leaving.id, h.to?.id]);
  }
  if (list.some((h) => h.change.status === 'queued')) router.announceQueue(shopId);
}
