import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { XiaoerApp } from '../../src/app.ts';

/** Listens on a free port of the loopback address; returns the base URL. */
export async function listen(app: XiaoerApp) {
  if (!app.http.server.listening) await app.http.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
}

/** A real Socket.IO client that records every event it receives from the first one on. */
export class TestSocket {
  readonly events: [string, any][] = [];
  private waiters: { event: string; match: (e: any) => boolean; resolve: (e: any) => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((event: string, data: any) => {
      this.events.push([event, data]);
      for (const w of [...this.waiters]) {
        if (w.event === event && w.match(data)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(data);
        }
      }
    });
  }

  seen(event: string) {
    return this.events.filter(([e]) => e === event).map(([, d]) => d);
  }

  /** The first event of a kind (already received or still to come) that matches. */
  next(event: string, match: (e: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    const found = this.seen(event).find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${event}' event matched within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ event, match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  /** A request with an acknowledgement, as the clients make them. */
  ask(event: string, payload?: unknown, timeoutMs = 5000): Promise<any> {
    const s = this.socket.timeout(timeoutMs);
    return payload === undefined ? s.emitWithAck(event) : s.emitWithAck(event, payload);
  }

  close() {
    this.socket.close();
  }
}

/** Connects with the browser's session cookie; resolves once connected, rejects with the refusal's data. */
export function connect(base: string, namespace: '/buyer' | '/agent', cookie: string, auth: Record<string, unknown> = {}) {
  const socket = io(`${base}${namespace}`, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    auth,
    reconnection: false,
    forceNew: true,
  });
  const test = new TestSocket(socket);
  return new Promise<TestSocket>((resolve, reject) => {
    socket.once('connect', () => resolve(test));
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      reject(err);
    });
  });
}

let counter = 0;
export const clientId = () => `c${Date.now().toString(36)}${(counter++).toString(36)}`;
