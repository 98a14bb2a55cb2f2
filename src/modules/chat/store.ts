import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { ChatMessage } from './rules.ts';

type Q = Kysely<DB> | Trx;

const CONVERSATION_COLUMNS = [
  'id', 'shop_id', 'buyer_id', 'buyer_nick', 'status', 'agent_id', 'situation', 'queue_seq', 'queued_at', 'assigned_at',
  'last_agent_id', 'last_agent_at', 'last_seq', 'last_message_at', 'buyer_read_seq', 'agent_read_seq', 'ended_at', 'created_at',
] as const;

/** The buyer's one conversation with the shop, created the first time the chat window opens. */
export async function ensureConversation(q: Q, shopId: number, buyerId: number, nick: string) {
  await q.insertInto('conversations').values({ shop_id: shopId, buyer_id: buyerId, buyer_nick: nick })
    .onConflict((oc) => oc.columns(['shop_id', 'buyer_id']).doNothing()).execute();
  return q.selectFrom('conversations').select(CONVERSATION_COLUMNS)
    .where('shop_id', '=', shopId).where('buyer_id', '=', buyerId).executeTakeFirstOrThrow();
}

export function getConversation(q: Q, shopId: number, id: number) {
  return q.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .executeTakeFirst();
}

export function listConversations(q: Q, shopId: number, f: { agentId?: number; status?: string; limit: number; beforeId?: number }) {
  let query = q.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('shop_id', '=', shopId);
  if (f.agentId !== undefined) query = query.where('agent_id', '=', f.agentId);
  if (f.status) query = query.where('status', '=', f.status as never);
  if (f.beforeId) query = query.where('id', '<', f.beforeId);
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}

const MESSAGE_COLUMNS = sql`conversation_id, seq, client_msg_id, sender_kind as sender, sender_id, sender_name, kind, body, created_at`;

/** A page of history, oldest first, ending before `beforeSeq` (the newest page when absent). */
export async function history(q: Q, conversationId: number, beforeSeq: number | undefined, limit: number) {
  const { rows } = await sql<ChatMessage>`
    select ${MESSAGE_COLUMNS} from messages
    where conversation_id = ${conversationId} ${beforeSeq === undefined ? sql`` : sql`and seq < ${beforeSeq}`}
    order by seq desc limit ${limit + 1}`.execute(q);
  return { messages: rows.slice(0, limit).reverse().map(num), has_more: rows.length > limit };
}

/** What a reconnecting client missed: messages after `afterSeq`, oldest first. */
export async function since(q: Q, conversationId: number, afterSeq: number, limit: number) {
  const { rows } = await sql<ChatMessage>`
    select ${MESSAGE_COLUMNS} from messages where conversation_id = ${conversationId} and seq > ${afterSeq}
    order by seq limit ${limit + 1}`.execute(q);
  return { messages: rows.slice(0, limit).map(num), has_more: rows.length > limit };
}

const num = (m: ChatMessage) => ({ ...m, conversation_id: Number(m.conversation_id), seq: Number(m.seq) });

/** Moves a side's read mark forward (never back, never past the last message); returns the mark and the agent. */
export async function markRead(q: Q, shopId: number, conversationId: number, side: 'buyer' | 'agent', seq: number, who: number) {
  const column = side === 'buyer' ? sql.ref('buyer_read_seq') : sql.ref('agent_read_seq');
  const owner = side === 'buyer' ? sql`buyer_id = ${who}` : sql`agent_id = ${who}`;
  const { rows } = await sql<{ seq: number; agent_id: number | null }>`
    update conversations set ${column} = greatest(${column}, least(${seq}::bigint, last_seq))
    where id = ${conversationId} and shop_id = ${shopId} and ${owner}
    returning ${column} as seq, agent_id`.execute(q);
  return rows[0] ? { seq: Number(rows[0].seq), agentId: rows[0].agent_id } : undefined;
}

export function insertUpload(q: Q, u: {
  id: string; shopId: number; conversationId: number; kind: 'buyer' | 'agent'; uploaderId: number; mime: string; data: Buffer; at: Date;
}) {
  return q.insertInto('chat_uploads').values({
    id: u.id, shop_id: u.shopId, conversation_id: u.conversationId, uploader_kind: u.kind, uploader_id: u.uploaderId,
    mime: u.mime, size: u.data.length, data: u.data, created_at: u.at,
  }).execute();
}

/** An upload's facts, without its bytes: an image message may only show an image of its own conversation. */
export function uploadInfo(q: Q, id: string) {
  return q.selectFrom('chat_uploads').select(['id', 'shop_id', 'conversation_id', 'mime', 'size']).where('id', '=', id)
    .executeTakeFirst();
}

export function uploadWithData(q: Q, id: string) {
  return q.selectFrom('chat_uploads')
    .innerJoin('conversations', 'conversations.id', 'chat_uploads.conversation_id')
    .select(['chat_uploads.shop_id', 'chat_uploads.mime', 'chat_uploads.data', 'conversations.buyer_id'])
    .where('chat_uploads.id', '=', id).executeTakeFirst();
}
