import { sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import type { ChatMessage, MessageKind } from './rules.ts';

/** A message on its way to the database. `senderId` is checked against the conversation in the same statement. */
export interface PendingMessage {
  conversationId: number;
  shopId: number;
  senderKind: 'buyer' | 'agent' | 'system';
  senderId: number | null;
  senderName: string;
  clientMsgId: string;
  kind: MessageKind;
  body: unknown;
}

/**
 * A message just committed, as a listener finds it again: `agentId` is its conversation's agent at that moment;
 * who sent it and when, so that a listener need not read it back.
 */
export interface StoredMessage {
  shopId: number;
  conversationId: number;
  seq: number;
  agentId?: number | null;
  senderKind: 'buyer' | 'agent' | 'system';
  senderId: number | null;
  at: Date;
}

/**
 * Hears the new messages (never a resend) once they have committed, on the node that stored them. Called on the
 * chat's hot path: it must answer at once and do its own work later.
 */
export type StoredListener = (messages: StoredMessage[]) => void;

export type WriteResult =
  | { ok: true; duplicate: boolean; message: ChatMessage; conversation: { status: string; agentId: number | null } }
  | { ok: false; reason: 'not_allowed' | 'id_taken' };

interface Waiter {
  m: PendingMessage;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
  twins: Waiter[];
  /** When it was handed in (performance.now()). */
  at: number;
}

/** One message's outcome, as chat_store_messages_packed lists it (migrations/025). */
type StoreRow = [ord: number, seq: number | null, inserted: boolean, allowed: boolean, status: string, agentId: number | null];

interface StoredRow {
  conversation_id: number;
  client_msg_id: string;
  seq: number;
  sender_kind: string;
  sender_id: number | null;
  sender_name: string;
  kind: string;
  body: unknown;
  created_at: Date;
  status: string;
  agent_id: number | null;
}

const key = (conversationId: number, clientMsgId: string) => `${conversationId}\u0000${clientMsgId}`;


/**
 * Group commit: messages are collected until the oldest has waited `maxDelayMs` or `maxBatch` are waiting, and written
 * with one statement, then each sender is answered. A message is acknowledged only once it is committed. A statement
 * costs about as much for one message as for fifty, so under load the wait is what keeps the database free.
 */
export class MessageWriter {
  private queue: Waiter[] = [];
  private byKey = new Map<string, Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private draining = false;
  private idle: (() => void)[] = [];
  private listeners: StoredListener[] = [];

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly opts = { maxBatch: 200, maxDelayMs: 5 },
  ) {}

  /** Told of every committed batch's new messages (webhooks, the figures). */
  onStored(listener: StoredListener) {
    this.listeners.push(listener);
  }

  write(m: PendingMessage): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { m, resolve, reject, twins: [], at: performance.now() };
      // A resend while the first copy still waits rides on the first one.
      const key = `${m.conversationId}\u0000${m.clientMsgId}`;
      const first = this.byKey.get(key);
      if (first) return void first.twins.push(waiter);
      this.byKey.set(key, waiter);
      this.queue.push(waiter);
      this.schedule();
    });
  }

  private schedule() {
    // One batch at a time: a conversation's messages are numbered in the order this node received them.
    if (this.inFlight || !this.queue.length) return; // the running batch schedules the next one when it ends
    const wait = this.draining ? 0 : this.queue[0].at + this.opts.maxDelayMs - performance.now();
    if (this.queue.length >= this.opts.maxBatch || wait <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
    }
  }

  private async flush() {
    const batch = this.queue.splice(0, this.opts.maxBatch);
    if (!batch.length) return;
    for (const w of batch) this.byKey.delete(`${w.m.conversationId}\u0000${w.m.clientMsgId}`);
    this.inFlight++;
    try {
      const results = await this.writeBatch(batch.map((w) => w.m));
      batch.forEach((w, i) => {
        w.resolve(results[i]);
        for (const t of w.twins) t.resolve(results[i].ok ? { ...results[i], duplicate: true } : results[i]);
      });
    } catch (err) {
      // One message the database refuses must not fail its neighbours: alone, each succeeds or fails on its own.
      for (const w of batch) {
        const alone = batch.length > 1 ? this.writeBatch([w.m]).then((r) => r[0]) : Promise.reject(err);
        await alone.then(
          (r) => {
            w.resolve(r);
            for (const t of w.twins) t.resolve(r.ok ? { ...r, duplicate: true } : r);
          },
          (e) => {
            w.reject(e);
            for (const t of w.twins) t.reject(e);
          },
        );
      }
    } finally {
      this.inFlight--;
      if (this.queue.length) this.schedule();
      else if (!this.inFlight) {
        for (const done of this.idle.splice(0)) done();
      }
    }
  }

  private async writeBatch(batch: PendingMessage[]): Promise<WriteResult[]> {
    const now = this.clock.now();
    const col = <T>(f: (m: PendingMessage) => T) => batch.map(f);
    // One call (migrations/004_chat.sql): checks each sender against its conversation, numbers the new messages in
    // commit order, inserts them and moves the conversations on. A resend inserts nothing and is answered below.
    // Its rows come back packed in one JSON text (migrations/025).
    const { rows: [{ outcomes }] } = await sql<{ outcomes: string }>`
      select chat_store_messages_packed(
        ${col((m) => m.conversationId)}::bigint[], ${col((m) => m.shopId)}::bigint[], ${col((m) => m.senderKind)}::text[],
        ${col((m) => m.senderId)}::bigint[], ${col((m) => m.senderName)}::text[], ${col((m) => m.clientMsgId)}::text[],
        ${col((m) => m.kind)}::text[], ${col((m) => JSON.stringify(m.body))}::text[], ${now}::timestamptz) as outcomes`.execute(this.database.db);

    const results = new Array<WriteResult>(batch.length).fill({ ok: false, reason: 'not_allowed' });
    const resent: number[] = [];
    for (const [ord, seq, inserted, allowed, status, agentId] of JSON.parse(outcomes) as StoreRow[]) {
      const i = ord - 1;
      const m = batch[i];
      if (!allowed) continue;
      if (!inserted) {
        resent.push(i);
        continue;
      }
      results[i] = {
        ok: true, duplicate: false, conversation: { status, agentId },
        message: present(m, Number(seq), now, m.kind, m.body, m.senderName),
      };
    }
    if (this.listeners.length) tell(this.listeners, batch, results);
    if (resent.length) await this.answerResends(batch, resent, results);
    return results;
  }

  private async answerResends(batch: PendingMessage[], resent: number[], results: WriteResult[]) {
    const { rows } = await sql<StoredRow>`
      select m.conversation_id, m.client_msg_id, m.seq, m.sender_kind, m.sender_id, m.sender_name, m.kind, m.body,
             m.created_at, c.status, c.agent_id
      from unnest(${resent.map((i) => batch[i].conversationId)}::bigint[], ${resent.map((i) => batch[i].clientMsgId)}::text[])
        as t(conversation_id, client_msg_id)
      join messages m on m.conversation_id = t.conversation_id and m.client_msg_id = t.client_msg_id
      join conversations c on c.id = m.conversation_id`.execute(this.database.db);
    const stored = new Map(rows.map((r) => [key(r.conversation_id, r.client_msg_id), r]));
    for (const i of resent) {
      const m = batch[i];
      const r = stored.get(key(m.conversationId, m.clientMsgId));
      if (!r || r.sender_kind !== m.senderKind || r.sender_id !== m.senderId) {
        results[i] = { ok: false, reason: 'id_taken' };
        continue;
      }
      results[i] = {
        ok: true, duplicate: true, conversation: { status: r.status, agentId: r.agent_id },
        message: present(m, r.seq, r.created_at, r.kind as MessageKind, r.body, r.sender_name),
      };
    }
  }

  /** Resolves once every message handed in so far is written (shutdown). */
  async drain() {
    if (!this.inFlight && !this.queue.length) return;
    this.draining = true; // nothing waits for company any more
    const idle = new Promise<void>((resolve) => this.idle.push(resolve));
    this.schedule();
    await idle;
    this.draining = false;
  }
}

function tell(listeners: StoredListener[], batch: PendingMessage[], results: WriteResult[]) {
  const stored: StoredMessage[] = [];
  results.forEach((r, i) => {
    if (r.ok) {
      const { message, conversation } = r;
      stored.push({
        shopId: batch[i].shopId, conversationId: message.conversation_id, seq: message.seq, agentId: conversation.agentId,
        senderKind: message.sender, senderId: message.sender_id, at: message.created_at,
      });
    }
  });
  if (!stored.length) return;
  // The batch is committed and its senders are owed their answers: a listener's failure is not theirs.
  for (const listener of listeners) {
    try {
      listener(stored);
    } catch {
      // the listener logs its own failures
    }
  }
}

function present(m: PendingMessage, seq: number, at: Date, kind: MessageKind, body: unknown, name: string): ChatMessage {
  return {
    conversation_id: m.conversationId, seq: Number(seq), client_msg_id: m.clientMsgId, sender: m.senderKind,
    sender_id: m.senderId, sender_name: name, kind, body, created_at: new Date(at),
  };
}
