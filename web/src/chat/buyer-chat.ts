import type { Socket } from 'socket.io-client';
import { ApiError } from '../api/client';
import { mergeMessages } from './messages';
import { newClientMsgId, openSocket, request } from './socket';
import { Observable } from './observable';
import type { ChatMessage, ConversationStatus, Outgoing, OutgoingMessage } from './types';

export interface BuyerChatState {
  connection: 'connecting' | 'online' | 'offline';
  error?: ApiError;
  conversation: { id: number; status: ConversationStatus; agent: { id: number; name?: string } | null; position: number | null; agent_read_seq: number } | null;
  messages: ChatMessage[];
  outgoing: OutgoingMessage[];
  hasOlder: boolean;
  /** The newest page is in (the window opens at the bottom of the history). */
  loaded: boolean;
  agentTyping: boolean;
  /** The agent asked for a rating, or the chat ended: the rating form shows until the buyer rates. */
  ratingAsked: boolean;
  rated: boolean;
}

/** The buyer's side of the chat with one shop: one socket to /buyer, one conversation, resumed after a drop. */
export class BuyerChat extends Observable<BuyerChatState> {
  private socket: Socket;

  constructor(shop: string) {
    super({ connection: 'connecting', conversation: null, messages: [], outgoing: [], hasOlder: true, loaded: false, agentTyping: false, ratingAsked: false, rated: false });
    // The socket's auth is read at every (re)connection, so a resume names the last message this page saw.
    this.socket = openSocket('/buyer', {});
    this.socket.auth = (cb: (auth: object) => void) => cb({ shop, last_seq: this.state.messages.at(-1)?.seq ?? 0 });
    const s = this.socket;
    s.on('connect', () => this.patch({ connection: 'online', error: undefined }));
    s.on('disconnect', () => this.patch({ connection: 'offline' }));
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string; message_en?: string } }) => {
      const d = err.data;
      this.patch({ connection: 'offline', error: d?.code ? new ApiError(401, d.code, d.message ?? '', d.message_en ?? '') : undefined });
    });
    s.on('conversation', (c: Partial<NonNullable<BuyerChatState['conversation']>> & { id: number }) => {
      const first = !this.state.conversation;
      const status = c.status ?? this.state.conversation?.status ?? 'new';
      this.patch({
        conversation: { ...(this.state.conversation ?? { agent: null, position: null, agent_read_seq: 0 }), ...c, status } as BuyerChatState['conversation'],
        ...(status === 'ended' && this.state.conversation?.status === 'active' ? { ratingAsked: true } : {}),
      });
      if (first) void this.loadOlder();
    });
    s.on('messages', (page: { messages: ChatMessage[] }) => this.received(page.messages));
    s.on('message', (m: ChatMessage) => this.received([m]));
    s.on('typing', (e: { side: string; typing: boolean }) => {
      if (e.side === 'agent') this.patch({ agentTyping: e.typing });
    });
    s.on('read', (e: { side: string; seq: number }) => {
      const c = this.state.conversation;
      if (e.side === 'agent' && c) this.patch({ conversation: { ...c, agent_read_seq: Math.max(c.agent_read_seq, e.seq) } });
    });
  }

  close() {
    this.socket.disconnect();
  }

  async loadOlder() {
    const before = this.state.messages[0]?.seq;
    const page = await request<{ messages: ChatMessage[]; has_more: boolean }>(this.socket, 'history', before === undefined ? { limit: 50 } : { before_seq: before, limit: 50 });
    this.patch({ messages: mergeMessages(page.messages, this.state.messages), hasOlder: page.has_more, loaded: true });
    this.markRead();
  }

  async send(out: Outgoing) {
    const { kind, ...payload } = out;
    const pending: OutgoingMessage = { client_msg_id: newClientMsgId(), kind, payload, state: 'sending', created_at: new Date().toISOString() };
    this.patch({ outgoing: [...this.state.outgoing, pending] });
    await this.deliver(pending);
  }

  retry(clientMsgId: string) {
    const p = this.state.outgoing.find((o) => o.client_msg_id === clientMsgId);
    if (!p) return;
    const again = { ...p, state: 'sending' as const, error: undefined };
    this.patch({ outgoing: this.state.outgoing.map((o) => (o === p ? again : o)) });
    void this.deliver(again);
  }

  private async deliver(pending: OutgoingMessage) {
    try {
      const r = await request<{ message: ChatMessage }>(this.socket, 'message:send', { kind: pending.kind, client_msg_id: pending.client_msg_id, ...pending.payload });
      this.received([r.message]);
    } catch (err) {
      const error = err instanceof ApiError ? err.message : String(err);
      this.patch({ outgoing: this.state.outgoing.map((o) => (o.client_msg_id === pending.client_msg_id ? { ...o, state: 'failed', error } : o)) });
    }
  }

  typing(typing: boolean) {
    void request(this.socket, 'typing', { typing }).catch(() => {});
  }

  async rate(score: number, comment?: string) {
    await request(this.socket, 'rating', { score, ...(comment ? { comment } : {}) });
    this.patch({ rated: true, ratingAsked: false });
  }

  private markRead() {
    const seq = this.state.messages.at(-1)?.seq;
    if (seq && !document.hidden) void request(this.socket, 'read', { seq }).catch(() => {});
  }

  private received(list: ChatMessage[]) {
    if (!list.length) return;
    const invited = list.some((m) => m.kind === 'system' && m.body.event === 'rating_invited');
    const rated = list.some((m) => m.kind === 'system' && m.body.event === 'rated');
    this.patch({
      messages: mergeMessages(this.state.messages, [...list].sort((a, b) => a.seq - b.seq)),
      outgoing: this.state.outgoing.filter((o) => !list.some((m) => m.client_msg_id === o.client_msg_id && m.sender === 'buyer')),
      agentTyping: list.some((m) => m.sender === 'agent') ? false : this.state.agentTyping,
      ...(invited && !this.state.rated ? { ratingAsked: true } : {}),
      ...(rated ? { rated: true, ratingAsked: false } : {}),
    });
    this.markRead();
  }

  private patch(p: Partial<BuyerChatState>) {
    this.set({ ...this.state, ...p });
  }
}
