import { randomBytes } from 'node:crypto';
import type { Trx } from '../../db/transaction.ts';
import type { Hub } from '../../realtime/server.ts';
import type { StoredListener } from './message-writer.ts';
import { systemBody, type ChatMessage, type SystemNote } from './rules.ts';
import * as store from './store.ts';

export interface NoteFor {
  conversationId: number;
  shopId: number;
  note: SystemNote;
}

/**
 * System messages (sender 'system', kind 'system'): stored in the caller's transaction, next to the change they
 * tell of, and delivered to both sides once that transaction has committed.
 */
export class SystemMessages {
  // The shop of each message posted, until it is delivered (a message whose transaction rolled back is never delivered).
  private readonly shopOf = new WeakMap<ChatMessage, number>();
  private listeners: StoredListener[] = [];

  constructor(private readonly hub: Hub) {}

  /** Told of each message as it is delivered, that is once its transaction has committed (webhooks, the figures). */
  onStored(listener: StoredListener) {
    this.listeners.push(listener);
  }

  async post(trx: Trx, notes: NoteFor[], now: Date): Promise<ChatMessage[]> {
    const messages = await store.insertSystemMessages(trx, notes.map((n) => ({
      conversationId: n.conversationId, shopId: n.shopId, body: systemBody(n.note),
      clientMsgId: `system:${n.note.event}:${randomBytes(8).toString('hex')}`,
    })), now);
    const shops = new Map(notes.map((n) => [n.conversationId, n.shopId]));
    for (const m of messages) this.shopOf.set(m, shops.get(m.conversation_id)!);
    return messages;
  }

  /** To the buyer, to the agents named (who served it, who serves it now) and to whoever watches the conversation. */
  deliver(message: ChatMessage, agentIds: (number | null | undefined)[]) {
    this.hub.toBuyer(message.conversation_id, 'message', message);
    const [first, ...others] = [...new Set(agentIds.filter((id): id is number => Boolean(id)))];
    this.hub.toAgents({ agentId: first, conversationId: message.conversation_id }, 'message', message);
    for (const id of others) this.hub.toAgents({ agentId: id }, 'message', message);
    const shopId = this.shopOf.get(message);
    if (shopId === undefined) return;
    this.shopOf.delete(message);
    for (const listener of this.listeners) {
      try {
        listener([{
          shopId, conversationId: message.conversation_id, seq: message.seq, senderKind: 'system', senderId: null, at: message.created_at,
        }]);
      } catch {
        // the listener logs its own failures
      }
    }
  }
}
