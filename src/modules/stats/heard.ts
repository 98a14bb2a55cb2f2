import type { FoldMessage } from './fold.ts';

/** A message as the chat writer tells of it once committed (system messages take a number but count nothing). */
export interface HeardMessage {
  conversationId: number;
  seq: number;
  senderKind: 'buyer' | 'agent' | 'system';
  senderId: number | null;
  at: Date;
}

/** How a heard message's sender is kept: an agent by its id; the others by these codes. */
const BUYER = -1;
const SYSTEM = -2;
const AGENT_UNNAMED = -3;

/**
 * One conversation's heard messages in number order, as three parallel lists of numbers rather than an object per
 * message: they wait for the next fold (seconds, thousands of them on a busy node) and would otherwise be copied by
 * every young-generation collection meanwhile, at the cost of the chat's own writes.
 */
interface Run {
  seqs: number[];
  senders: number[];
  ats: number[];
}

/**
 * The messages this node stored, kept per conversation until they are folded in, so that the folder replays them
 * without reading them back. Only a complete run counts: where one message is missing (written by another node, or
 * a number taken by a resend), the folder reads the database instead.
 */
export class HeardMessages {
  private byConversation = new Map<number, Run>();
  private size = 0;

  /** `max`: past this many unfolded messages (folds failing, say) everything is forgotten and read back instead. */
  constructor(private readonly max = 200_000) {}

  add(messages: Iterable<HeardMessage>) {
    for (const m of messages) {
      if (this.size >= this.max) this.clear();
      let run = this.byConversation.get(m.conversationId);
      if (!run) this.byConversation.set(m.conversationId, (run = { seqs: [], senders: [], ats: [] }));
      const sender = m.senderKind === 'buyer' ? BUYER : m.senderKind === 'system' ? SYSTEM : m.senderId ?? AGENT_UNNAMED;
      // Batches are told in the order they committed; a system message may come a little out of it.
      let i = run.seqs.length;
      while (i > 0 && run.seqs[i - 1] > m.seq) i--;
      if (i === run.seqs.length) {
        run.seqs.push(m.seq);
        run.senders.push(sender);
        run.ats.push(m.at.getTime());
      } else {
        run.seqs.splice(i, 0, m.seq);
        run.senders.splice(i, 0, sender);
        run.ats.splice(i, 0, m.at.getTime());
      }
      this.size++;
    }
  }

  /** The conversation's messages numbered after `after` up to `to`, if every one of them was heard. */
  between(conversationId: number, after: number, to: number): FoldMessage[] | undefined {
    if (to <= after) return [];
    const run = this.byConversation.get(conversationId);
    if (!run) return undefined;
    const out: FoldMessage[] = [];
    let expected = after + 1;
    for (let i = 0; i < run.seqs.length; i++) {
      const seq = run.seqs[i];
      if (seq <= after) continue;
      if (seq > to) break;
      if (seq !== expected) return undefined;
      expected++;
      const sender = run.senders[i];
      if (sender === SYSTEM) continue;
      out.push(sender === BUYER
        ? { seq, sender: 'buyer', agentId: null, at: new Date(run.ats[i]) }
        : { seq, sender: 'agent', agentId: sender === AGENT_UNNAMED ? null : sender, at: new Date(run.ats[i]) });
    }
    return expected === to + 1 ? out : undefined;
  }

  /** Forgets what is folded in: the conversation's messages up to `seq`. */
  forget(conversationId: number, seq: number) {
    const run = this.byConversation.get(conversationId);
    if (!run) return;
    let n = 0;
    while (n < run.seqs.length && run.seqs[n] <= seq) n++;
    if (n === run.seqs.length) this.byConversation.delete(conversationId);
    else {
      run.seqs.splice(0, n);
      run.senders.splice(0, n);
      run.ats.splice(0, n);
    }
    this.size -= n;
  }

  clear() {
    this.byConversation.clear();
    this.size = 0;
  }
}
