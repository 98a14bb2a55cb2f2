import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { ChatMessage, RatingScore } from './rules.ts';

type Q = Kysely<DB> | Trx;

const CONVERSATION_COLUMNS = [
  'id', 'shop_id', 'buyer_id', 'buyer_nick', 'status', 'agent_id', 'situation', 'queue_seq', 'queued_at', 'assigned_at',
  'last_agent_id', 'last_agent_at', 'last_seq', 'last_message_at', 'buyer_read_seq', 'agent_read_seq', 'ended_at', 'sessions_ended',
  'created_at',
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

/** `agentId`: the conversations that agent serves, and the ended ones it served last (ending clears `agent_id`). */
export function listConversations(q: Q, shopId: number, f: { agentId?: number; status?: string; limit: number; beforeId?: number }) {
  let query = q.selectFrom('conversations').select(CONVERSATION_COLUMNS).where('shop_id', '=', shopId);
  const agentId = f.agentId;
  if (agentId !== undefined) {
    query = query.where((eb) => eb.or([
      eb('agent_id', '=', agentId),
      eb.and([eb('status', '=', 'ended'), eb('last_agent_id', '=', agentId)]),
    ]));
  }
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

/** The newest message of each conversation: the workbench's list shows it under the buyer's name. */
export async function lastMessages(q: Q, conversationIds: number[]) {
  if (!conversationIds.length) return [];
  const { rows } = await sql<ChatMessage>`
    select m.* from unnest(${conversationIds}::bigint[]) as c(id)
    cross join lateral (select ${MESSAGE_COLUMNS} from messages where conversation_id = c.id order by seq desc limit 1) m`.execute(q);
  return rows.map(num);
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

/**
 * System messages, inside the caller's transaction and through the writer's own function (migrations/004_chat.sql):
 * each takes the next seq of its conversation, so history and resume carry them in order with everything else,
 * and they commit with the change they tell of.
 */
export async function insertSystemMessages(
  trx: Trx, list: { conversationId: number; shopId: number; clientMsgId: string; body: unknown }[], now: Date,
): Promise<ChatMessage[]> {
  if (!list.length) return [];
  const col = <T>(f: (m: (typeof list)[number]) => T) => list.map(f);
  const { rows } = await sql<{ ord: number; seq: number | null; inserted: boolean }>`
    select ord, seq, inserted from chat_store_messages(
      ${col((m) => m.conversationId)}::bigint[], ${col((m) => m.shopId)}::bigint[], ${col(() => 'system')}::text[],
      ${col(() => null)}::bigint[], ${col(() => SYSTEM_NAME)}::text[], ${col((m) => m.clientMsgId)}::text[],
      ${col(() => 'system')}::text[], ${col((m) => JSON.stringify(m.body))}::text[], ${now}::timestamptz)`.execute(trx);
  return rows.filter((r) => r.inserted).map((r) => {
    const m = list[Number(r.ord) - 1];
    return {
      conversation_id: m.conversationId, seq: Number(r.seq), client_msg_id: m.clientMsgId, sender: 'system' as const,
      sender_id: null, sender_name: SYSTEM_NAME, kind: 'system' as const, body: m.body, created_at: now,
    };
  });
}
const SYSTEM_NAME = '系统';

/** The conversation, locked for a rating or an invitation; a buyer's own when `buyerId` is given. */
export function lockConversation(trx: Trx, shopId: number, id: number, buyerId?: number) {
  let query = trx.selectFrom('conversations')
    .select(['id', 'shop_id', 'buyer_id', 'status', 'agent_id', 'last_agent_id', 'ended_at', 'sessions_ended'])
    .where('shop_id', '=', shopId).where('id', '=', id);
  if (buyerId !== undefined) query = query.where('buyer_id', '=', buyerId);
  return query.forUpdate().executeTakeFirst();
}

/** Stores a rating unless its session has one; undefined then. */
export function insertRating(trx: Trx, r: {
  shopId: number; conversationId: number; sessionNo: number; buyerId: number; agentId: number | null;
  score: RatingScore; comment: string | null; at: Date;
}) {
  return trx.insertInto('chat_ratings').values({
    shop_id: r.shopId, conversation_id: r.conversationId, session_no: r.sessionNo, buyer_id: r.buyerId, agent_id: r.agentId,
    score: r.score, comment: r.comment, created_at: r.at,
  }).onConflict((oc) => oc.columns(['conversation_id', 'session_no']).doNothing()).returning(RATING_COLUMNS).executeTakeFirst();
}

const RATING_COLUMNS = ['id', 'conversation_id', 'agent_id', 'score', 'comment', 'created_at'] as const;

export function sessionRating(q: Q, conversationId: number, sessionNo: number) {
  return q.selectFrom('chat_ratings').select(RATING_COLUMNS)
    .where('conversation_id', '=', conversationId).where('session_no', '=', sessionNo).executeTakeFirst();
}

/** The shop's ratings in a time range, newest first, with the count and average of the whole range. */
export async function listRatings(q: Q, shopId: number, f: { agentId?: number; from?: Date; to?: Date; limit: number }) {
  let base = q.selectFrom('chat_ratings as r').where('r.shop_id', '=', shopId);
  if (f.agentId !== undefined) base = base.where('r.agent_id', '=', f.agentId);
  if (f.from) base = base.where('r.created_at', '>=', f.from);
  if (f.to) base = base.where('r.created_at', '<', f.to);
  const [ratings, summary] = await Promise.all([
    base.innerJoin('conversations as c', 'c.id', 'r.conversation_id')
      .leftJoin('accounts as a', 'a.id', 'r.agent_id')
      .select(['r.id', 'r.conversation_id', 'r.agent_id', 'a.login as agent_login', 'c.buyer_nick', 'r.score', 'r.comment', 'r.created_at'])
      .orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute(),
    base.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.avg<number | null>('r.score').as('average')]).executeTakeFirstOrThrow(),
  ]);
  return { ratings, count: Number(summary.count), average: summary.average === null ? null : Number(summary.average) };
}

export async function accountName(q: Q, accountId: number) {
  const row = await q.selectFrom('accounts').select('display_name').where('id', '=', accountId).executeTakeFirst();
  return row?.display_name;
}
