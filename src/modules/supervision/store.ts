import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { BoardAgentRow, BoardConversationRow, RubricItem } from './rules.ts';

/** Supervision's SQL: reads of routing's and chat's rows (never writes), and the quality-inspection tables. */
type Q = Kysely<DB> | Trx;

const SERVING = ['owner', 'service', 'aftersales', 'supervisor'];

/** Each agent with its live load and the buyer it has kept waiting longest (stats_conversations: since when). */
export async function boardAgents(q: Q, shopId: number) {
  const { rows } = await sql<BoardAgentRow>`
    select a.id as account_id, a.login, a.display_name as name, a.role, s.status, s.reception_limit, s.status_changed_at,
      coalesce(x.active, 0)::int as active, x.waiting_since, x.waiting_conversation_id
    from agent_states s
    join accounts a on a.id = s.account_id and not a.disabled and a.role = any(${SERVING}::text[])
    left join lateral (
      select count(*) as active,
        min(w.since) as waiting_since,
        (array_agg(c.id order by w.since) filter (where w.since is not null))[1] as waiting_conversation_id
      from conversations c
      left join stats_conversations sc on sc.conversation_id = c.id
      cross join lateral (select case when sc.unanswered_since is not null then greatest(sc.unanswered_since, c.assigned_at) end as since) w
      where c.shop_id = s.shop_id and c.agent_id = s.account_id and c.status = 'active'
    ) x on true
    where s.shop_id = ${shopId}
    order by a.id`.execute(q);
  return rows;
}

/** Conversations in progress, in the queue, or left as 留言: the longest-waiting first. */
export async function boardConversations(q: Q, shopId: number, limit = 500) {
  const { rows } = await sql<BoardConversationRow>`
    select c.id, c.buyer_nick, c.agent_id, c.status, c.situation, c.assigned_at, c.queued_at, c.last_message_at,
      case when c.status = 'active' then
        case when sc.unanswered_since is not null then greatest(sc.unanswered_since, c.assigned_at) end
      else c.queued_at end as waiting_since
    from conversations c left join stats_conversations sc on sc.conversation_id = c.id
    where c.shop_id = ${shopId} and c.status in ('active', 'queued', 'waiting')
    order by waiting_since nulls last, c.id
    limit ${limit}`.execute(q);
  return rows;
}

export function conversationOf(q: Q, shopId: number, id: number) {
  return q.selectFrom('conversations')
    .select(['id', 'buyer_id', 'buyer_nick', 'status', 'agent_id', 'situation', 'assigned_at', 'queued_at', 'last_seq', 'last_message_at',
      'ended_at', 'created_at'])
    .where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

/** Who served the conversation, in order, with the message numbers each one served. */
export async function assignmentsOf(q: Q, conversationId: number) {
  const { rows } = await sql<{
    assignment_id: number; agent_id: number; agent_name: string; via: string; from_agent_id: number | null; note: string | null;
    assigned_at: Date; ended_at: Date | null; end_reason: string | null; start_seq: number | null; end_seq: number | null;
  }>`
    select ca.id as assignment_id, ca.agent_id, a.display_name as agent_name, ca.via, ca.from_agent_id, ca.note, ca.assigned_at,
      ca.ended_at, ca.end_reason, k.start_seq, k.end_seq
    from conversation_assignments ca
    join accounts a on a.id = ca.agent_id
    left join stats_assignment_marks k on k.assignment_id = ca.id
    where ca.conversation_id = ${conversationId}
    order by ca.assigned_at, ca.id`.execute(q);
  return rows;
}

export interface MessageRow {
  seq: number; sender_kind: string; sender_id: number | null; sender_name: string; kind: string; body: unknown; created_at: Date;
}

/** A page of the history, oldest first: before `beforeSeq`, or the seqs `afterSeq` < seq ≤ `toSeq`. */
export async function messagesOf(q: Q, conversationId: number, opts: { beforeSeq?: number; afterSeq?: number; toSeq?: number | null; limit: number }) {
  let query = q.selectFrom('messages')
    .select(['seq', 'sender_kind', 'sender_id', 'sender_name', 'kind', 'body', 'created_at'])
    .where('conversation_id', '=', conversationId);
  if (opts.afterSeq !== undefined) {
    query = query.where('seq', '>', opts.afterSeq);
    if (opts.toSeq != null) query = query.where('seq', '<=', opts.toSeq);
    return query.orderBy('seq').limit(opts.limit).execute() as Promise<MessageRow[]>;
  }
  if (opts.beforeSeq !== undefined) query = query.where('seq', '<', opts.beforeSeq);
  const rows = (await query.orderBy('seq', 'desc').limit(opts.limit).execute()) as MessageRow[];
  return rows.reverse();
}

export function ratingsOf(q: Q, conversationId: number) {
  return q.selectFrom('chat_ratings').select(['id', 'session_no', 'agent_id', 'score', 'comment', 'created_at'])
    .where('conversation_id', '=', conversationId).orderBy('id').execute();
}

// ——— quality inspection ———

export function listRubrics(q: Q, shopId: number) {
  return q.selectFrom('qa_rubrics').select(['id', 'name', 'items', 'active', 'version', 'created_at', 'updated_at'])
    .where('shop_id', '=', shopId).orderBy('id').execute();
}

export function getRubric(q: Q, shopId: number, id: number) {
  return q.selectFrom('qa_rubrics').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export function insertRubric(trx: Trx, r: { shopId: number; name: string; items: RubricItem[]; by: number; now: Date }) {
  return trx.insertInto('qa_rubrics')
    .values({ shop_id: r.shopId, name: r.name, items: JSON.stringify(r.items), created_by: r.by, created_at: r.now, updated_at: r.now })
    .onConflict((oc) => oc.columns(['shop_id', 'name']).doNothing())
    .returning(['id', 'name', 'items', 'active', 'version', 'created_at', 'updated_at']).executeTakeFirst();
}

export function lockRubric(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('qa_rubrics').selectAll().where('shop_id', '=', shopId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateRubric(trx: Trx, id: number, patch: { name?: string; items?: RubricItem[]; active?: boolean }, now: Date) {
  return trx.updateTable('qa_rubrics')
    .set({ ...(patch.name ? { name: patch.name } : {}), ...(patch.items ? { items: JSON.stringify(patch.items) } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}), version: sql`version + 1`, updated_at: now })
    .where('id', '=', id).returning(['id', 'name', 'items', 'active', 'version', 'created_at', 'updated_at']).executeTakeFirstOrThrow();
}

/** Served sessions of the range not reviewed yet, in random order: ended assignments in which the agent wrote. */
export async function sampleSessions(q: Q, shopId: number, from: Date, to: Date, count: number, agentId?: number) {
  const { rows } = await sql<{ assignment_id: number; conversation_id: number; agent_id: number }>`
    select k.assignment_id, k.conversation_id, k.agent_id
    from stats_assignment_marks k
    where k.shop_id = ${shopId} and k.assigned_at >= ${from} and k.assigned_at < ${to} and k.end_seq is not null
      ${agentId === undefined ? sql`` : sql`and k.agent_id = ${agentId}`}
      and not exists (select 1 from qa_reviews r where r.assignment_id = k.assignment_id)
      and exists (select 1 from messages m where m.conversation_id = k.conversation_id and m.seq > k.start_seq
                  and m.seq <= k.end_seq and m.sender_kind = 'agent')
    order by random()
    limit ${count}`.execute(q);
  return rows;
}

export async function insertReviews(trx: Trx, shopId: number, rubric: { id: number; items: RubricItem[]; max: number },
  sessions: { assignment_id: number; conversation_id: number; agent_id: number }[], by: number, now: Date) {
  if (!sessions.length) return [];
  const { rows } = await sql<{ id: number }>`
    insert into qa_reviews (shop_id, conversation_id, assignment_id, agent_id, rubric_id, rubric_items, max_total, sampled_by, sampled_at)
    select ${shopId}, s.conversation_id, s.assignment_id, s.agent_id, ${rubric.id}, ${JSON.stringify(rubric.items)}::jsonb, ${rubric.max},
      ${by}, ${now}
    from unnest(${sessions.map((s) => s.conversation_id)}::bigint[], ${sessions.map((s) => s.assignment_id)}::bigint[],
      ${sessions.map((s) => s.agent_id)}::bigint[]) as s(conversation_id, assignment_id, agent_id)
    order by s.assignment_id
    on conflict (assignment_id) do nothing
    returning id`.execute(trx);
  return rows.map((r) => r.id);
}

const REVIEW = sql`r.id, r.conversation_id, r.assignment_id, r.agent_id, a.display_name as agent_name, a.login as agent_login,
  r.rubric_id, r.rubric_items, r.status, r.scores, r.item_comments, r.total, r.max_total, r.comment, r.sampled_by, r.sampled_at,
  r.reviewer_id, rv.display_name as reviewer_name, r.scored_at, r.acknowledged_at, r.version, c.buyer_nick, k.start_seq, k.end_seq,
  k.assigned_at, k.ended_at`;

export interface ReviewRow {
  id: number; conversation_id: number; assignment_id: number; agent_id: number; agent_name: string; agent_login: string;
  rubric_id: number; rubric_items: RubricItem[]; status: 'pending' | 'scored'; scores: Record<string, number> | null;
  item_comments: Record<string, string> | null; total: number | null; max_total: number; comment: string | null;
  sampled_by: number | null; sampled_at: Date; reviewer_id: number | null; reviewer_name: string | null; scored_at: Date | null;
  acknowledged_at: Date | null; version: number; buyer_nick: string; start_seq: number | null; end_seq: number | null;
  assigned_at: Date | null; ended_at: Date | null;
}

const reviewFrom = sql`qa_reviews r
  join accounts a on a.id = r.agent_id
  left join accounts rv on rv.id = r.reviewer_id
  join conversations c on c.id = r.conversation_id
  left join stats_assignment_marks k on k.assignment_id = r.assignment_id`;

export async function listReviews(q: Q, shopId: number, f: { status?: string; agentId?: number; ids?: number[]; limit: number; beforeId?: number }) {
  const { rows } = await sql<ReviewRow>`
    select ${REVIEW} from ${reviewFrom}
    where r.shop_id = ${shopId}
      ${f.status ? sql`and r.status = ${f.status}` : sql``}
      ${f.agentId !== undefined ? sql`and r.agent_id = ${f.agentId}` : sql``}
      ${f.ids ? sql`and r.id = any(${f.ids}::bigint[])` : sql``}
      ${f.beforeId ? sql`and r.id < ${f.beforeId}` : sql``}
    order by r.id desc limit ${f.limit}`.execute(q);
  return rows;
}

export async function lockReview(trx: Trx, shopId: number, id: number) {
  const { rows } = await sql<ReviewRow>`select ${REVIEW} from ${reviewFrom} where r.shop_id = ${shopId} and r.id = ${id} for update of r`.execute(trx);
  return rows[0];
}

export async function scoreReview(trx: Trx, id: number, s: { scores: Record<string, number>; comments: Record<string, string>;
  comment: string | null; total: number; by: number; now: Date }) {
  await trx.updateTable('qa_reviews').set({
    status: 'scored', scores: JSON.stringify(s.scores), item_comments: JSON.stringify(s.comments), comment: s.comment, total: s.total,
    reviewer_id: s.by, scored_at: s.now, acknowledged_at: null, version: sql`version + 1`,
  }).where('id', '=', id).execute();
}

export async function acknowledgeReview(trx: Trx, id: number, now: Date) {
  await trx.updateTable('qa_reviews').set({ acknowledged_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
}

export async function reviewsOfConversation(q: Q, shopId: number, conversationId: number) {
  const { rows } = await sql<ReviewRow>`select ${REVIEW} from ${reviewFrom}
    where r.shop_id = ${shopId} and r.conversation_id = ${conversationId} order by r.id`.execute(q);
  return rows;
}

/** The instants that begin the shop's day `from` and end its day `to`. */
export async function dayBounds(q: Q, shopId: number, from: string, to: string) {
  const { rows } = await sql<{ start: Date; end: Date }>`
    select (${from}::date)::timestamp at time zone s.timezone as start, (${to}::date + 1)::timestamp at time zone s.timezone as end
    from shops s where s.id = ${shopId}`.execute(q);
  return { from: new Date(rows[0].start), to: new Date(rows[0].end) };
}
