import type { Socket } from 'socket.io-client';
import { ApiError, get } from '../api/client';
import { mergeMessages } from './messages';
import { newClientMsgId, openSocket, request } from './socket';
import { Observable } from './observable';
import type { AgentStatus, ChatMessage, Conversation, Outgoing, OutgoingMessage } from './types';

export interface Thread {
  conversation: Conversation;
  /** Stored messages, oldest first, without gaps from the first loaded one to the newest. */
  messages: ChatMessage[];
  outgoing: OutgoingMessage[];
  loaded: boolean;
  hasOlder: boolean;
  buyerTyping: boolean;
  unread: number;
  last?: ChatMessage;
  /** The teammate's note when the conversation was handed over (internal, never shown to the buyer). */
  handover?: { from_name: string | null; by?: string; note?: string | null };
}

export interface AgentState {
  connection: 'connecting' | 'online' | 'offline';
  me: { account_id: number; login: string; status: AgentStatus; reception_limit: number | null } | null;
  threads: Record<number, Thread>;
  /** Conversations I serve, most recent activity first. */
  order: number[];
  queue: { queued: number; waiting: number };
  selected: number | null;
  suspendDecision?: { status: string; note: string | null };
}

export interface ArrivalEvent { kind: 'message' | 'assigned'; conversationId: number; buyerNick: string; message?: ChatMessage }

const HISTORY_PAGE = 50;

/**
 * The workbench's live side: one socket to /agent, the conversations I serve and their messages.
 * Every update replaces only what changed, so each pane re-renders only for its own slice.
 */
export class AgentChat extends Observable<AgentState> {
  private socket: Socket;
  private readTimers = new Map<number, ReturnType<typeof setTimeout>>();
  onArrival?: (e: ArrivalEvent) => void;

  /** The socket is made here and opened by `connect()`, so a page that mounts twice (StrictMode) can reopen it. */
  constructor() {
    super({ connection: 'connecting', me: null, threads: {}, order: [], queue: { queued: 0, waiting: 0 }, selected: null });
    this.socket = openSocket('/agent', {}, { autoConnect: false });
    const s = this.socket;
    s.on('connect', () => void this.hello());
    s.on('disconnect', () => this.patch({ connection: 'offline' }));
    s.on('connect_error', () => this.patch({ connection: 'offline' }));
    s.on('message', (m: ChatMessage) => this.received([m]));
    s.on('typing', (e: { conversation_id: number; side: string; typing: boolean }) => {
      if (e.side === 'buyer') this.updateThread(e.conversation_id, (t) => ({ ...t, buyerTyping: e.typing }));
    });
    s.on('read', (e: { conversation_id: number; side: string; seq: number }) => {
      if (e.side !== 'buyer') return;
      this.updateThread(e.conversation_id, (t) => ({
        ...t, conversation: { ...t.conversation, buyer_read_seq: Math.max(t.conversation.buyer_read_seq ?? 0, e.seq) },
      }));
    });
    s.on('conversation:assigned', (e: { conversation: Conversation; transfer?: Thread['handover']; reassign?: Thread['handover']; handed_over?: Thread['handover'] }) => {
      this.adopt([e.conversation], e.transfer ?? e.reassign ?? e.handed_over);
      this.onArrival?.({ kind: 'assigned', conversationId: e.conversation.id, buyerNick: e.conversation.buyer_nick });
    });
    s.on('conversation:removed', (e: { id: number }) => this.drop(e.id));
    s.on('queue', (e: { queued: number; waiting?: number }) => this.patch({ queue: { ...this.state.queue, ...e } }));
    s.on('agent:status', (e: { account_id: number; status: AgentStatus }) => {
      const me = this.state.me;
      if (me && me.account_id === e.account_id) this.patch({ me: { ...me, status: e.status } });
    });
    s.on('suspend:decided', (e: { request: { status: string; note: string | null } }) => {
      this.patch({ suspendDecision: { status: e.request.status, note: e.request.note } });
    });
  }

  connect() {
    if (!this.socket.active) this.socket.connect();
  }

  close() {
    if (warm === this) warm = undefined;
    this.socket.disconnect();
    for (const t of this.readTimers.values()) clearTimeout(t);
    this.readTimers.clear();
  }

  /** On every (re)connection: my status and conversations, then whatever the open threads missed meanwhile. */
  private async hello() {
    // The queue's length is asked alongside, not after, the workbench's own answer.
    void get<{ queued: number; waiting: number }>('/api/routing/queue')
      .then((q) => this.patch({ queue: { queued: q.queued, waiting: q.waiting } }), () => {});
    const r = await request<{ agent: NonNullable<AgentState['me']>; conversations: (Conversation & { last_message: ChatMessage | null })[] }>(this.socket, 'workbench');
    this.patch({ connection: 'online', me: r.agent });
    const gone = this.state.order.filter((id) => !r.conversations.some((c) => c.id === id));
    for (const id of gone) this.drop(id);
    this.adopt(r.conversations);
    const cursors = Object.values(this.state.threads)
      .filter((t) => t.loaded && r.conversations.some((c) => c.id === t.conversation.id))
      .map((t) => ({ conversation_id: t.conversation.id, after_seq: t.messages.at(-1)?.seq ?? 0 }));
    if (cursors.length) {
      const synced = await request<{ conversations: { messages: ChatMessage[] }[] }>(this.socket, 'sync', { cursors });
      this.received(synced.conversations.flatMap((c) => c.messages));
    }
  }

  select(id: number | null) {
    this.patch({ selected: id });
    if (id !== null) {
      const t = this.state.threads[id];
      if (t && !t.loaded) void this.loadOlder(id);
      this.markRead(id);
    }
  }

  /** A conversation not in my list (ended, or a teammate's) opened read-only. */
  view(conversation: Conversation) {
    if (!this.state.threads[conversation.id]) {
      this.patch({ threads: { ...this.state.threads, [conversation.id]: emptyThread(conversation, 0) } });
    }
    this.select(conversation.id);
  }

  async loadOlder(id: number) {
    const t = this.state.threads[id];
    if (!t) return;
    const before = t.messages[0]?.seq;
    const page = await request<{ messages: ChatMessage[]; has_more: boolean }>(this.socket, 'history', {
      conversation_id: id, limit: HISTORY_PAGE, ...(before !== undefined ? { before_seq: before } : {}),
    });
    this.updateThread(id, (cur) => ({
      ...cur, loaded: true, hasOlder: page.has_more, messages: mergeMessages(page.messages, cur.messages),
      last: cur.last ?? page.messages.at(-1),
    }));
  }

  async send(id: number, out: Outgoing) {
    const client_msg_id = newClientMsgId();
    const { kind, ...payload } = out;
    const pending: OutgoingMessage = { client_msg_id, kind, payload, state: 'sending', created_at: new Date().toISOString() };
    this.updateThread(id, (t) => ({ ...t, outgoing: [...t.outgoing, pending] }));
    await this.deliver(id, pending);
  }

  /** Sends again with the same client id: the server stores it at most once. */
  retry(id: number, clientMsgId: string) {
    const pending = this.state.threads[id]?.outgoing.find((o) => o.client_msg_id === clientMsgId);
    if (!pending) return;
    const again = { ...pending, state: 'sending' as const, error: undefined };
    this.updateThread(id, (t) => ({ ...t, outgoing: t.outgoing.map((o) => (o.client_msg_id === clientMsgId ? again : o)) }));
    void this.deliver(id, again);
  }

  private async deliver(id: number, pending: OutgoingMessage) {
    try {
      const r = await request<{ message: ChatMessage }>(this.socket, 'message:send', {
        conversation_id: id, kind: pending.kind, client_msg_id: pending.client_msg_id, ...pending.payload,
      });
      this.received([r.message]);
      this.markRead(id);
    } catch (err) {
      const error = err instanceof ApiError ? err.message : String(err);
      this.updateThread(id, (t) => ({
        ...t, outgoing: t.outgoing.map((o) => (o.client_msg_id === pending.client_msg_id ? { ...o, state: 'failed', error } : o)),
      }));
    }
  }

  typing(id: number, typing: boolean) {
    if (this.state.threads[id]?.conversation.agent_id === this.state.me?.account_id) {
      void request(this.socket, 'typing', { conversation_id: id, typing }).catch(() => {});
    }
  }

  /** Read marks are sent at most every half second per conversation. */
  markRead(id: number) {
    const t = this.state.threads[id];
    if (!t || document.hidden) return;
    if (t.unread) this.updateThread(id, (cur) => ({ ...cur, unread: 0 }));
    const seq = t.last?.seq ?? t.conversation.last_seq;
    if (!seq || (t.conversation.agent_read_seq ?? 0) >= seq || this.readTimers.has(id)) return;
    if (t.conversation.agent_id !== this.state.me?.account_id) return;
    this.readTimers.set(id, setTimeout(() => {
      this.readTimers.delete(id);
      const now = this.state.threads[id];
      const latest = now?.last?.seq ?? seq;
      void request<{ seq: number }>(this.socket, 'read', { conversation_id: id, seq: latest })
        .then((r) => this.updateThread(id, (cur) => ({ ...cur, conversation: { ...cur.conversation, agent_read_seq: r.seq } })))
        .catch(() => {});
    }, 500));
  }

  inviteRating(id: number) {
    return request(this.socket, 'rating:invite', { conversation_id: id });
  }

  /** Messages arrive live, from a history page, or from a resend's acknowledgement: each seq is kept once. */
  private received(messages: ChatMessage[]) {
    const byConversation = new Map<number, ChatMessage[]>();
    for (const m of messages) byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m]);
    for (const [id, list] of byConversation) {
      const t = this.state.threads[id];
      if (!t) continue;
      const known = t.last?.seq ?? t.conversation.last_seq;
      const fresh = list.filter((m) => m.seq > known);
      const newest = list.reduce((a, b) => (b.seq > a.seq ? b : a));
      const fromBuyer = fresh.filter((m) => m.sender === 'buyer');
      const watching = this.state.selected === id && !document.hidden;
      this.updateThread(id, (cur) => ({
        ...cur,
        messages: cur.loaded ? mergeMessages(cur.messages, list) : cur.messages,
        outgoing: cur.outgoing.filter((o) => !list.some((m) => m.client_msg_id === o.client_msg_id && m.sender === 'agent')),
        last: !cur.last || newest.seq > cur.last.seq ? newest : cur.last,
        conversation: { ...cur.conversation, last_seq: Math.max(cur.conversation.last_seq, newest.seq) },
        unread: watching ? 0 : cur.unread + fromBuyer.length,
        buyerTyping: fromBuyer.length ? false : cur.buyerTyping,
      }));
      if (fromBuyer.length) {
        this.bump(id);
        if (watching) this.markRead(id);
        this.onArrival?.({ kind: 'message', conversationId: id, buyerNick: t.conversation.buyer_nick, message: fromBuyer.at(-1) });
      }
    }
  }

  private adopt(conversations: (Conversation & { last_message?: ChatMessage | null })[], handover?: Thread['handover']) {
    const threads = { ...this.state.threads };
    const order = [...this.state.order];
    for (const c of conversations) {
      const cur = threads[c.id];
      const unread = Math.max(0, Number(c.last_seq) - Number(c.agent_read_seq ?? 0));
      const { last_message: lastMessage, ...row } = c;
      const next = cur
        ? { ...cur, conversation: { ...cur.conversation, ...row }, ...(handover ? { handover } : {}) }
        : { ...emptyThread(row, unread), ...(handover ? { handover } : {}) };
      if (lastMessage && (!next.last || lastMessage.seq > next.last.seq)) next.last = lastMessage;
      threads[c.id] = next;
      if (!order.includes(c.id)) order.unshift(c.id);
    }
    this.patch({ threads, order });
  }

  private drop(id: number) {
    const t = this.state.threads[id];
    const order = this.state.order.filter((x) => x !== id);
    // The open conversation stays readable; any other is forgotten.
    if (t && this.state.selected === id) {
      this.patch({ order, threads: { ...this.state.threads, [id]: { ...t, conversation: { ...t.conversation, status: 'ended', agent_id: null } } } });
    } else {
      const { [id]: _gone, ...threads } = this.state.threads;
      this.patch({ order, threads });
    }
  }

  private bump(id: number) {
    if (this.state.order[0] === id || !this.state.order.includes(id)) return;
    this.patch({ order: [id, ...this.state.order.filter((x) => x !== id)] });
  }

  private updateThread(id: number, change: (t: Thread) => Thread) {
    const t = this.state.threads[id];
    if (t) this.patch({ threads: { ...this.state.threads, [id]: change(t) } });
  }

  private patch(p: Partial<AgentState>) {
    this.set({ ...this.state, ...p });
  }
}

let warm: AgentChat | undefined;

/**
 * Opens the workbench's connection before its page has rendered (main.tsx calls it on a first load of /workbench),
 * so the agent's status and conversations are on their way meanwhile.
 */
export function preconnectAgentChat() {
  warm ??= new AgentChat();
  warm.connect();
}

/** The connection opened ahead of the page, until it is closed; otherwise a new one, opened by `connect()`. */
export function takeAgentChat() {
  return warm ?? new AgentChat();
}

function emptyThread(conversation: Conversation, unread: number): Thread {
  return { conversation, messages: [], outgoing: [], loaded: false, hasOlder: true, buyerTyping: false, unread };
}
