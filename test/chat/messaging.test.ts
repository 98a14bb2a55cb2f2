import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newItem, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clientId, connect } from '../support/sockets.ts';
import { chatShop, multipart, openAgent, openBuyer, PNG, say } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('a buyer and an agent chatting', () => {
  it('keeps a message written while nobody is online (留言) and routes it when an agent comes online', async () => {
    const shop = await chatShop(app);
    const buyer = await openBuyer(app, shop);
    const first = await say(buyer.socket, '在吗？');
    expect(first).toMatchObject({ seq: 1, sender: 'buyer', kind: 'text', body: { text: '在吗？' } });
    await buyer.socket.next('conversation', (e) => e.status === 'waiting');

    const agent = await openAgent(app, shop);
    const assigned = await agent.socket.next('conversation:assigned');
    expect(assigned.conversation).toMatchObject({ buyer_nick: buyer.nick, status: 'active', agent_id: agent.id, last_seq: 1 });
    await buyer.socket.next('conversation', (e) => e.status === 'active' && e.agent.id === agent.id);
    const history = await agent.socket.ask('history', { conversation_id: assigned.conversation.id });
    expect(history.messages.map((m: any) => m.body.text)).toEqual(['在吗？']);
    buyer.socket.close();
    agent.socket.close();
  });

  it('carries text, emoji, product and trade cards and images both ways, with typing and read state', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    await say(buyer.socket, '你好 <script>alert(1)</script>');
    const { conversation } = await agent.socket.next('conversation:assigned');
    const cid = conversation.id;
    // The text is stored and delivered as the characters typed, never turned into markup.
    expect((await agent.socket.ask('history', { conversation_id: cid })).messages[0].body.text).toBe('你好 <script>alert(1)</script>');

    const item = await newItem(shop);
    const tid = await placeTrade(shop, buyer, item);
    const send = (payload: object) => agent.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), ...payload });
    expect((await send({ kind: 'emoji', code: '微笑' })).message.body).toEqual({ code: '微笑', char: '🙂' });
    expect((await send({ kind: 'product', num_iid: item.num_iid })).message.body).toMatchObject({ num_iid: item.num_iid, title: '纯棉T恤', price: 5000 });
    expect((await send({ kind: 'trade', tid })).message.body).toMatchObject({ tid, status: 'WAIT_BUYER_PAY', payment: 25000, items: ['纯棉T恤', '纯棉T恤'] });

    const form = multipart('a.png', PNG, 'image/png');
    const upload = await app.http.inject({
      method: 'POST', url: `/api/buyer/chat/${shop.name}/uploads`, headers: { cookie: buyer.client.cookie, ...form.headers }, payload: form.payload,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const { upload_id, url } = upload.json();
    const image = await buyer.socket.ask('message:send', { kind: 'image', client_msg_id: clientId(), upload_id });
    expect(image.message.body).toMatchObject({ upload_id, mime: 'image/png', size: PNG.length });
    const got = await agent.socket.next('message', (m) => m.kind === 'image');
    expect(got.seq).toBe(image.message.seq);
    const served = await app.http.inject({ method: 'GET', url, headers: { cookie: agent.client.cookie } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(PNG)).toBe(true);

    await buyer.socket.next('message', (m) => m.kind === 'trade');
    expect(buyer.socket.seen('message').map((m) => m.kind)).toEqual(['emoji', 'product', 'trade']);

    expect((await buyer.socket.ask('typing', { typing: true })).ok).toBe(true);
    expect(await agent.socket.next('typing')).toEqual({ conversation_id: cid, side: 'buyer', typing: true });
    await agent.socket.ask('typing', { conversation_id: cid, typing: true });
    expect(await buyer.socket.next('typing')).toMatchObject({ side: 'agent', typing: true });

    const read = await buyer.socket.ask('read', { seq: 4 });
    expect(read).toEqual({ ok: true, seq: 4 });
    expect(await agent.socket.next('read')).toEqual({ conversation_id: cid, side: 'buyer', seq: 4 });
    // A read mark never goes back, nor past the last message.
    expect((await buyer.socket.ask('read', { seq: 2 })).seq).toBe(4);
    expect((await buyer.socket.ask('read', { seq: 999 })).seq).toBe(5);
    buyer.socket.close();
    agent.socket.close();
  });

  it('stores a resent message once and answers the resend with the stored copy', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const id = clientId();
    const [a, b] = await Promise.all([
      buyer.socket.ask('message:send', { kind: 'text', client_msg_id: id, text: '第一次' }),
      buyer.socket.ask('message:send', { kind: 'text', client_msg_id: id, text: '第一次' }),
    ]);
    const c = await buyer.socket.ask('message:send', { kind: 'text', client_msg_id: id, text: '重发的内容不同' });
    expect([a.message.seq, b.message.seq, c.message.seq]).toEqual([1, 1, 1]);
    expect(c).toMatchObject({ duplicate: true, message: { body: { text: '第一次' } } });
    const { conversation } = await agent.socket.next('conversation:assigned');
    const history = await agent.socket.ask('history', { conversation_id: conversation.id });
    expect(history.messages).toHaveLength(1);
    buyer.socket.close();
    agent.socket.close();
  });

  it('pages the full history and gives a reconnecting client everything after the last message it saw', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    await say(buyer.socket, '消息 1');
    const { conversation } = await agent.socket.next('conversation:assigned');
    const cid = conversation.id;
    for (let i = 2; i <= 6; i++) {
      await agent.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), kind: 'text', text: `消息 ${i}` });
    }
    await buyer.socket.next('message', (m) => m.seq === 6);
    buyer.socket.close();
    // While the buyer is away the agent writes on.
    for (let i = 7; i <= 9; i++) {
      await agent.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), kind: 'text', text: `消息 ${i}` });
    }
    const back = await connect(shop.base, '/buyer', buyer.client.cookie, { shop: shop.name, last_seq: 6 });
    const missed = await back.next('messages');
    expect(missed.messages.map((m: any) => m.seq)).toEqual([7, 8, 9]);

    const newest = await back.ask('history', { limit: 4 });
    expect(newest.messages.map((m: any) => m.seq)).toEqual([6, 7, 8, 9]);
    expect(newest.has_more).toBe(true);
    const older = await back.ask('history', { before_seq: 6, limit: 4 });
    expect(older).toMatchObject({ has_more: true });
    expect(older.messages.map((m: any) => m.seq)).toEqual([2, 3, 4, 5]);
    const http = await buyer.client.get(`/api/buyer/chat/${shop.name}/messages?before_seq=2`);
    expect(http.body.messages.map((m: any) => m.seq)).toEqual([1]);
    const agentSync = await agent.socket.ask('sync', { cursors: [{ conversation_id: cid, after_seq: 7 }] });
    expect(agentSync.conversations[0].messages.map((m: any) => m.seq)).toEqual([8, 9]);
    const agentHttp = await agent.client.get(`/api/conversations/${cid}/messages?after_seq=8`);
    expect(agentHttp.body.messages.map((m: any) => m.body.text)).toEqual(['消息 9']);
    back.close();
    agent.socket.close();
  });
});
