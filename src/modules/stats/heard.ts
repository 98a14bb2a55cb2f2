import type { FoldMessage } from './fold.ts';

/** A message as the chat writer tells of it once committed (system messages take a number but count nothing). */
export interface HeardMessage {
  conversationId: number;
  seq: number;
  senderKind: 'buyer' | 'agent' | 'system';
  senderId: number | null;
  at: Date;
}

/**
 * The messages this node stored, kept per conversation until they are folded in, so that the folder replays them
 * without reading them back. Only a complete run counts: where one message is missing (written by another node, or
 * a number taken by a resend), the folder reads the database instead.
 */
export class HeardMessages {
  private byConversation = new Map<number, { seq: number; message: FoldMessage | null }[]>();
  private size = 0;

  /** `max`: past this many unfolded messages (folds failing, say) everything is forgotten and read back instead. */
  constructor(private readonly max = 200_000) {}

  add(messages: Iterable<HeardMessage>) {
    for (const m of messages) {
      if (this.size >= this.max) this.clear();
      let list = this.byConversation.get(m.conversationId);
      if (!list) this.byConversation.set(m.conversationId, (list = []));
      const entry = {
        seq: m.seq,
        message: m.senderKind === 'system' ? null : { seq: m.seq, sender: m.senderKind, agentId: m.senderKind === 'agent' ? m.senderId : null, at: m.at },
      };
      // Batches are told in the order they committed; a system message may come a little out of it.
      let i = list.length;
      while (i > 0 && list[i - 1].seq > m.seq) i--;
      if (i === list.length) list.push(entry);
      else list.splice(i, 0, entry);
      this.size++;
    }
  }

  /** The conversation's messages numbered after `after` up to `to`, if every one of them was heard. */
  between(conversationId: number, after: number, to: number): FoldMessage[] | undefined {
    if (to <= after) return [];
    const list = this.byConversation.get(conversationId);
    if (!list) return undefined;
    const out: FoldMessage[] = [];
    let expected = after + 1;
    for (const h of list) {
      if (h.seq <= after) continue;
      if (h.seq > to) break;
      if (h.seq !== expected) return undefined;
      expected++;
      if (h.message) out.push(h.message);
    }
    return expected === to + 1 ? out : undefined;
  }

  /** Forgets what is folded in: the conversation's messages up to `seq`. */
  forget(conversationId: number, seq: number) {
    const list = this.byConversation.get(conversationId);
    if (!list) return;
    let n = 0;
    while (n < list.length && list[n].seq <= seq) n++;
    if (n === list.length) this.byConversation.delete(conversationId);
    else list.splice(0, n);
    this.size -= n;
  }

  clear() {
    this.byConversation.clear();
    this.size = 0;
  }
}
