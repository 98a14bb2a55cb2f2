import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { DELIVER as BROADCAST_JOB } from '../../src/modules/broadcasts/index.ts';
import { verifyWebhookSignature, WEBHOOK_DELIVERY_JOB } from '../../src/modules/integration/index.ts';
import { MessageWebhooks } from '../../src/modules/integration/message-webhooks.ts';
import { chatShop, openAgent, openBuyer, say } from '../chat/helpers.ts';
import type { Client } from '../support/client.ts';
import { newBuyer, newShop, ok } from '../support/factories.ts';
import { createTestApp, testDatabase, type TestApp } from '../support/harness.ts';
import { clientId } from '../support/sockets.ts';
import { Receiver } from './receiver.ts';

/*
 * The job table is shared with the test files running beside this one (on PostgreSQL). This file lives in an era of
 * its own, before theirs, so its runDue never sends another file's deliveries; another file's runner may send one
 * of these, so what the receiver gets is waited for, and signatures are checked against their own timestamp.
 */
const ERA = new Date('2020-06-01T00:00:00Z');

let app: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(ERA);
  receiver = await Receiver.start();
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});

/** Lets the recorders finish, then runs the delivery timers due now. */
async function deliver(a: TestApp = app) {
  await a.integration.idle();
  await a.jobs.runDue(a.clock.now(), 1000, [WEBHOOK_DELIVERY_JOB]);
  await a.integration.idle();
}

async function hook(owner: Client, events: string[]) {
  const body = await ok(owner.post('/api/integration/webhooks', { url: receiver.url, events }), 201);
  return { id: body.webhook.id as number, secret: body.secret as string };
}

const received = (shopId: number) => receiver.events('message.created').filter((r) => r.json.shop_id === shopId);
const arrived = (shopId: number, n: number) => expect.poll(() => received(shopId).length, { timeout: 10_000 }).toBe(n);

function signed(secret: string, r: { headers: Record<string, unknown>; body: string }) {
  const timestamp = r.headers['x-xiaoer-timestamp'] as string;
  return verifyWebhookSignature(secret, { timestamp, signature: r.headers['x-xiaoer-signature'] as string }, r.body,
    new Date(Number(timestamp) * 1000));
}

async function deliveryRows(shopId: number) {
  const { rows } = await sql<{ webhook_id: number; source_key: string; event_type: string }>`
    select webhook_id, source_key, event_type from webhook_deliveries where shop_id = ${shopId} order by id`.execute(app.ctx.database.db);
  return rows;
}

/** A shop with a listening server, an agent online and a buyer whose first message the agent was given. */
async function chatting(events?: string[]) {
  const shop = await chatShop(app);
  const h = events ? await hook(shop.owner, events) : undefined;
  const agent = await openAgent(app, shop);
  const buyer = await openBuyer(app, shop);
  const first = await say(buyer.socket, '在吗？');
  await agent.socket.next('conversation:assigned');
  const cid = first.conversation_id as number;
  const reply = async (text: string) => {
    const ack = await agent.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), kind: 'text', text });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    return ack.message;
  };
  const close = () => [buyer, agent].forEach((s) => s.socket.close());
  return { shop, h, agent, buyer, cid, first, reply, close };
}

describe('message.created webhooks', () => {
  it('deliver every message of a chat once, signed, with its sender, buyer and agent', async () => {
    const c = await chatting(['message.*']);
    const trades = await hook(c.shop.owner, ['trade.*']);
    await c.reply('在的，您好');
    const emoji = await c.agent.socket.ask('message:send', { conversation_id: c.cid, client_msg_id: clientId(), kind: 'emoji', code: '微笑' });
    expect(emoji.ok).toBe(true);
    await say(c.buyer.socket, '<b>发货</b>了吗');
    await ok(c.agent.client.post(`/api/conversations/${c.cid}/end`)); // a system message
    await deliver();

    const history = (await c.agent.socket.ask('history', { conversation_id: c.cid })).messages;
    expect(history.map((m: any) => m.sender)).toEqual(['buyer', 'agent', 'agent', 'buyer', 'system']);
    await arrived(c.shop.shopId, 5);
    const got = received(c.shop.shopId).sort((a, b) => a.json.data.seq - b.json.data.seq);
    expect(got.map((r) => r.json.data.seq)).toEqual(history.map((m: any) => m.seq));
    for (const r of got) {
      expect(signed(c.h!.secret, r)).toBe(true);
      expect(signed(trades.secret, r)).toBe(false);
      expect(r.headers).toMatchObject({ 'x-xiaoer-event': 'message.created', 'x-xiaoer-attempt': '1' });
      expect(r.json).toMatchObject({ event: 'message.created', event_id: null, shop_id: c.shop.shopId, test: false });
    }
    const data = got.map((r) => r.json.data);
    const buyerSide = { conversation_id: c.cid, buyer_id: c.buyer.id, buyer_nick: c.buyer.nick };
    // The first message came before any agent served the conversation.
    expect(data[0]).toEqual({
      ...buyerSide, seq: 1, client_msg_id: c.first.client_msg_id, sender: 'buyer', sender_id: c.buyer.id,
      sender_name: c.buyer.nick, kind: 'text', body: { text: '在吗？' }, created_at: history[0].created_at, agent_id: null,
    });
    expect(data[1]).toMatchObject({
      ...buyerSide, seq: 2, sender: 'agent', sender_id: c.agent.id, sender_name: c.agent.login, kind: 'text',
      body: { text: '在的，您好' }, agent_id: c.agent.id,
    });
    expect(data[2]).toMatchObject({ seq: 3, sender: 'agent', kind: 'emoji', body: { code: '微笑' } });
    expect(data[3]).toMatchObject({ seq: 4, sender: 'buyer', body: { text: '<b>发货</b>了吗' }, agent_id: c.agent.id });
    // A system message: the conversation has ended, nobody serves it any more.
    expect(data[4]).toMatchObject({
      ...buyerSide, seq: 5, sender: 'system', sender_id: null, kind: 'system', body: { event: 'ended', by: 'agent' }, agent_id: null,
    });

    const log = async () => (await ok(c.shop.owner.get(`/api/integration/webhooks/${c.h!.id}/deliveries`))).deliveries
      .map((d: any) => `${d.event}:${d.status}:${d.attempts}`);
    await expect.poll(log, { timeout: 10_000 }).toEqual(Array(5).fill('message.created:delivered:1'));
    expect((await ok(c.shop.owner.get(`/api/integration/webhooks/${trades.id}/deliveries`))).deliveries).toEqual([]);
    c.close();
  });

  it('deliver a message once whatever the resends, and however many nodes record it', async () => {
    const c = await chatting(['*']);
    const id = clientId();
    const send = () => c.buyer.socket.ask('message:send', { kind: 'text', client_msg_id: id, text: '重发' });
    // The same message three times at once (the first still waiting), then once more after it was stored.
    const acks = [...await Promise.all([send(), send(), send()]), await send()];
    expect(acks.every((a) => a.ok && a.message.seq === 2)).toBe(true);
    expect(acks.filter((a) => !a.duplicate)).toHaveLength(1);
    await deliver();
    // Four more nodes that heard of messages 1 and 2 (a broadcast's progress is heard by every node, for one).
    const nodes = [1, 2, 3, 4].map(() => new MessageWebhooks(app.ctx));
    nodes.forEach((n) => n.start());
    const stored = [1, 2].map((seq) => ({ shopId: c.shop.shopId, conversationId: c.cid, seq }));
    nodes.forEach((n) => n.stored(stored));
    app.integration.messagesStored(stored);
    await Promise.all(nodes.map((n) => n.stop()));
    await deliver();

    expect((await deliveryRows(c.shop.shopId)).map((d) => d.source_key)).toEqual([`message:${c.cid}:1`, `message:${c.cid}:2`]);
    await arrived(c.shop.shopId, 2);
    expect(received(c.shop.shopId).map((r) => r.json.data.seq).sort()).toEqual([1, 2]);
    c.close();
  });

  it('record nothing for a shop without a message webhook', async () => {
    const withTrades = await chatting(['trade.changed', 'refund.*']);
    const without = await chatting();
    for (const c of [withTrades, without]) {
      await c.reply('您好');
      await say(c.buyer.socket, '好的');
      await ok(c.agent.client.post(`/api/conversations/${c.cid}/end`));
    }
    await deliver();
    expect(await deliveryRows(withTrades.shop.shopId)).toEqual([]);
    expect(await deliveryRows(without.shop.shopId)).toEqual([]);
    expect(received(withTrades.shop.shopId)).toEqual([]);
    [withTrades, without].forEach((c) => c.close());
  });

  it('stop with the next batch once the webhook is switched off, and start again when it is switched on', async () => {
    const c = await chatting(['message.created']);
    await deliver();
    expect(await deliveryRows(c.shop.shopId)).toHaveLength(1);

    await ok(c.shop.owner.patch(`/api/integration/webhooks/${c.h!.id}`, { enabled: false }));
    const quiet = await c.reply('这条不推送');
    // A node that has not read its list yet sends every message to the database, which finds no webhook switched on.
    const unread = new MessageWebhooks(app.ctx);
    unread.stored([{ shopId: c.shop.shopId, conversationId: c.cid, seq: quiet.seq }]);
    await unread.idle();
    await deliver();
    expect(await deliveryRows(c.shop.shopId)).toHaveLength(1);

    await ok(c.shop.owner.patch(`/api/integration/webhooks/${c.h!.id}`, { enabled: true }));
    const again = await c.reply('这条推送');
    await deliver();
    expect((await deliveryRows(c.shop.shopId)).map((d) => d.source_key)).toEqual([`message:${c.cid}:1`, `message:${c.cid}:${again.seq}`]);

    await ok(c.shop.owner.patch(`/api/integration/webhooks/${c.h!.id}`, { events: ['trade.*'] }));
    await say(c.buyer.socket, '改了事件');
    await ok(c.shop.owner.request('DELETE', `/api/integration/webhooks/${c.h!.id}`));
    await say(c.buyer.socket, '删了');
    await deliver();
    expect(await deliveryRows(c.shop.shopId)).toHaveLength(2);
    await arrived(c.shop.shopId, 2);
    expect(received(c.shop.shopId).map((r) => r.json.data.seq)).toEqual([1, again.seq]);
    c.close();
  });

  it('carry broadcast messages, sent by the shop as system messages', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['message.*']);
    const buyers = [await newBuyer(app), await newBuyer(app)];
    const tag = (await ok(shop.owner.post('/api/customers/tags', { name: `活动${clientId()}` }), 201)).tag;
    for (const b of buyers) {
      await ok(b.client.get(`/api/buyer/chat/${shop.name}`));
      await ok(shop.owner.patch(`/api/customers/${b.nick}`, { tag_ids: [tag.id] }));
    }
    const rule = { tag_ids: [tag.id] };
    const { segment } = await ok(shop.owner.post('/api/customers/segments', { name: `群${tag.name}`, rule }), 201);
    const text = '{买家}，上新了';
    const { broadcast } = await ok(shop.owner.post('/api/broadcasts', { segment_id: segment.id, text, rate_per_minute: 600 }), 201);
    await app.jobs.runDue(app.clock.now(), 1000, [BROADCAST_JOB]);
    await deliver();

    await arrived(shop.shopId, 2);
    const got = received(shop.shopId).map((r) => r.json);
    expect(got.map((j) => j.data.buyer_nick).sort()).toEqual(buyers.map((b) => b.nick).sort());
    for (const j of got) {
      expect(j.data).toMatchObject({ sender: 'system', sender_id: null, kind: 'text', seq: 1, agent_id: null,
        body: { text: `${j.data.buyer_nick}，上新了`, broadcast_id: broadcast.id } });
    }
    expect(received(shop.shopId).every((r) => signed(h.secret, r))).toBe(true);
  });

  it('add no statement to the writer for a shop without one, and one per batch for a shop with one', async () => {
    // Every statement this app sends, counted as Kysely builds it (the writer's are all built through Kysely).
    const statements: string[] = [];
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        if (counting) statements.push(args.node.kind === 'RawNode' ? args.node.sqlFragments.join('?') : args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    let counting = false;
    const base = await testDatabase();
    const clock = new ManualClock(ERA);
    // An app of its own over the worker's database: api role only, so no background work shares the count.
    const counted = Object.assign(await createApp({
      config: loadConfig({ logLevel: 'silent', signupsPerMinute: 100_000, roles: ['api'] }, {}),
      database: { engine: base.engine, db: base.db.withPlugin(counter), close: async () => {} },
      bus: new MemoryBus(),
      clock,
    }), { clock });
    try {
      const [quiet, hooked] = [await newShop(counted), await newShop(counted)];
      const h = await hook(hooked.owner, ['message.*']);
      const conversation = async (shopId: number) => {
        const b = await newBuyer(counted);
        const { rows } = await sql<{ id: number }>`insert into conversations (shop_id, buyer_id, buyer_nick)
          values (${shopId}, ${b.id}, ${b.nick}) returning id`.execute(base.db);
        return { shopId, b, id: rows[0].id };
      };
      const batch = async (c: Awaited<ReturnType<typeof conversation>>, n: number) => {
        await counted.integration.idle();
        statements.length = 0;
        counting = true;
        const results = await Promise.all(Array.from({ length: n }, (_, i) => counted.chat.writer.write({
          conversationId: c.id, shopId: c.shopId, senderKind: 'buyer', senderId: c.b.id, senderName: c.b.nick,
          clientMsgId: `n${i}`, kind: 'text', body: { text: `#${i}` },
        })));
        await counted.integration.idle();
        counting = false;
        expect(results.every((r) => r.ok && !r.duplicate)).toBe(true);
        return [...statements];
      };

      const [q, withHook] = [await conversation(quiet.shopId), await conversation(hooked.shopId)];
      const store = expect.stringContaining('chat_store_messages');
      expect(await batch(q, 50)).toEqual([store]);
      expect(await batch(withHook, 50)).toEqual([store, expect.stringContaining('insert into webhook_deliveries')]);
      expect(await deliveryRows(hooked.shopId)).toHaveLength(50);
      expect(await deliveryRows(quiet.shopId)).toEqual([]);
      // Nothing is left for a runner to send: the deliveries are dropped, and their timers fire empty.
      await ok(hooked.owner.request('DELETE', `/api/integration/webhooks/${h.id}`));
      await counted.jobs.runDue(clock.now(), 1000, [WEBHOOK_DELIVERY_JOB]);
    } finally {
      await counted.close();
    }
  });
});
