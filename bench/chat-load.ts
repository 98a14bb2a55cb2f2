import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { Seeded } from './chat-setup.ts';

/** One side's connection, whatever the server: send with an acknowledgement, hear messages. */
interface Conn {
  send(payload: Record<string, unknown>, onAck: (ok: boolean) => void): void;
  onMessage(cb: (m: { conversation_id: number; sender: string; body: { text: string } }) => void): void;
  close(): void;
}

export const DRAIN_MS = 300;

export interface Target {
  kind: string;
  /** Offers the rate for a warm-up and then `ms` (counted), then waits DRAIN_MS for the tail. */
  step(buyerRate: number, ms: number): Promise<{ msgPerSecond: number; p50: number; p99: number }>;
  close(): Promise<void>;
}

function socketIoConn(url: string, opts: { cookie?: string; auth: Record<string, unknown> }): Promise<Conn & { raw: ReturnType<typeof io> }> {
  const socket = io(url, {
    transports: ['websocket'], auth: opts.auth, extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
    reconnection: false, forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => resolve({
      raw: socket,
      send: (payload, onAck) => socket.emit('message:send', payload, (r: { ok: boolean }) => onAck(r.ok)),
      onMessage: (cb) => socket.on('message', cb),
      close: () => socket.close(),
    }));
  });
}

function wsConn(url: string): Promise<Conn> {
  const ws = new WebSocket(url);
  const acks = new Map<number, (ok: boolean) => void>();
  let listener: ((m: any) => void) | undefined;
  let n = 0;
  ws.on('message', (raw) => {
    const data = JSON.parse(String(raw));
    if (data.ack !== undefined) {
      acks.get(data.ack)?.(data.ok);
      acks.delete(data.ack);
    } else listener?.(data.message);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => resolve({
      send: (payload, onAck) => {
        const ack = ++n;
        acks.set(ack, onAck);
        ws.send(JSON.stringify({ ...payload, ack }));
      },
      onMessage: (cb) => (listener = cb),
      close: () => ws.close(),
    }));
  });
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>) {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)))));
  }
  return out;
}

/**
 * Connects every buyer and agent. Agents answer each buyer message at once; the buyer's text carries its send
 * time, so the agent side measures buyer→agent delivery. Acknowledged sends (stored, for Xiaoer) are counted.
 */
export async function connectTarget(o: { kind: 'xiaoer' | 'socketio' | 'ws'; base: string; seeded?: Seeded; agents: number; buyers: number }): Promise<Target> {
  let acked = 0;
  let counting = false;
  let latencies: number[] = [];
  let sent = 0;
  const onAck = (ok: boolean) => {
    if (ok && counting) acked++;
  };
  const wsBase = o.base.replace('http', 'ws');
  const agentConns = await inBatches(o.agents, 25, (k) =>
    o.kind === 'xiaoer' ? socketIoConn(`${o.base}/agent`, { cookie: o.seeded!.agentCookies[k], auth: {} })
      : o.kind === 'socketio' ? socketIoConn(`${o.base}/agent`, { auth: { id: k } })
        : wsConn(`${wsBase}/?side=agent&id=${k}`));
  let assigned = 0;
  const allAssigned = new Promise<void>((resolve) => {
    for (const a of agentConns as (Conn & { raw?: ReturnType<typeof io> })[]) {
      a.raw?.on('conversation:assigned', () => {
        if (++assigned === o.buyers) resolve();
      });
      a.onMessage((m) => {
        if (m.sender !== 'buyer') return;
        const t = Number(m.body.text.slice(1));
        if (counting) latencies.push(performance.now() - t);
        a.send({ conversation_id: m.conversation_id, kind: 'text', client_msg_id: `a${++sent}`, text: m.body.text }, onAck);
      });
    }
    if (o.kind !== 'xiaoer') resolve();
  });
  if (o.kind === 'xiaoer') await new Promise((r) => setTimeout(r, 500)); // agents go online as they connect
  const buyerConns = await inBatches(o.buyers, 100, (i) =>
    o.kind === 'xiaoer' ? socketIoConn(`${o.base}/buyer`, { cookie: o.seeded!.buyerCookies[i], auth: { shop: o.seeded!.shop } })
      : o.kind === 'socketio' ? socketIoConn(`${o.base}/buyer`, { auth: { id: i } })
        : wsConn(`${wsBase}/?side=buyer&id=${i}`));
  for (const b of buyerConns) b.onMessage(() => {});
  // Every conversation opens with one message, which routes it to an agent.
  let next = 0;
  const sendOne = () => {
    const i = next++ % buyerConns.length;
    buyerConns[i].send({ kind: 'text', client_msg_id: `b${i}-${next}`, text: `t${performance.now().toFixed(3)}` }, onAck);
  };
  for (let i = 0; i < o.buyers; i++) sendOne();
  await Promise.race([allAssigned, new Promise((_, reject) => setTimeout(() => reject(new Error(`${o.kind}: only ${assigned} of ${o.buyers} conversations were assigned`)), 60_000))]);
  await new Promise((r) => setTimeout(r, 1000));

  return {
    kind: o.kind,
    async step(buyerRate, ms) {
      const warm = 700;
      const started = performance.now();
      const firstSend = next;
      let done = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const elapsed = performance.now() - started;
          if (elapsed >= warm && !counting && done === 0) {
            counting = true;
            acked = 0;
            latencies = [];
            done = 1;
          }
          if (elapsed >= warm + ms) {
            counting = false;
            clearInterval(timer);
            return resolve();
          }
          const due = Math.floor((elapsed / 1000) * buyerRate) - (next - firstSend);
          for (let k = 0; k < due; k++) sendOne();
        }, 2);
      });
      await new Promise((r) => setTimeout(r, DRAIN_MS)); // let the tail drain before the next step
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Infinity;
      return { msgPerSecond: acked / (ms / 1000), p50: pct(0.5), p99: pct(0.99) };
    },
    async close() {
      for (const c of [...buyerConns, ...agentConns]) c.close();
      await new Promise((r) => setTimeout(r, 200));
    },
  };
}
