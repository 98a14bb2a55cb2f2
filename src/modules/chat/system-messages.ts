import { randomBytes } from 'node:crypto';
import type { Trx } from '../../db/transaction.ts';
import type { Hub } from '../../realtime/server.ts';
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
  constructor(private readonly hub: Hub) {}

  post(trx: Trx, notes: NoteFor[], now: Date): Promise<ChatMessage[]> {
    return store.insertSystemMessages(trx, notes.map((n) => ({
      conversationId: n.conversationId, shopId: n.shopId, body: systemBody(n.note),
      clientMsgId: `system:${n.note.event}:${randomBytes(8).toString('hex')}`,
    })), now);
  }

  /** To the buyer, to the agents named (who served it, who serves it now) and to whoever watches the conversation. */
  deliver(message: ChatMessage, agentIds: (number | null | undefined)[]) {
    this.hub.toBuyer(message.conversation_id, 'message', message);
    const [first, ...others] = [...new Set(agentIds.filter((id): id is number => Boolean(id)))];
    this.hub.toAgents({ agentId: first, conversationId: message.conversation_id }, 'message', message);
    for (const id of others) this.hub.toAgents({ agentId: id }, 'message', message);
  }
}
