import { sql } from 'kysely';
import type { Trx } from '../db/transaction.ts';
import type { AccountActor, BuyerActor } from '../modules/accounts/index.ts';
import { chatRules } from '../modules/chat/index.ts';
import { ensureConversation, markRead } from '../modules/chat/store.ts';
import * as routing from '../modules/routing/store.ts';

/**
 * Past chats written outside a socket, for the demo: each message goes through the chat writer's own database
 * function (migrations/004_chat.sql) at its moment in the past, and each session is assigned, served and ended
 * with the routing store's own statements, so the history looks exactly as if it had been lived.
 */

export interface PastLine {
  from: 'buyer' | 'agent';
  text: string;
  at: Date;
}

type Situation = 'presales' | 'unshipped' | 'aftersales';

interface Parties {
  shopId: number;
  buyer: BuyerActor;
}

/** The buyer's one conversation with the shop. */
export function openConversation(trx: Trx, p: Parties) {
  return ensureConversation(trx, p.shopId, p.buyer.id, p.buyer.nick);
}

/** One message at a moment of the past; its client id makes writing it again harmless. */
async function writeLine(trx: Trx, conversationId: number, p: Parties, agent: AccountActor | null, line: PastLine) {
  const sender = line.from === 'buyer' ? { id: p.buyer.id, name: p.buyer.nick } : { id: agent!.id, name: agent!.login };
  const clientMsgId = `seed-${line.from}-${line.at.getTime()}`;
  const { rows } = await sql<{ seq: number; allowed: boolean }>`
    select seq, allowed from chat_store_messages(
      ${[conversationId]}::bigint[], ${[p.shopId]}::bigint[], ${[line.from]}::text[], ${[sender.id]}::bigint[],
      ${[sender.name]}::text[], ${[clientMsgId]}::text[], ${['text']}::text[],
      ${[JSON.stringify(chatRules.textBody(line.text))]}::text[], ${line.at}::timestamptz)`.execute(trx);
  if (!rows[0]?.allowed) throw new Error(`demo chat: ${sender.name} may not write in conversation ${conversationId}`);
  return Number(rows[0].seq);
}

/**
 * A session served by `agent`: the buyer's first message, the assignment a moment later, the talk, both sides'
 * read marks, and the end that makes the agent the buyer's recent contact (最近联系人).
 */
export async function pastSession(trx: Trx, conversationId: number, p: Parties, s: {
  agent: AccountActor; situation: Situation; via: 'shop' | 'recent'; lines: PastLine[]; endedAt: Date;
}) {
  const [first, ...rest] = s.lines;
  if (first?.from !== 'buyer') throw new Error('demo chat: a session opens with the buyer');
  await writeLine(trx, conversationId, p, null, first);
  const assignedAt = new Date(first.at.getTime() + 5_000);
  await routing.applyChanges(trx, [{
    id: conversationId, status: 'active', agentId: s.agent.id, groupId: null, situation: s.situation, queueSeq: null,
  }], assignedAt);
  await routing.recordAssignments(trx, p.shopId, [{ conversationId, agentId: s.agent.id, via: s.via }], assignedAt);
  let seq = 0;
  for (const line of rest) seq = await writeLine(trx, conversationId, p, s.agent, line);
  await markRead(trx, p.shopId, conversationId, 'agent', seq, s.agent.id);
  await markRead(trx, p.shopId, conversationId, 'buyer', seq, p.buyer.id);
  await routing.endConversation(trx, conversationId, s.agent.id, s.endedAt);
  await routing.closeAssignment(trx, conversationId, 'ended', s.endedAt);
}

/** Messages left while nobody served the buyer: the conversation waits in the shop's queue as 留言. */
export async function leftMessage(trx: Trx, conversationId: number, p: Parties, s: { situation: Situation; lines: PastLine[] }) {
  let seq = 0;
  for (const line of s.lines) seq = await writeLine(trx, conversationId, p, null, line);
  await markRead(trx, p.shopId, conversationId, 'buyer', seq, p.buyer.id);
  const queueSeq = await routing.takeQueueNumbers(trx, p.shopId, 1);
  await routing.applyChanges(trx, [{
    id: conversationId, status: 'waiting', agentId: null, groupId: null, situation: s.situation, queueSeq,
  }], s.lines.at(-1)!.at);
}
