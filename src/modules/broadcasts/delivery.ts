import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Trx, UnitOfWork } from '../../db/transaction.ts';
import { scheduleTimer } from '../../jobs/timers.ts';
import { JobBusy, type JobRunner } from '../../jobs/worker.ts';
import type { Hub } from '../../realtime/server.ts';
import { ensureConversation } from '../chat/store.ts';
import { decideRecipient, deliveryPlan, progressOf, renderText } from './rules.ts';
import * as store from './store.ts';
import type { BroadcastRow, Outcome } from './store.ts';

/** A batch of a broadcast: one durable timer each, so a restart picks up at the next batch and sends nothing twice. */
export const DELIVER = 'broadcast.deliver';
export const PROGRESS_EVENT = 'broadcast.progress';

/** A recipient's message carries this id: the chat stores one message per (conversation, id), whatever happens. */
export const clientMsgId = (broadcastId: number) => `broadcast-${broadcastId}`;

interface DeliveredMessage {
  conversation_id: number;
  agent_id: number | null;
  seq: number;
  text: string;
}

export async function scheduleBatch(trx: Trx, b: { id: number; shopId: number; batch: number; at: Date }) {
  await scheduleTimer(trx, { kind: DELIVER, key: `${b.id}:${b.batch}`, shopId: b.shopId, runAt: b.at,
    payload: { broadcast_id: b.id, batch: b.batch } });
}

export function progressPayload(b: BroadcastRow) {
  return {
    broadcast_id: b.id, status: b.status, total: b.total, sent: b.sent, skipped_opt_out: b.skipped_opt_out, failed: b.failed,
    ...progressOf(b),
  };
}

/**
 * Sends the next batch, inside the job's transaction: the recipients in turn are locked, each is decided (opt-out is
 * read now), the messages are written by the chat's own store function, and the recipients are marked in the same
 * transaction. Then the next batch is scheduled after the pacing interval, or the broadcast is done.
 */
export async function deliverBatch(uow: UnitOfWork, shopId: number, broadcastId: number, batch: number, now: Date, origin: string) {
  const { trx } = uow;
  const b = await store.lockBroadcast(trx, shopId, broadcastId, { skipLocked: true });
  if (!b) {
    if (await store.getBroadcast(trx, shopId, broadcastId)) throw new JobBusy(`broadcast ${broadcastId} is busy`);
    return;
  }
  if (b.status !== 'sending') return;
  const plan = deliveryPlan(b.rate_per_minute);
  const recipients = await store.nextRecipients(trx, broadcastId, plan.batchSize);
  const outcomes: Outcome[] = [];
  const toSend: { customerId: number; conversationId: number; text: string }[] = [];
  for (const r of recipients) {
    const decision = decideRecipient({ optOut: r.opt_out, buyerId: r.buyer_id });
    if (!decision.send) {
      outcomes.push({ customerId: r.customer_id, status: decision.status, reason: decision.reason, conversationId: null, seq: null });
      continue;
    }
    const conversation = await ensureConversation(trx, shopId, r.buyer_id!, r.nick);
    toSend.push({ customerId: r.customer_id, conversationId: Number(conversation.id), text: renderText(b.text, r.nick) });
  }
  const delivered = await writeMessages(trx, shopId, b, toSend, outcomes, now);
  await store.recordOutcomes(trx, broadcastId, outcomes, now);
  if (await store.hasPending(trx, broadcastId)) {
    await scheduleBatch(trx, { id: broadcastId, shopId, batch: batch + 1, at: new Date(now.getTime() + plan.intervalMs) });
  } else {
    await store.setStatus(trx, broadcastId, 'done', now);
  }
  const after = (await store.getBroadcast(trx, shopId, broadcastId))!;
  uow.emit({ type: PROGRESS_EVENT, shopId, payload: { ...progressPayload(after), origin, sender_name: await store.shopTitle(trx, shopId),
    created_at: now, messages: delivered } });
}

/** One call of the chat's group-commit function (migrations/004_chat.sql) for the whole batch, in this transaction. */
async function writeMessages(trx: Trx, shopId: number, b: BroadcastRow, toSend: { customerId: number; conversationId: number; text: string }[],
  outcomes: Outcome[], now: Date): Promise<DeliveredMessage[]> {
  if (!toSend.length) return [];
  const senderName = await store.shopTitle(trx, shopId);
  const col = <T>(f: (m: (typeof toSend)[number]) => T) => toSend.map(f);
  const { rows } = await sql<{ ord: number; seq: number | null; inserted: boolean; allowed: boolean; agent_id: number | null }>`
    select ord, seq, inserted, allowed, agent_id from chat_store_messages(
      ${col((m) => m.conversationId)}::bigint[], ${col(() => shopId)}::bigint[], ${col(() => 'system')}::text[],
      ${col(() => null)}::bigint[], ${col(() => senderName)}::text[], ${col(() => clientMsgId(b.id))}::text[],
      ${col(() => 'text')}::text[], ${col((m) => JSON.stringify({ text: m.text, broadcast_id: b.id }))}::text[], ${now}::timestamptz)`.execute(trx);
  const delivered: DeliveredMessage[] = [];
  for (const r of rows) {
    const m = toSend[Number(r.ord) - 1];
    if (!r.allowed) {
      outcomes.push({ customerId: m.customerId, status: 'failed', reason: 'CONVERSATION_REFUSED', conversationId: m.conversationId, seq: null });
      continue;
    }
    // Not inserted: this conversation already holds this broadcast's message; it stays sent, once.
    const seq = r.seq === null ? await storedSeq(trx, m.conversationId, clientMsgId(b.id)) : Number(r.seq);
    outcomes.push({ customerId: m.customerId, status: 'sent', reason: null, conversationId: m.conversationId, seq });
    if (r.inserted && seq !== null) delivered.push({ conversation_id: m.conversationId, agent_id: r.agent_id, seq, text: m.text });
  }
  return delivered;
}

async function storedSeq(trx: Trx, conversationId: number, id: string) {
  const r = await trx.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId)
    .where('client_msg_id', '=', id).executeTakeFirst();
  return r ? Number(r.seq) : null;
}

/**
 * Registers the batch timer, and relays each committed batch to the sockets: the buyers' new message, the agents
 * serving them, and the shop's progress. Only the node that sent the batch relays it (the adapter reaches the rest).
 */
export function registerDelivery(ctx: AppContext, jobs: JobRunner, origin: string, hub?: Hub) {
  jobs.register(DELIVER, async (uow, job, now) => {
    const p = job.payload as { broadcast_id: number; batch: number };
    await deliverBatch(uow, job.shop_id!, Number(p.broadcast_id), Number(p.batch), now, origin);
  });
  if (!hub) return () => {};
  return ctx.bus.subscribe((event) => {
    if (event.type !== PROGRESS_EVENT || event.payload.origin !== origin) return;
    const { messages, origin: _o, sender_name, created_at, ...progress } = event.payload as Record<string, unknown>;
    for (const m of (messages as DeliveredMessage[] | undefined) ?? []) {
      const message = {
        conversation_id: m.conversation_id, seq: m.seq, client_msg_id: clientMsgId(Number(progress.broadcast_id)), sender: 'system',
        sender_id: null, sender_name, kind: 'text', body: { text: m.text, broadcast_id: progress.broadcast_id }, created_at,
      };
      hub.toBuyer(m.conversation_id, 'message', message);
      hub.toAgents({ agentId: m.agent_id, conversationId: m.conversation_id }, 'message', message);
    }
    hub.toAgents({ shopId: event.shopId }, PROGRESS_EVENT, progress);
  });
}
