import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { ContactFacts } from './fold.ts';

/** The folder's SQL: which conversations have messages or assignments not folded in yet, and writing what they add. */
type Q = Kysely<DB> | Trx;

// Any fixed number: the lock that lets one folder at a time (on any node) add to the figures.
const FOLD_LOCK = 734_218;

export async function lockFolder(trx: Trx) {
  await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx);
}

export interface DueConversation {
  id: number;
  shop_id: number;
  buyer_id: number;
  last_seq: number;
  timezone: string;
  window_days: number;
  folded_seq: number;
  folded_assignment: number;
  unanswered_since: Date | null;
  pending: number;
  dirty: number | null;
  new_marks: boolean;
  mark_agent_id: number | null;
  mark_start_seq: number | null;
  mark_end_seq: number | null;
  mark_assigned_at: Date | null;
}

/** Where the candidates come from: the served ones after a cursor (a full fold), or the ones just written to. */
export type Candidates = { after: number } | { ids: number[] };

/**
 * Candidate conversations with what the folder knows of them, and whether they have something new (`due`): messages
 * or assignments not folded in yet, or an assignment that ended. A full fold walks the served conversations (an open
 * assignment, or one that ended since the last fold) `limit` at a time by id; a fold of recent writes names them.
 */
export async function candidates(q: Q, from: Candidates, limit: number) {
  const dd = 'ids' in from
    ? sql`select x.id as conversation_id, d.marked as dirty
      from unnest(${from.ids}::bigint[]) as x(id) left join stats_dirty d on d.conversation_id = x.id`
    : sql`select conversation_id, max(dirty) as dirty from (
        (select k.conversation_id, null::bigint as dirty from stats_assignment_marks k
          where k.end_seq is null and k.conversation_id > ${from.after} order by k.conversation_id limit ${limit})
        union all
        (select conversation_id, marked from stats_dirty where conversation_id > ${from.after} order by conversation_id limit ${limit})
      ) d group by conversation_id order by conversation_id limit ${limit}`;
  const { rows } = await sql<DueConversation & { due: boolean }>`
    with dd as (${dd})
    -- Row by row through the primary keys: the candidates are few, the tables large.
    select c.id, c.shop_id, c.buyer_id, c.last_seq, sh.timezone, coalesce(ss.attribution_days, 3) as window_days,
      coalesce(s.folded_seq, 0) as folded_seq, coalesce(s.folded_assignment, 0) as folded_assignment, s.unanswered_since,
      coalesce(s.pending_msgs, 0) as pending, dd.dirty, x.new_marks, s.mark_agent_id, s.mark_start_seq, s.mark_end_seq, s.mark_assigned_at,
      (dd.dirty is not null or c.last_seq > coalesce(s.folded_seq, 0) or x.new_marks) as due
    from dd
    cross join lateral (select x.id, x.shop_id, x.buyer_id, x.last_seq from conversations x where x.id = dd.conversation_id offset 0) c
    cross join lateral (select y.timezone from shops y where y.id = c.shop_id offset 0) sh
    left join lateral (select z.* from stats_conversations z where z.conversation_id = c.id offset 0) s on true
    left join stats_settings ss on ss.shop_id = c.shop_id
    cross join lateral (select exists (select 1 from stats_assignment_marks k where k.conversation_id = c.id
      and k.assignment_id > coalesce(s.folded_assignment, 0)) as new_marks) x
    order by c.id`.execute(q);
  const all = rows.map((r) => ({
    ...r, last_seq: Number(r.last_seq), folded_seq: Number(r.folded_seq), folded_assignment: Number(r.folded_assignment),
    mark_start_seq: r.mark_start_seq === null ? null : Number(r.mark_start_seq), mark_end_seq: r.mark_end_seq === null ? null : Number(r.mark_end_seq),
  }));
  return { all, due: all.filter((r) => r.due), last: rows.length ? Number(rows.at(-1)!.id) : null, seen: rows.length };
}

export interface NewMessages {
  conversation_id: number;
  seqs: number[];
  agents: (number | null)[];
  /** Milliseconds since the epoch. */
  ats: number[];
}

/**
 * Their messages after the last one folded, up to the last one seen, in order: one row of arrays per conversation
 * (a buyer's message has no agent), which costs far less to read than a row per message.
 */
export async function newMessages(q: Q, due: DueConversation[]) {
  const { rows } = await sql<NewMessages>`
    select d.id as conversation_id, m.seqs, m.agents, m.ats
    from unnest(${due.map((d) => d.id)}::bigint[], ${due.map((d) => d.folded_seq)}::bigint[], ${due.map((d) => d.last_seq)}::bigint[])
      as d(id, after_seq, to_seq)
    -- One index range per conversation (the lateral keeps the planner from hashing the whole table instead).
    cross join lateral (
      select array_agg(x.seq order by x.seq)::float8[] as seqs,
        array_agg(case when x.sender_kind = 'agent' then coalesce(x.sender_id, 0) end order by x.seq)::float8[] as agents,
        array_agg(floor(extract(epoch from x.created_at) * 1000) order by x.seq)::float8[] as ats
      from messages x
      where x.conversation_id = d.id and x.seq > d.after_seq and x.seq <= d.to_seq and x.sender_kind <> 'system'
    ) m
    where m.seqs is not null`.execute(q);
  return rows;
}

/** Their assignments from the one serving at the last fold on. */
export async function newMarks(q: Q, due: DueConversation[]) {
  const { rows } = await sql<{ conversation_id: number; assignment_id: number; agent_id: number; start_seq: number; end_seq: number | null; assigned_at: Date }>`
    select k.conversation_id, k.assignment_id, k.agent_id, k.start_seq, k.end_seq, k.assigned_at
    from unnest(${due.map((d) => d.id)}::bigint[], ${due.map((d) => d.folded_assignment)}::bigint[]) as d(id, since)
    cross join lateral (
      select y.* from stats_assignment_marks y where y.conversation_id = d.id and y.assignment_id >= d.since offset 0
    ) k
    order by k.conversation_id, k.start_seq, k.assignment_id`.execute(q);
  return rows;
}

/** Adds the contacts' deltas (with 询单 decided for those that get their first buyer message) and their conversions. */
export async function applyContacts(trx: Trx, shopOf: (c: ContactFacts) => number, windowOf: (c: ContactFacts) => number, cs: ContactFacts[]) {
  if (!cs.length) return;
  const col = <T>(f: (c: ContactFacts) => T) => cs.map(f);
  const { rows: received } = await sql<{ r_shop: number; r_agent: number; r_day: string; r_buyer: number }>`
    select r.* from (
      select array_agg(shop_id order by i) shop, array_agg(day order by i) as day, array_agg(agent_id order by i) agent,
        array_agg(buyer_id order by i) buyer, array_agg(bm order by i) bm, array_agg(am order by i) am, array_agg(fb order by i) fb,
        array_agg(fa order by i) fa, array_agg(la order by i) la, array_agg(rn order by i) rn, array_agg(rms order by i) rms,
        array_agg(frms order by i) frms,
        array_agg((bm > 0 and not exists (select 1 from trades t where t.buyer_id = u.buyer_id and t.shop_id = u.shop_id
          and t.created >= u.fb - stats_days(u.w) and t.created < u.fb)) order by i) inq,
        array_agg(0) z, array_agg(0::bigint) z8
      from unnest(${col(shopOf)}::bigint[], ${col((c) => c.day)}::date[], ${col((c) => c.agentId)}::bigint[], ${col((c) => c.buyerId)}::bigint[],
        ${col((c) => c.buyerMsgs)}::int[], ${col((c) => c.agentMsgs)}::int[], ${col((c) => c.firstBuyerAt)}::timestamptz[],
        ${col((c) => c.firstAgentAt)}::timestamptz[], ${col((c) => c.lastAgentAt)}::timestamptz[], ${col((c) => c.responses)}::int[],
        ${col((c) => c.responseMs)}::bigint[], ${col((c) => c.firstResponseMs)}::bigint[], ${col(windowOf)}::int[])
        with ordinality as u(shop_id, day, agent_id, buyer_id, bm, am, fb, fa, la, rn, rms, frms, w, i)
    ) k
    cross join lateral stats_apply_contacts(k.shop, k.day, k.agent, k.buyer, k.bm, k.am, k.fb, k.fa, k.la, k.rn, k.rms, k.frms, k.inq, k.z, k.z,
      k.z, k.z8, k.z) r`.execute(trx);
  // A payment made before the chat was folded in may convert a contact that has just become a 询单 reception.
  if (received.length) {
    await sql`select stats_convert_contacts(${received.map((r) => r.r_shop)}::bigint[], ${received.map((r) => r.r_agent)}::bigint[],
      ${received.map((r) => r.r_day)}::date[], ${received.map((r) => r.r_buyer)}::bigint[])`.execute(trx);
  }
}

export interface FoldedState {
  conversation_id: number;
  shop_id: number;
  folded_seq: number;
  folded_assignment: number;
  unanswered_since: Date | null;
  pending: number;
  dirty: number | null;
  mark: { agentId: number; startSeq: number; endSeq: number | null; assignedAt: Date } | null;
}

/** How far each conversation is folded in now; an end seen is cleared unless another came meanwhile. */
export async function saveStates(trx: Trx, states: FoldedState[]) {
  if (!states.length) return;
  const col = <T>(f: (s: FoldedState) => T) => states.map(f);
  await sql`
    insert into stats_conversations as s (conversation_id, shop_id, folded_seq, folded_assignment, unanswered_since, pending_msgs,
      mark_agent_id, mark_start_seq, mark_end_seq, mark_assigned_at)
    select * from unnest(${col((s) => s.conversation_id)}::bigint[], ${col((s) => s.shop_id)}::bigint[], ${col((s) => s.folded_seq)}::bigint[],
      ${col((s) => s.folded_assignment)}::bigint[], ${col((s) => s.unanswered_since)}::timestamptz[], ${col((s) => s.pending)}::int[],
      ${col((s) => s.mark?.agentId ?? null)}::bigint[], ${col((s) => s.mark?.startSeq ?? null)}::bigint[],
      ${col((s) => s.mark?.endSeq ?? null)}::bigint[], ${col((s) => s.mark?.assignedAt ?? null)}::timestamptz[])
    order by 1
    on conflict (conversation_id) do update set folded_seq = excluded.folded_seq, folded_assignment = excluded.folded_assignment,
      unanswered_since = excluded.unanswered_since, pending_msgs = excluded.pending_msgs, mark_agent_id = excluded.mark_agent_id,
      mark_start_seq = excluded.mark_start_seq, mark_end_seq = excluded.mark_end_seq, mark_assigned_at = excluded.mark_assigned_at`.execute(trx);
  const dirty = states.filter((s) => s.dirty !== null);
  if (dirty.length) {
    await sql`delete from stats_dirty d using unnest(${dirty.map((s) => s.conversation_id)}::bigint[], ${dirty.map((s) => s.dirty)}::bigint[])
      as x(id, marked) where d.conversation_id = x.id and d.marked = x.marked`.execute(trx);
  }
}
