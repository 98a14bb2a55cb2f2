import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ContactFacts } from './fold.ts';

/**
 * The folder's SQL: which conversations have messages or assignments not folded in yet, and writing what they add.
 * No transaction spans these: the save checks that nobody folded the chunk since it was read (migration 023).
 */
type Q = Kysely<DB>;

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
  const { rows } = await sql<DueConversation & { due: boolean }>`
    select * from stats_fold_candidates(${'ids' in from ? from.ids : null}::bigint[], ${'after' in from ? from.after : 0}, ${limit})`.execute(q);
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

export interface FoldedState {
  conversation_id: number;
  shop_id: number;
  /** How far it was folded when read (the save is refused if that moved). */
  was: { folded_seq: number; folded_assignment: number };
  folded_seq: number;
  folded_assignment: number;
  unanswered_since: Date | null;
  pending: number;
  dirty: number | null;
  mark: { agentId: number; startSeq: number; endSeq: number | null; assignedAt: Date } | null;
}

export interface FoldedContact {
  c: ContactFacts;
  shop: number;
  /** The shop's attribution window in days (询单 looks back that far for a trade). */
  window: number;
}

/**
 * Saves a folded chunk in one statement: the contacts' deltas, and how far each conversation is folded in now.
 * False, with nothing written, when one of them was folded by someone else since its candidates were read.
 */
export async function saveFold(q: Q, states: FoldedState[], contacts: FoldedContact[]) {
  if (!states.length) return true;
  const st = <T>(f: (s: FoldedState) => T) => states.map(f);
  const ct = <T>(f: (c: ContactFacts) => T) => contacts.map((x) => f(x.c));
  const { rows } = await sql<{ saved: boolean }>`select stats_fold_save(
    ${st((s) => s.conversation_id)}::bigint[], ${st((s) => s.was.folded_seq)}::bigint[], ${st((s) => s.was.folded_assignment)}::bigint[],
    ${st((s) => s.shop_id)}::bigint[], ${st((s) => s.folded_seq)}::bigint[], ${st((s) => s.folded_assignment)}::bigint[],
    ${st((s) => s.unanswered_since)}::timestamptz[], ${st((s) => s.pending)}::int[], ${st((s) => s.mark?.agentId ?? null)}::bigint[],
    ${st((s) => s.mark?.startSeq ?? null)}::bigint[], ${st((s) => s.mark?.endSeq ?? null)}::bigint[],
    ${st((s) => s.mark?.assignedAt ?? null)}::timestamptz[], ${st((s) => s.dirty)}::bigint[],
    ${contacts.map((x) => x.shop)}::bigint[], ${ct((c) => c.day)}::date[], ${ct((c) => c.agentId)}::bigint[], ${ct((c) => c.buyerId)}::bigint[],
    ${ct((c) => c.buyerMsgs)}::int[], ${ct((c) => c.agentMsgs)}::int[], ${ct((c) => c.firstBuyerAt)}::timestamptz[],
    ${ct((c) => c.firstAgentAt)}::timestamptz[], ${ct((c) => c.lastAgentAt)}::timestamptz[], ${ct((c) => c.responses)}::int[],
    ${ct((c) => c.responseMs)}::bigint[], ${ct((c) => c.firstResponseMs)}::bigint[], ${contacts.map((x) => x.window)}::int[]) as saved`.execute(q);
  return rows[0].saved;
}
