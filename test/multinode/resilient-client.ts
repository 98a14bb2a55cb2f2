import { io, type Socket } from 'socket.io-client';

/**
 * A chat client as the storefront and the workbench write them: every message keeps its id until acknowledged and
 * is sent again after a timeout or a reconnect; a reconnecting client names the last seq it saw.
 */
export class ResilientClient {
  readonly socket: Socket;
  readonly acked = new Map<string, number>(); // client id → seq
  readonly received = new Map<number, string>(); // seq → client id, as delivered live or on resume
  private pending = new Map<string, Record<string, unknown>>();
  lastSeq = 0;

  constructor(base: string, ns: string, cookie: string, private readonly auth: Record<string, unknown>, private readonly from: string) {
    this.socket = io(`${base}${ns}`, {
      transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300,
      // Resume from the last message seen, on every (re)connect.
      auth: (cb) => cb({ ...this.auth, last_seq: this.lastSeq }),
    });
    const take = (m: { seq: number; client_msg_id: string; sender: string }) => {
      if (m.sender === this.from) return;
      this.received.set(m.seq, m.client_msg_id);
      this.lastSeq = Math.max(this.lastSeq, m.seq);
    };
    this.socket.on('message', take);
    this.socket.on('messages', (page: { messages: Parameters<typeof take>[0][] }) => page.messages.forEach(take));
    this.socket.on('connect', () => {
      for (const [id, payload] of this.pending) this.trySend(id, payload);
    });
  }

  send(id: string, payload: Record<string, unknown>) {
    this.pending.set(id, payload);
    this.trySend(id, payload);
  }

  private trySend(id: string, payload: Record<string, unknown>) {
    if (!this.socket.connected) return;
    this.socket.timeout(1500).emitWithAck('message:send', { ...payload, client_msg_id: id }).then(
      (ack: { ok: boolean; message: { seq: number } }) => {
        if (!ack.ok) throw new Error(JSON.stringify(ack));
        this.acked.set(id, ack.message.seq);
        this.pending.delete(id);
      },
      () => setTimeout(() => this.pending.has(id) && this.trySend(id, payload), 200),
    );
  }

  get unacked() {
    return this.pending.size;
  }
}
