import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBuyer, newItem, newShop, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clientId, connect } from '../support/sockets.ts';
import { chatShop, multipart, openAgent, openBuyer, PNG, say } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function messageCount(conversationId: number) {
  const row = await app.ctx.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('what a socket may not do', () => {
  it('refuses a connection without a session, and a session of the wrong side', async () => {
    const shop = await chatShop(app);
    const buyer = await newBuyer(app);
    await expect(connect(shop.base, '/buyer', '', { shop: shop.name })).rejects.toMatchObject({ data: { code: 'NOT_LOGGED_IN' } });
    await expect(connect(shop.base, '/agent', buyer.client.cookie)).rejects.toMatchObject({ data: { code: 'NOT_LOGGED_IN' } });
    await expect(connect(shop.base, '/buyer', shop.owner.cookie, { shop: shop.name })).rejects.toMatchObject({ data: { code: 'NOT_LOGGED_IN' } });
    await expect(connect(shop.base, '/buyer', buyer.client.cookie, { shop: 'no-such-shop' })).rejects.toMatchObject({ data: { code: 'SHOP_NOT_FOUND' } });
    await expect(connect(shop.base, '/buyer', buyer.client.cookie, { shop: 42 })).rejects.toMatchObject({ data: { code: 'SHOP_REQUIRED' } });
  });

  it('answers bad payloads with an error and stores nothing', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const first = await say(buyer.socket, '你好');
    const cid = first.conversation_id;
    const bad = [
      undefined, 'text', 42, null, [], {},
      { kind: 'text', client_msg_id: clientId(), text: 123 },
      { kind: 'text', client_msg_id: 7, text: 'x' },
      { kind: 'text', client_msg_id: 'has space', text: 'x' },
      { kind: 'text', client_msg_id: 'x'.repeat(65), text: 'x' },
      { kind: 'text', client_msg_id: clientId(), text: 'x', conversation_id: cid + 1 },
      { kind: 'text', client_msg_id: clientId(), text: '   ' },
      { kind: 'text', client_msg_id: clientId(), text: '长'.repeat(3000) },
      { kind: 'text', client_msg_id: clientId(), text: 'x'.repeat(200_000) },
      { kind: 'html', client_msg_id: clientId(), html: '<b>x</b>' },
      { kind: 'emoji', client_msg_id: clientId(), code: '<img src=x>' },
      { kind: 'product', client_msg_id: clientId(), num_iid: -1 },
      { kind: 'product', client_msg_id: clientId(), num_iid: 1e20 },
      { kind: 'trade', client_msg_id: clientId(), tid: 'DROP TABLE' },
      { kind: 'image', client_msg_id: clientId(), upload_id: '../../etc/passwd' },
      { kind: 'image', client_msg_id: clientId(), upload_id: 'AAAAAAAAAAAAAAAAAAAAAAAA' },
    ];
    for (const payload of bad) {
      const ack = await buyer.socket.ask('message:send', payload);
      expect(ack.ok, JSON.stringify(payload)?.slice(0, 80)).toBe(false);
      expect(ack.code).toMatch(/^[A-Z_]+$/);
      expect(ack.message).toBeTruthy();
      expect(ack.message_en).toBeTruthy();
    }
    for (const payload of [{ typing: 'yes' }, { seq: -1 }]) {
      expect((await buyer.socket.ask(payload.typing ? 'typing' : 'read', payload)).ok).toBe(false);
    }
    expect((await buyer.socket.ask('history', { limit: 100_000 })).code).toBe('BAD_PAYLOAD');
    expect(await messageCount(cid)).toBe(1);
    // Still usable afterwards.
    expect((await say(buyer.socket, '还在')).seq).toBe(2);
    await agent.socket.next('conversation:assigned');
    buyer.socket.close();
    agent.socket.close();
  });

  it("keeps an agent out of another shop's conversations and of those it does not serve", async () => {
    const shopA = await chatShop(app);
    const shopB = await chatShop(app);
    const agentA = await openAgent(app, shopA);
    const agentB = await openAgent(app, shopB);
    const buyer = await openBuyer(app, shopA);
    const m = await say(buyer.socket, '我是 A 店的买家');
    const cid = m.conversation_id;
    await agentA.socket.next('conversation:assigned');

    const write = await agentB.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), kind: 'text', text: '窜店' });
    expect(write).toMatchObject({ ok: false, code: 'CONVERSATION_NOT_WRITABLE' });
    for (const [event, payload] of [
      ['history', { conversation_id: cid }], ['sync', { cursors: [{ conversation_id: cid, after_seq: 0 }] }],
      ['read', { conversation_id: cid, seq: 1 }], ['typing', { conversation_id: cid, typing: true }],
    ] as const) {
      expect((await agentB.socket.ask(event, payload)).ok, event).toBe(false);
    }
    expect((await agentB.client.get(`/api/conversations/${cid}`)).status).toBe(404);
    expect((await agentB.client.get(`/api/conversations/${cid}/messages`)).status).toBe(404);
    expect((await agentB.client.post(`/api/conversations/${cid}/end`)).status).toBe(404);
    expect((await agentB.client.post(`/api/conversations/${cid}/transfer`, { to_agent_id: agentB.id })).status).toBe(404);

    // A teammate of the same shop may read it, but only the serving agent writes in it.
    const teammate = await openAgent(app, shopA);
    expect((await teammate.socket.ask('history', { conversation_id: cid })).ok).toBe(true);
    expect((await teammate.socket.ask('message:send', { conversation_id: cid, client_msg_id: clientId(), kind: 'text', text: '抢答' })).code)
      .toBe('CONVERSATION_NOT_WRITABLE');
    expect(await messageCount(cid)).toBe(1);
    for (const s of [buyer, agentA, agentB, teammate]) s.socket.close();
  });

  it("never lets a buyer read another buyer's conversation, trade or images", async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const alice = await openBuyer(app, shop);
    const bob = await openBuyer(app, shop);
    const secret = await say(alice.socket, '我的地址是……');
    await agent.socket.next('conversation:assigned');

    // Bob's socket is bound to Bob's conversation: there is no field through which to name Alice's.
    const history = await bob.socket.ask('history', {});
    expect(history.messages).toEqual([]);
    expect((await bob.socket.ask('history', { conversation_id: secret.conversation_id })).code).toBe('BAD_PAYLOAD');
    expect((await bob.socket.ask('sync', { after_seq: 0 })).messages).toEqual([]);
    expect(bob.socket.seen('message')).toEqual([]);
    const page = await bob.client.get(`/api/buyer/chat/${shop.name}`);
    expect(page.body.conversation.id).not.toBe(secret.conversation_id);
    expect(page.body.messages).toEqual([]);
    expect((await bob.client.get(`/api/conversations/${secret.conversation_id}/messages`)).status).toBe(401);

    // Nor a card of Alice's trade in his own chat, nor the agent one in Bob's.
    const item = await newItem(shop);
    const tid = await placeTrade(shop, alice, item);
    expect((await bob.socket.ask('message:send', { kind: 'trade', client_msg_id: clientId(), tid })).code).toBe('TRADE_NOT_FOUND');

    const form = multipart('a.png', PNG, 'image/png');
    const up = await app.http.inject({ method: 'POST', url: `/api/buyer/chat/${shop.name}/uploads`, headers: { cookie: alice.client.cookie, ...form.headers }, payload: form.payload });
    const { upload_id, url } = up.json();
    expect((await app.http.inject({ method: 'GET', url, headers: { cookie: bob.client.cookie } })).statusCode).toBe(404);
    expect((await bob.socket.ask('message:send', { kind: 'image', client_msg_id: clientId(), upload_id })).code).toBe('UPLOAD_NOT_FOUND');
    const other = await newShop(app);
    expect((await app.http.inject({ method: 'GET', url, headers: { cookie: other.owner.cookie } })).statusCode).toBe(404);
    for (const s of [alice, bob, agent]) s.socket.close();
  });

  it('refuses files that are not images, or too large, whatever they are called', async () => {
    const shop = await chatShop(app);
    const buyer = await newBuyer(app);
    const post = (name: string, data: Buffer, type: string) => {
      const form = multipart(name, data, type);
      return app.http.inject({ method: 'POST', url: `/api/buyer/chat/${shop.name}/uploads`, headers: { cookie: buyer.client.cookie, ...form.headers }, payload: form.payload });
    };
    const html = await post('cat.png', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    expect(html.statusCode).toBe(415);
    expect(html.json().code).toBe('UNSUPPORTED_FILE_TYPE');
    const svg = await post('a.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
    expect(svg.statusCode).toBe(415);
    const big = await post('big.png', Buffer.alloc(6 * 1024 * 1024, 1), 'image/png');
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('FILE_TOO_LARGE');
    const none = await app.http.inject({ method: 'POST', url: `/api/buyer/chat/${shop.name}/uploads`, headers: { cookie: buyer.client.cookie }, payload: {} });
    expect(none.statusCode).toBe(415);
  });
});
