import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { AgentStatus, ConversationStatus, RouteAgent, RouteSettings, Situation } from './rules.ts';
import { SERVING_ROLES } from './rules.ts';

type Q = Kysely<DB> | Trx;
// Any fixed number: with the shop id it names the lock every assignment of that shop takes.
const ROUTING_LOCK = 734_202;

/** Every change of who serves what in a shop runs under this lock, on whichever node: no double assignment. */
export async function lockShopRouting(trx: Trx, shopId: number) {
  await sql`select pg_advisory_xact_lock(${ROUTING_LOCK}, ${shopId}::int)`.execute(trx);
}

export interface LoadedAgent extends RouteAgent {
  name: string;
  login: string;
  role: string;
}

/** The shop's agents with their live load, counted from the conversations themselves so it cannot drift. */
export async function loadAgents(q: Q, shopId: number): Promise<LoadedAgent[]> {
  const { rows } = await sql<{
    id: number; name: string; login: string; role: string; status: AgentStatus; reception_limit: number; weight: number;
    last_assigned_at: Date | null; active: number; group_ids: number[];
  }>`
    select a.id, a.display_name as name, a.login, a.role, s.status, s.reception_limit, s.weight, s.last_assigned_at,
           coalesce(n.active, 0)::int as active,
           coalesce((select array_agg(m.group_id order by m.group_id) from service_group_members m where m.account_id = a.id), '{}') as group_ids
    from agent_states s
    join accounts a on a.id = s.account_id and not a.disabled and a.role = any(${[...SERVING_ROLES]}::text[])
    left join (select agent_id, count(*) as active from conversations
               where shop_id = ${shopId} and status = 'active' group by agent_id) n on n.agent_id = s.account_id
    where s.shop_id = ${shopId}
    order by a.id`.execute(q);
  return rows.map((r) => ({
    id: r.id, name: r.name, login: r.login, role: r.role, status: r.status, limit: r.reception_limit, weight: r.weight,
    active: r.active, groupIds: r.group_ids.map(Number), lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at).getTime() : 0,
  }));
}

export async function getSettings(q: Q, shopId: number) {
  const row = await q.selectFrom('routing_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  return {
    mode: row?.mode ?? 'balanced',
    presales_group_id: row?.presales_group_id ?? null,
    unshipped_group_id: row?.unshipped_group_id ?? null,
    aftersales_group_id: row?.aftersales_group_id ?? null,
    recent_contact_days: row?.recent_contact_days ?? 3,
    idle_end_minutes: row?.idle_end_minutes ?? 30,
  };
}
export type SettingsRow = Awaited<ReturnType<typeof getSettings>>;

export const routeSettings = (s: SettingsRow): RouteSettings => ({
  mode: s.mode,
  bindings: { presales: s.presales_group_id, unshipped: s.unshipped_group_id, aftersales: s.aftersales_group_id },
  recentContactDays: s.recent_contact_days,
});

export async function saveSettings(trx: Trx, shopId: number, patch: Partial<Omit<SettingsRow, never>>) {
  await trx.insertInto('routing_settings').values({ shop_id: shopId, ...patch })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(patch)).execute();
}

/** Queue numbers for `n` conversations, taken under the shop's routing lock. */
export async function takeQueueNumbers(trx: Trx, shopId: number, n: number) {
  const row = await trx.insertInto('routing_settings').values({ shop_id: shopId, queue_counter: n })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ queue_counter: sql`routing_settings.queue_counter + ${n}` }))
    .returning('queue_counter').executeTakeFirstOrThrow();
  return Number(row.queue_counter) - n + 1;
}

export interface RoutableConversation {
  id: number;
  buyer_id: number;
  buyer_nick: string;
  status: ConversationStatus;
  agent_id: number | null;
  situation: Situation | null;
  queue_seq: number | null;
  last_agent_id: number | null;
  last_agent_at: Date | null;
  last_seq: number;
  /** How far the serving side has read: the workbench counts a newly assigned chat's unread messages from it. */
  agent_read_seq?: number;
}

const ROUTABLE = sql`id, buyer_id, buyer_nick, status, agent_id, situation, queue_seq, last_agent_id, last_agent_at, last_seq, agent_read_seq`;

/** Locks conversations in id order (as the message writer does), so the two never wait on each other in a circle. */
export async function lockConversations(trx: Trx, shopId: number, ids: number[]) {
  if (!ids.length) return [];
  const { rows } = await sql<RoutableConversation>`
    select ${ROUTABLE} from conversations where shop_id = ${shopId} and id = any(${ids}::bigint[]) order by id for update`
    .execute(trx);
  return rows;
}

/** The head of the queue: 留言 first served once someone is online, then chats waiting for capacity. */
export async function queueHead(q: Q, shopId: number, statuses: ConversationStatus[], limit: number) {
  if (!statuses.length) return [];
  const { rows } = await sql<{ id: number }>`
    select id from conversations where shop_id = ${shopId} and status = any(${statuses}::text[])
    order by queue_seq limit ${limit}`.execute(q);
  return rows.map((r) => r.id);
}

export interface RoutingChange {
  id: number;
  status: ConversationStatus;
  agentId: number | null;
  groupId: number | null;
  situation: Situation | null;
  queueSeq: number | null;
}

/** Writes a batch of routing outcomes with one statement. */
export async function applyChanges(trx: Trx, changes: RoutingChange[], now: Date) {
  if (!changes.length) return;
  await sql`
    update conversations c
    set status = v.status, agent_id = v.agent_id, group_id = v.group_id, situation = coalesce(v.situation, c.situation),
        queue_seq = v.queue_seq, route_pending = false,
        queued_at = case when v.status in ('waiting', 'queued') then coalesce(c.queued_at, ${now}) else null end,
        assigned_at = case when v.status = 'active' then ${now}::timestamptz else c.assigned_at end
    from unnest(${changes.map((c) => c.id)}::bigint[], ${changes.map((c) => c.status)}::text[],
                ${changes.map((c) => c.agentId)}::bigint[], ${changes.map((c) => c.groupId)}::bigint[],
                ${changes.map((c) => c.situation)}::text[], ${changes.map((c) => c.queueSeq)}::bigint[])
      as v(id, status, agent_id, group_id, situation, queue_seq)
    where c.id = v.id`.execute(trx);
}

export interface NewAssignment {
  conversationId: number;
  agentId: number;
  via: 'recent' | 'group' | 'shop' | 'transfer' | 'reassign' | 'claim';
  fromAgentId?: number | null;
  note?: string | null;
}

/** Records who now serves each conversation, and moves the round-robin clock of those agents. */
export async function recordAssignments(trx: Trx, shopId: number, list: NewAssignment[], now: Date) {
  if (!list.length) return;
  await sql`
    insert into conversation_assignments (shop_id, conversation_id, agent_id, via, from_agent_id, note, assigned_at)
    select ${shopId}, t.conversation_id, t.agent_id, t.via, t.from_agent_id, t.note, ${now}
    from unnest(${list.map((a) => a.conversationId)}::bigint[], ${list.map((a) => a.agentId)}::bigint[],
                ${list.map((a) => a.via)}::text[], ${list.map((a) => a.fromAgentId ?? null)}::bigint[],
                ${list.map((a) => a.note ?? null)}::text[]) as t(conversation_id, agent_id, via, from_agent_id, note)`.execute(trx);
  const counts = new Map<number, number>();
  for (const a of list) counts.set(a.agentId, (counts.get(a.agentId) ?? 0) + 1);
  await sql`
    update agent_states s set last_assigned_at = ${now}, assigned_count = s.assigned_count + v.n
    from unnest(${[...counts.keys()]}::bigint[], ${[...counts.values()]}::int[]) as v(id, n)
    where s.account_id = v.id`.execute(trx);
}

export async function closeAssignment(trx: Trx, conversationId: number | number[], reason: string, now: Date) {
  const ids = Array.isArray(conversationId) ? conversationId : [conversationId];
  if (!ids.length) return;
  await trx.updateTable('conversation_assignments').set({ ended_at: now, end_reason: reason })
    .where('conversation_id', 'in', ids).where('ended_at', 'is', null).execute();
}

/** How the serving agent got the conversation, with the transfer note: for the shop's accounts, never the buyer. */
export function openAssignment(q: Q, conversationId: number) {
  return q.selectFrom('conversation_assignments').select(['agent_id', 'via', 'from_agent_id', 'note', 'assigned_at'])
    .where('conversation_id', '=', conversationId).where('ended_at', 'is', null)
    .orderBy('assigned_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The conversations an agent serves now (to lock them next, in id order). */
export async function activeConversationIds(q: Q, shopId: number, agentId: number) {
  const rows = await q.selectFrom('conversations').select('id')
    .where('shop_id', '=', shopId).where('agent_id', '=', agentId).where('status', '=', 'active').execute();
  return rows.map((r) => Number(r.id));
}

export async function setConversationAgent(trx: Trx, id: number, agentId: number, now: Date) {
  await trx.updateTable('conversations')
    .set({ status: 'active', agent_id: agentId, assigned_at: now, queue_seq: null, queued_at: null })
    .where('id', '=', id).execute();
}

/** Ends a conversation and remembers its agent as the buyer's recent contact (最近联系人). */
export async function endConversation(trx: Trx, id: number, agentId: number, now: Date) {
  await trx.updateTable('conversations')
    .set({ status: 'ended', agent_id: null, last_agent_id: agentId, last_agent_at: now, ended_at: now, sessions_ended: sql`sessions_ended + 1` })
    .where('id', '=', id).execute();
}

/** Active conversations silent for longer than the shop's idle time; rows busy with a write are left for next time. */
export async function endIdleConversations(q: Q, now: Date) {
  const { rows } = await sql<{ id: number; shop_id: number; agent_id: number }>`
    with due as (
      select c.id, c.agent_id from conversations c
      left join routing_settings s on s.shop_id = c.shop_id
      where c.status = 'active'
        and coalesce(c.last_message_at, c.assigned_at) < ${now}::timestamptz - make_interval(mins => coalesce(s.idle_end_minutes, 30))
      order by c.id for update of c skip locked
    )
    update conversations c
    set status = 'ended', agent_id = null, last_agent_id = due.agent_id, last_agent_at = ${now}, ended_at = ${now},
        sessions_ended = c.sessions_ended + 1
    from due where c.id = due.id
    returning c.id, c.shop_id, due.agent_id`.execute(q);
  if (rows.length) {
    await sql`update conversation_assignments set ended_at = ${now}, end_reason = 'idle'
      where conversation_id = any(${rows.map((r) => r.id)}::bigint[]) and ended_at is null`.execute(q);
  }
  return rows;
}

/** Conversations with a buyer message that no routing saw (the node died between storing and routing). */
export async function unroutedConversations(q: Q, olderThan: Date, limit = 500) {
  const { rows } = await sql<{ id: number; shop_id: number }>`
    select id, shop_id from conversations
    where route_pending and status in ('new', 'ended') and last_buyer_message_at < ${olderThan}
    limit ${limit}`.execute(q);
  return rows;
}

/** Queued conversations of the shop in order: their buyers' positions. */
export async function queuePositions(q: Q, shopId: number) {
  const { rows } = await sql<{ id: number; position: number }>`
    select id, (row_number() over (order by queue_seq))::int as position
    from conversations where shop_id = ${shopId} and status = 'queued' order by queue_seq`.execute(q);
  return rows;
}

export async function queuePosition(q: Q, shopId: number, conversationId: number) {
  const { rows } = await sql<{ position: number | null }>`
    select (select count(*)::int + 1 from conversations o
            where o.shop_id = c.shop_id and o.status = 'queued' and o.queue_seq < c.queue_seq) as position
    from conversations c where c.id = ${conversationId} and c.shop_id = ${shopId} and c.status = 'queued'`.execute(q);
  return rows[0]?.position ?? null;
}

export async function queueLength(q: Q, shopId: number) {
  const { rows } = await sql<{ queued: number; waiting: number }>`
    select (count(*) filter (where status = 'queued'))::int as queued, (count(*) filter (where status = 'waiting'))::int as waiting
    from conversations where shop_id = ${shopId} and status in ('queued', 'waiting')`.execute(q);
  return rows[0] ?? { queued: 0, waiting: 0 };
}
