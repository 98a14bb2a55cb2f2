import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Balancer } from './balancer.ts';
import { addAgent, addBuyer, cluster, signUpShop, type Node } from './cluster.ts';
import { ResilientClient } from './resilient-client.ts';

/*
 * The deployment of README "From one machine to many": three nodes on one PostgreSQL and one Redis, behind a load
 * balancer. Buyers and agents chat through the balancer while one node is killed (SIGKILL) and restarted, and the
 * unpaid trades' auto-close timers fall due meanwhile.
 */
const AGENTS = 3;
const BUYERS = 12;
const ROUNDS = 40;

let nodes: Node[];
let balancer: Balancer;
let db: pg.Client;
beforeAll(async () => {
  nodes = await cluster(3, {
    XIAOER_CHAT_RATE_BUYER_MESSAGES: '100000', XIAOER_CHAT_RATE_AGENT_MESSAGES: '100000',
    // An agent whose node dies reconnects through the balancer within a second: well inside the grace period.
    XIAOER_AGENT_OFFLINE_GRACE_MS: '60000', XIAOER_JOB_POLL_MS: '100',
  });
  balancer = await new Balancer(() => nodes.filter((n) => n.child.exitCode === null && !n.child.signalCode).map((n) => n.port)).start();
  db = new pg.Client({ connectionString: inject('pgUrl') });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await balancer?.close();
  await db?.end();
  await Promise.all(nodes?.map((n) => n.kill('SIGTERM')) ?? []);
});

/** The workbench's side: many conversations on one socket; on every reconnect it asks for what it missed in each. */
class AgentDesk {
  readonly socket: Socket;
  readonly conversations = new Set<number>();
  readonly acked = new Map<string, { cid: number; seq: number }>();
  readonly received = new Map<number, Set<number>>(); // conversation → seqs seen from the buyer
  private readonly cursors = new Map<number, number>();
  private readonly pending = new Map<string, Record<string, unknown>>();

  constructor(base: string, cookie: string) {
    this.socket = io(`${base}/agent`, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
    this.socket.on('conversation:assigned', (e: { conversation: { id: number } }) => this.conversations.add(e.conversation.id));
    this.socket.on('message', (m: Msg) => this.take(m));
    this.socket.on('connect', () => void this.resume());
  }

  private take(m: Msg) {
    if (m.sender !== 'buyer') return;
    const seen = this.received.get(m.conversation_id) ?? new Set();
    this.received.set(m.conversation_id, seen.add(m.seq));
    this.cursors.set(m.conversation_id, Math.max(this.cursors.get(m.conversation_id) ?? 0, m.seq));
  }

  private async resume() {
    const cursors = [...this.conversations].map((id) => ({ conversation_id: id, after_seq: this.cursors.get(id) ?? 0 }));
    if (cursors.length) {
      const r = await this.socket.timeout(3000).emitWithAck('sync', { cursors }).catch(() => undefined);
      for (const c of r?.conversations ?? []) for (const m of c.messages) this.take({ ...m, conversation_id: c.conversation_id });
    }
    for (const [id, payload] of this.pending) this.trySend(id, payload);
  }

  send(id: string, payload: Record<string, unknown>) {
    this.pending.set(id, payload);
    this.trySend(id, payload);
  }

  private trySend(id: string, payload: Record<string, unknown>) {
    if (!this.socket.connected) return;
    this.socket.timeout(1500).emitWithAck('message:send', { ...payload, client_msg_id: id }).then(
      (ack: { ok: boolean; message: { seq: number; conversation_id: number } }) => {
        if (!ack.ok) throw new Error(JSON.stringify(ack));
        this.acked.set(id, { cid: ack.message.conversation_id, seq: ack.message.seq });
        this.pending.delete(id);
      },
      () => setTimeout(() => this.pending.has(id) && this.trySend(id, payload), 200),
    );
  }

  get unacked() {
    return this.pending.size;
  }
}
interface Msg { conversation_id: number; seq: number; sender: string; client_msg_id: string }

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('three nodes behind a load balancer, one killed and restarted under chat load', () => {
  it('delivers every acknowledged message exactly once, assigns each conversation once, fires each timer once', async () => {
    const base = balancer.base;
    const shop = await signUpShop(base);
    const shopId = Number((await db.query('select id from shops where name = $1', [shop.name])).rows[0].id);
    const { item } = await shop.owner.call('POST', '/api/items', {
      title: '保温杯', skus: [{ properties_name: '颜色:白', price: 5900, quantity: 1000 }],
    });
    const agents = await Promise.all(Array.from({ length: AGENTS }, () => addAgent(base, shop)));
    const desks = agents.map((a) => new AgentDesk(base, a.client.cookie));
    for (const d of desks) {
      await expect.poll(async () => (await d.socket.timeout(2000).emitWithAck('workbench').catch(() => undefined))?.agent?.status).toBe('online');
    }

    // Each buyer leaves an unpaid trade (its auto-close timer) and opens a chat.
    const buyers = await Promise.all(Array.from({ length: BUYERS }, () => addBuyer(base)));
    const tids: number[] = [];
    for (const b of buyers) {
      const { tid } = await b.client.call('POST', `/api/storefront/${shop.name}/trades`, {
        receiver_name: '王小二', receiver_mobile: '13800000000', receiver_state: '浙江省', receiver_city: '杭州市',
        receiver_district: '西湖区', receiver_address: '文三路 1 号', orders: [{ num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 }],
      });
      tids.push(tid);
    }
    const chats = buyers.map((b) => new ResilientClient(base, '/buyer', b.client.cookie, { shop: shop.name }, 'buyer'));
    const chatOf = new Map<number, ResilientClient>();
    for (const c of chats) c.socket.on('conversation', (e: { id: number }) => chatOf.set(e.id, c));
    chats.forEach((c, i) => c.send(`open${i}`, { kind: 'text', text: '在吗' }));
    await expect.poll(() => desks.reduce((n, d) => n + d.conversations.size, 0), { timeout: 20_000 }).toBe(BUYERS);
    const conversationOf = new Map<number, AgentDesk>();
    for (const d of desks) for (const cid of d.conversations) conversationOf.set(cid, d);

    // The timers fall due while the nodes are being killed: whichever node claims each one, it fires once.
    await db.query(`update jobs set run_at = now() where kind = 'trade.auto_close' and key = any($1::text[])`, [tids.map(String)]);

    const victim = nodes[1]!;
    for (let round = 0; round < ROUNDS; round++) {
      chats.forEach((c, i) => c.send(`b${i}-${round}`, { kind: 'text', text: `买家 ${i} 第 ${round} 句` }));
      for (const [cid, desk] of conversationOf) desk.send(`a${cid}-${round}`, { conversation_id: cid, kind: 'text', text: `客服回复 ${round}` });
      if (round === 12) await victim.kill('SIGKILL');
      if (round === 24) await victim.start();
      await pause(25);
    }
    await expect.poll(() => [...chats, ...desks].reduce((n, c) => n + c.unacked, 0), { timeout: 30_000 }).toBe(0);

    // Exactly once: every acknowledged id is stored once, under the seq its sender was told.
    const stored = await db.query<{ conversation_id: string; seq: string; client_msg_id: string }>(
      'select conversation_id, seq, client_msg_id from messages where shop_id = $1', [shopId]);
    const byId = new Map<string, number>();
    for (const r of stored.rows) {
      expect(byId.has(r.client_msg_id), r.client_msg_id).toBe(false);
      byId.set(r.client_msg_id, Number(r.seq));
    }
    for (const c of chats) for (const [id, seq] of c.acked) expect(byId.get(id), id).toBe(seq);
    for (const d of desks) for (const [id, a] of d.acked) expect(byId.get(id), id).toBe(a.seq);
    expect(chats.reduce((n, c) => n + c.acked.size, 0)).toBe(BUYERS * (ROUNDS + 1));
    expect(desks.reduce((n, d) => n + d.acked.size, 0)).toBe(BUYERS * ROUNDS);

    // Delivered: each side has every message the other side had acknowledged (live, or on resuming).
    await expect.poll(() => {
      let missing = 0;
      for (const [cid, desk] of conversationOf) {
        const chat = chatOf.get(cid)!;
        for (const [id, seq] of chat.acked) if (!id.startsWith('open') && !desk.received.get(cid)?.has(seq)) missing++;
        for (const a of desk.acked.values()) if (a.cid === cid && !chat.received.has(a.seq)) missing++;
      }
      return missing;
    }, { timeout: 15_000 }).toBe(0);

    // Assigned once: one assignment per conversation, to the agent who has it.
    const assignments = await db.query<{ conversation_id: string; agent_id: string }>(
      'select conversation_id, agent_id from conversation_assignments where shop_id = $1', [shopId]);
    expect(assignments.rows).toHaveLength(BUYERS);
    for (const r of assignments.rows) expect(conversationOf.get(Number(r.conversation_id))).toBe(desks[agents.findIndex((a) => a.id === Number(r.agent_id))]);

    // Each timer fired once: every trade closed, by exactly one audit row.
    await expect.poll(async () => (await db.query(
      `select count(*)::int as n from trades where tid = any($1::bigint[]) and status = 'TRADE_CLOSED_BY_TAOBAO'`, [tids])).rows[0].n,
    { timeout: 15_000 }).toBe(BUYERS);
    const fired = await db.query<{ entity_id: string; n: number }>(
      `select entity_id, count(*)::int as n from audit_log where action = 'trade.auto_close' and entity_id = any($1::text[]) group by entity_id`,
      [tids.map(String)]);
    expect(fired.rows).toHaveLength(BUYERS);
    for (const r of fired.rows) expect(r.n, r.entity_id).toBe(1);

    for (const c of [...chats, ...desks]) c.socket.close();
  });
});
