import type { Trx } from '../../db/transaction.ts';
import type { chatRules } from '../chat/index.ts';

/**
 * What routing needs from the chat to tell both sides what happened (transfer, reassignment, end, hand-over):
 * a system message stored in routing's own transaction, delivered once it has committed. The chat module owns the
 * messages and provides this (wired in src/realtime/chat-node.ts), so routing does not import it at run time.
 */
export interface SystemNotes {
  post(trx: Trx, notes: { conversationId: number; shopId: number; note: chatRules.SystemNote }[], now: Date): Promise<chatRules.ChatMessage[]>;
  deliver(message: chatRules.ChatMessage, agentIds: (number | null | undefined)[]): void;
}
