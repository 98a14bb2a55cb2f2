import { windowMs } from './rules.ts';

/**
 * A conversation replayed with the definitions of rules.ts: who received each message and how fast each answer came.
 * Pure, so that the folder (the figures kept as messages arrive), the recompute (a day from raw rows) and the unit
 * tests all count the same way.
 */

export interface FoldMessage {
  seq: number;
  sender: 'buyer' | 'agent';
  /** The sending agent, for an agent's message. */
  agentId: number | null;
  at: Date;
}

/** An assignment: it served the messages numbered after `startSeq` up to `endSeq` (null while it serves). */
export interface FoldMark {
  id?: number;
  agentId: number;
  startSeq: number;
  endSeq: number | null;
  assignedAt: Date;
}

export interface ConversationHistory {
  buyerId: number;
  /** Messages in order (buyers' and agents'; system messages do not count), from a point where nobody served it. */
  messages: FoldMessage[];
  /** Assignments in order. */
  marks: FoldMark[];
  /** The buyer's message still unanswered at that point, if any. */
  waitingSince: Date | null;
  /** Buyer messages at that point still waiting for an agent (the folder's state; none for a recompute). */
  pending?: number;
  /** How many marks at the head of `marks` had started before that point (their waiting messages were credited). */
  started?: number;
}

export interface ContactFacts {
  agentId: number;
  buyerId: number;
  /** The shop's day of the contact (a recompute's contacts are all of its one day). */
  day: string;
  buyerMsgs: number;
  agentMsgs: number;
  firstBuyerAt: Date | null;
  firstAgentAt: Date | null;
  lastAgentAt: Date | null;
  responses: number;
  responseMs: number;
  firstResponseMs: number | null;
  inquiry: boolean;
  converted: boolean;
  ordered: number;
  paid: number;
}

export interface Range {
  from: Date;
  to: Date;
}

const inRange = (at: Date, r: Range) => at >= r.from && at < r.to;

export function emptyContact(agentId: number, buyerId: number, day = ''): ContactFacts {
  return {
    agentId, buyerId, day, buyerMsgs: 0, agentMsgs: 0, firstBuyerAt: null, firstAgentAt: null, lastAgentAt: null,
    responses: 0, responseMs: 0, firstResponseMs: null, inquiry: false, converted: false, ordered: 0, paid: 0,
  };
}

const minDate = (a: Date | null, b: Date) => (a === null || b < a ? b : a);
const maxDate = (a: Date | null, b: Date) => (a === null || b > a ? b : a);

export interface ReplayResult {
  contacts: ContactFacts[];
  waitingSince: Date | null;
  pending: number;
  /** The last mark started (its id is how far the folder has come through the assignments). */
  lastStarted: FoldMark | null;
}

/**
 * Replays a conversation: who received each buyer message and when, and how long each answer took. `dayOf` places a
 * moment in the shop's day, or leaves it out (null); marks starting at or after `until` are left for later.
 */
export function replay(h: ConversationHistory, dayOf: (at: Date) => string | null, until?: Date): ReplayResult {
  const contacts = new Map<string, ContactFacts>();
  let last: ContactFacts | null = null; // most messages go to the contact the one before went to
  const contact = (agentId: number, day: string) => {
    if (last && last.agentId === agentId && last.day === day) return last;
    const k = `${agentId}|${day}`;
    let c = contacts.get(k);
    if (!c) contacts.set(k, (c = emptyContact(agentId, h.buyerId, day)));
    return (last = c);
  };
  const buyerTo = (agentId: number, at: Date, n: number) => {
    const day = n > 0 ? dayOf(at) : null;
    if (day === null) return;
    const c = contact(agentId, day);
    c.buyerMsgs += n;
    c.firstBuyerAt = minDate(c.firstBuyerAt, at);
  };

  let waiting = h.waitingSince;
  let pending = h.pending ?? 0;
  const started = h.started ?? 0;
  let current: FoldMark | null = started > 0 ? h.marks[started - 1] : null;
  let next = started;
  const startMarksBefore = (seq: number, limit?: Date) => {
    while (next < h.marks.length && h.marks[next].startSeq < seq && (!limit || h.marks[next].assignedAt < limit)) {
      current = h.marks[next++];
      // Messages written while nobody served the conversation are received by the agent assigned now.
      buyerTo(current.agentId, current.assignedAt, pending);
      pending = 0;
    }
  };

  for (const m of h.messages) {
    startMarksBefore(m.seq);
    const cur = current as FoldMark | null;
    const serving = cur && (cur.endSeq === null || m.seq <= cur.endSeq) ? cur : null;
    if (m.sender === 'buyer') {
      if (serving) buyerTo(serving.agentId, m.at, 1);
      else pending++;
      waiting ??= m.at;
      continue;
    }
    const agentId = m.agentId ?? serving?.agentId;
    if (agentId == null) continue;
    let responseMs: number | null = null;
    if (waiting) {
      const from = serving && serving.assignedAt > waiting ? serving.assignedAt : waiting;
      responseMs = Math.max(0, Math.floor(m.at.getTime() - from.getTime()));
      waiting = null;
    }
    const day = dayOf(m.at);
    if (day === null) continue;
    const c = contact(agentId, day);
    c.agentMsgs++;
    c.firstAgentAt = minDate(c.firstAgentAt, m.at);
    c.lastAgentAt = maxDate(c.lastAgentAt, m.at);
    if (responseMs !== null) {
      if (c.responses === 0) c.firstResponseMs = responseMs;
      c.responses++;
      c.responseMs += responseMs;
    }
  }
  startMarksBefore(Number.POSITIVE_INFINITY, until);
  return { contacts: [...contacts.values()], waitingSince: waiting, pending, lastStarted: current };
}

/** The contacts of one conversation whose moments fall within `range` (a recompute's day). */
export function replayConversation(h: ConversationHistory, range: Range): ContactFacts[] {
  return replay(h, (at) => (inRange(at, range) ? 'day' : null), range.to).contacts;
}

/** 询单: the buyer had placed no trade with the shop within the window before first writing to the agent that day. */
export function isInquiry(firstBuyerAt: Date, tradesCreated: Date[], windowDays: number) {
  const since = firstBuyerAt.getTime() - windowMs(windowDays);
  return !tradesCreated.some((t) => t.getTime() >= since && t < firstBuyerAt);
}

/** The moment the contact became a reception: both sides had spoken. */
export const receivedAt = (c: ContactFacts) =>
  c.firstBuyerAt && c.firstAgentAt ? (c.firstBuyerAt > c.firstAgentAt ? c.firstBuyerAt : c.firstAgentAt) : null;

export interface AgentMessage {
  agentId: number;
  at: Date;
}

/**
 * The agent who last served the buyer within the window before `at`: the sender of the latest agent message (in
 * message order) written by then, if it was written within the window.
 */
export function lastAgent(messages: AgentMessage[], at: Date, windowDays: number): number | null {
  const last = messages.filter((m) => m.at <= at).at(-1);
  return last && last.at.getTime() >= at.getTime() - windowMs(windowDays) ? last.agentId : null;
}
