/** Chat as the server's sockets present it (see docs/chat.md). */
export type MessageKind = 'text' | 'emoji' | 'image' | 'product' | 'trade' | 'system';

export interface ChatMessage {
  conversation_id: number;
  seq: number;
  client_msg_id: string;
  sender: 'buyer' | 'agent' | 'system';
  sender_id: number | null;
  sender_name: string;
  kind: MessageKind;
  body: Record<string, unknown>;
  created_at: string;
}

/** A message on its way: shown at once, replaced by the stored one when the server acknowledges it. */
export interface OutgoingMessage {
  client_msg_id: string;
  kind: Exclude<MessageKind, 'system'>;
  payload: Record<string, unknown>;
  state: 'sending' | 'failed';
  error?: string;
  created_at: string;
}

export type ConversationStatus = 'new' | 'waiting' | 'queued' | 'active' | 'ended';
export type AgentStatus = 'online' | 'busy' | 'suspended' | 'offline';

export interface Conversation {
  id: number;
  buyer_id: number;
  buyer_nick: string;
  status: ConversationStatus;
  agent_id: number | null;
  situation?: string | null;
  last_seq: number;
  agent_read_seq?: number;
  buyer_read_seq?: number;
  last_message_at?: string | null;
  ended_at?: string | null;
  created_at?: string;
}

/** What the client sends: the server fills in the rest. */
export type Outgoing =
  | { kind: 'text'; text: string }
  | { kind: 'emoji'; code: string }
  | { kind: 'image'; upload_id: string }
  | { kind: 'product'; num_iid: number }
  | { kind: 'trade'; tid: number };
