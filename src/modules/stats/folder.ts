import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import * as foldStore from './fold-store.ts';
import { replay, type FoldMark, type FoldMessage } from './fold.ts';
import { HeardMessages, type HeardMessage } from './heard.ts';

export interface FoldOptions {
  intervalMs: number;
  /** Conversations per statement. */
  chunk: number;
  fullEveryMs: number;
  /**
   * A fold on the interval rests this many times as long as each chunk took before the next. At 4 it takes at most a
   * fifth of the database's time while it runs, instead of all of it for a burst in which the chat's writes queue
   * behind chunk after chunk on the embedded database's one connection. In a steady 5,000 messages/s through the writer
   * on PGlite, the writes' p99 over seven paired runs: 19–38 ms (median 26) resting, 24–44 ms (median 32) not, 23–26 ms
   * with no folds at all.
   */
  restFactor: number;
}

/**
 * A fold costs per conversation as much as per message: every few seconds, each active one is folded once for several
 * of its messages. Reports and the board fold what they need before they read. Each statement has a fixed cost
 * besides its conversations' (on the embedded database, reading 50 candidates took 4.7 ms and 200 took 10.4 ms).
 * The embedded database has one connection, which the chat's writes wait behind while a chunk is saved: 100
 * conversations keep that wait under 10 ms (the upkeep's own time 7.5–8.2 → 5.8–6.3 % of ingest, against 50).
 * PostgreSQL serves them on other connections: 500 take a busy shop's touched conversations in one or two statements
 * (own time 6.1–7.4 → 5.0–5.3 %, against 150).
 */
export function foldOptions(engine: Engine): FoldOptions {
  return { intervalMs: 5000, chunk: engine === 'postgres' ? 500 : 100, fullEveryMs: 30_000, restFactor: 4 };
}

/**
 * Folds new messages and assignments into the figures. Each conversation keeps how far it is folded in (its last
 * message and assignment); a fold adds what came after and moves that mark in one statement, which first checks that
 * nobody folded those conversations since they were read: after a crash, or beside another node's folder, the next fold
 * starts where the last saved one ended, so nothing is counted twice or missed. Storing a message costs
 * nothing more: the writer tells what it wrote (`touched`), and each interval folds those conversations, replaying
 * what it was told rather than reading it back.
 * Every `fullEveryMs`, and before a report, a full fold walks every served conversation, which also finds what other
 * nodes wrote and assignments that ended. Each statement folds at most `chunk` conversations, so that messages
 * waiting for the database never wait long behind a fold.
 */
export class StatsFolder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private formats = new Map<string, Intl.DateTimeFormat>();
  private touchedIds = new Set<number>();
  private heard = new HeardMessages();
  private lastFull = 0;
  /** Set when someone waits for the running fold: it stops resting between chunks. */
  private hurried = false;
  private endRest: (() => void) | undefined;
  private lastChunkMs = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log?: FastifyBaseLogger,
    private readonly opts: FoldOptions = foldOptions('pglite'),
  ) {}

  /** Messages just stored on this node (the chat writer's listener): the next interval folds their conversations. */
  touched(messages: readonly HeardMessage[]) {
    if (!this.timer) return; // a node that does not fold on an interval leaves them to the full folds
    for (const m of messages) this.touchedIds.add(m.conversationId);
    this.heard.add(messages);
  }

  start() {
    // A slow fold is not queued up behind: the next interval comes after it.
    this.timer ??= setInterval(() => {
      if (!this.running) void this.tick().catch((err) => this.log?.error({ err }, 'stats fold failed'));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.hurry();
    await this.running?.catch(() => undefined);
  }

  /**
   * What the interval does: a full fold when one is due, else the conversations touched since the last; resting
   * between chunks, since nobody waits for it.
   */
  tick() {
    const paced = { paced: true };
    return Date.now() - this.lastFull >= this.opts.fullEveryMs ? this.fold(paced) : this.foldTouched(paced);
  }

  /** Folds everything due now, on every served conversation; calls that come while a fold runs wait for it. */
  fold(opts: { paced?: boolean } = {}): Promise<{ conversations: number; messages: number }> {
    return this.exclusive(async () => {
      const started = Date.now();
      // The walk finds every served conversation touched so far (one nobody serves waits for its assignment).
      this.touchedIds.clear();
      const total = { conversations: 0, messages: 0 };
      for (let after = 0; ;) {
        if (after && opts.paced) await this.rest();
        const done = await this.foldChunk({ after });
        total.conversations += done.conversations;
        total.messages += done.messages;
        if (done.last === null || done.seen < this.opts.chunk) break;
        after = done.last;
      }
      this.lastFull = started;
      return total;
    });
  }

  /** What a live view needs: the conversations touched since the last fold (all of them where nothing is told). */
  foldRecent() {
    return this.timer ? this.foldTouched() : this.fold();
  }

  /** Folds the conversations touched since the last fold. */
  foldTouched(opts: { paced?: boolean } = {}): Promise<{ conversations: number; messages: number }> {
    return this.exclusive(async () => {
      const ids = [...this.touchedIds].sort((a, b) => a - b);
      this.touchedIds.clear();
      const total = { conversations: 0, messages: 0 };
      for (let i = 0; i < ids.length; i += this.opts.chunk) {
        try {
          if (i && opts.paced) await this.rest();
          const done = await this.foldChunk({ ids: ids.slice(i, i + this.opts.chunk) });
          total.conversations += done.conversations;
          total.messages += done.messages;
        } catch (err) {
          // Nothing of the chunk was kept: the next fold takes it again.
          for (const id of ids.slice(i)) this.touchedIds.add(id);
          throw err;
        }
      }
      return total;
    });
  }

  /** Between the chunks of a paced fold: rests `restFactor` times as long as the last chunk took, unless hurried. */
  private rest() {
    if (this.hurried) return;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.endRest?.(), this.lastChunkMs * this.opts.restFactor);
      this.endRest = () => {
        clearTimeout(timer);
        this.endRest = undefined;
        resolve();
      };
    });
  }

  /** Someone waits for the running fold (a report, the board, a stop): it rests no more. */
  private hurry() {
    this.hurried = true;
    this.endRest?.();
  }

  /** Reads a chunk's candidates and folds them in; read again while someone else folded one of them meanwhile. */
  private async foldChunk(from: foldStore.Candidates) {
    const started = performance.now();
    try {
      for (let attempt = 1; ; attempt++) {
        const found = await foldStore.candidates(this.db, from, 'ids' in from ? from.ids.length : this.opts.chunk);
        const done = await this.pass(found.due);
        if (done) {
          this.folded(found.all);
          return { ...found, ...done };
        }
        if (attempt === 20) throw new Error('stats fold: the conversations kept being folded elsewhere');
      }
    } finally {
      this.lastChunkMs = performance.now() - started;
    }
  }

  /** Once a fold has committed: what it folded in (or found folded) need not be kept. */
  private folded(seen: { id: number; due: boolean; last_seq: number; folded_seq: number }[]) {
    for (const c of seen) this.heard.forget(c.id, c.due ? c.last_seq : c.folded_seq);
  }

  /** One fold at a time in this process (across nodes, the database's lock keeps them apart). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.running) this.hurry();
    const run = (this.running ?? Promise.resolve()).then(() => {
      this.hurried = false;
      return work();
    });
    const settled = run.catch(() => undefined);
    this.running = settled;
    void settled.then(() => {
      if (this.running === settled) this.running = undefined;
    });
    return run;
  }

  /** Replays the due conversations and saves what they add; null when one was folded meanwhile (nothing saved). */
  private async pass(due: foldStore.DueConversation[]) {
    if (!due.length) return { conversations: 0, messages: 0 };
    // What this node's writer told of is replayed as told; the rest is read back.
    const heard = new Map<number, FoldMessage[]>();
    const unheard: foldStore.DueConversation[] = [];
    for (const d of due) {
      const h = this.heard.between(d.id, d.folded_seq, d.last_seq);
      if (h) heard.set(d.id, h);
      else unheard.push(d);
    }
    const read = unheard.length ? await foldStore.newMessages(this.db, unheard) : [];
    // The marks are read again only where they changed (a new assignment, or the current one ended).
    const changed = due.filter((d) => d.new_marks || d.dirty !== null || d.mark_agent_id === null);
    const marks = changed.length ? await foldStore.newMarks(this.db, changed) : [];
    for (const m of read) heard.set(Number(m.conversation_id), unpack(m));
    const marksOf = group(marks, (k) => k.conversation_id);
    const contacts: foldStore.FoldedContact[] = [];
    const states: foldStore.FoldedState[] = [];
    for (const d of due) {
      const list: FoldMark[] = marksOf.has(d.id)
        ? marksOf.get(d.id)!.map((k) => ({
          id: Number(k.assignment_id), agentId: k.agent_id, startSeq: Number(k.start_seq), endSeq: k.end_seq === null ? null : Number(k.end_seq),
          assignedAt: new Date(k.assigned_at),
        }))
        : d.mark_agent_id !== null && !(d.new_marks || d.dirty !== null)
          ? [{ id: d.folded_assignment, agentId: d.mark_agent_id, startSeq: d.mark_start_seq!, endSeq: d.mark_end_seq, assignedAt: new Date(d.mark_assigned_at!) }]
          : [];
      const r = replay({
        buyerId: d.buyer_id, waitingSince: d.unanswered_since && new Date(d.unanswered_since), pending: d.pending,
        started: list.length && list[0].id === d.folded_assignment ? 1 : 0, marks: list,
        messages: heard.get(d.id) ?? [],
      }, (at) => this.dayOf(at, d.timezone));
      for (const c of r.contacts) contacts.push({ c, shop: d.shop_id, window: d.window_days });
      states.push({
        conversation_id: d.id, shop_id: d.shop_id, was: d, folded_seq: d.last_seq, folded_assignment: r.lastStarted?.id ?? d.folded_assignment,
        unanswered_since: r.waitingSince, pending: r.pending, dirty: d.dirty,
        mark: r.lastStarted && { agentId: r.lastStarted.agentId, startSeq: r.lastStarted.startSeq, endSeq: r.lastStarted.endSeq, assignedAt: r.lastStarted.assignedAt },
      });
    }
    if (!(await foldStore.saveFold(this.db, states, contacts))) return null;
    let messages = 0;
    for (const list of heard.values()) messages += list.length;
    return { conversations: due.length, messages };
  }

  private days = new Map<string, string>();
  private recentDay = { quarter: NaN, timeZone: '', day: '' };

  /** The shop's day of a moment; a zone's offsets change on quarter hours at most, so a quarter hour has one day. */
  private dayOf(at: Date, timeZone: string) {
    const quarter = Math.floor(at.getTime() / 900_000);
    const recent = this.recentDay;
    if (recent.quarter === quarter && recent.timeZone === timeZone) return recent.day;
    const key = `${timeZone}|${quarter}`;
    let day = this.days.get(key);
    if (day === undefined) {
      let f = this.formats.get(timeZone);
      if (!f) this.formats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
      day = f.format(at);
      if (this.days.size > 10_000) this.days.clear();
      this.days.set(key, day);
    }
    this.recentDay = { quarter, timeZone, day };
    return day;
  }
}

function unpack(m: foldStore.NewMessages): FoldMessage[] {
  return m.seqs.map((seq, i) => {
    const agent = m.agents[i];
    return { seq: Number(seq), sender: agent === null ? 'buyer' as const : 'agent' as const, agentId: agent || null, at: new Date(Number(m.ats[i])) };
  });
}

function group<T, K>(rows: T[], key: (r: T) => K) {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
