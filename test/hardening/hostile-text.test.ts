import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, newBuyer, newItem, newShop, ok, placeTrade } from '../support/factories.ts';
import { Client } from '../support/client.ts';
import { createTestApp, uniqueName, type TestApp } from '../support/harness.ts';
import { clientId } from '../support/sockets.ts';
import { chatShop, openAgent, openBuyer, say } from '../chat/helpers.ts';
import { send } from './support.ts';

/**
 * Hostile text is kept as text: markup, scripts, direction marks and astral characters come back exactly as sent,
 * as JSON (never as a page); text too large is refused with a 4xx; broken encodings are repaired or refused, never
 * a 500.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const HOSTILE = {
  html: '<img src=x onerror="alert(1)"><b>粗</b>',
  script: '</script><script>alert(document.cookie)</script>',
  rtl: '\u202Egnp.exe\u202C 订单\u200F\u200E\u2066隔离\u2069',
  astral: '😀𠮷👨‍👩‍👧',
  quotes: `'"; drop table trades; -- \\ \``,
};
const MB = 'x'.repeat(1024 * 1024 + 1);

/** A JSON body with bytes that are not UTF-8 inside a string. */
function brokenUtf8(prefix: string, field: string) {
  return Buffer.concat([Buffer.from(`${prefix}"${field}":"ab`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('cd"}')]);
}

function neverCrashed(res: { status: number; body: any }, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status >= 400) expect(typeof res.body?.code, what).toBe('string');
}

describe('hostile text', () => {
  it('in a trade memo is stored and returned as text, and refused when too large', async () => {
    const shop = await newShop(app);
    const buyer = await newBuyer(app);
    const tid = await placeTrade(shop, buyer, await newItem(shop));
    for (const [name, text] of Object.entries(HOSTILE)) {
      await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: text, flag: 0 }));
      const res = await app.http.inject({ url: `/api/trades/${tid}`, headers: { cookie: shop.owner.cookie } });
      expect(res.headers['content-type'], name).toMatch(/^application\/json/);
      expect(res.json().trade.memo, name).toBe(text);
    }
    const huge = await send(app, { method: 'POST', url: `/api/trades/${tid}/memo`, cookie: shop.owner.cookie, contentType: 'application/json',
      payload: JSON.stringify({ memo: MB, flag: 0 }) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBeTruthy();
    const long = await shop.owner.post(`/api/trades/${tid}/memo`, { memo: '长'.repeat(400), flag: 0 });
    expect([long.status, long.body.code]).toEqual([400, 'MEMO_TOO_LONG']);

    const lone = await send(app, { method: 'POST', url: `/api/trades/${tid}/memo`, cookie: shop.owner.cookie, contentType: 'application/json',
      payload: '{"memo":"a\\ud800b","flag":0}' });
    neverCrashed(lone, 'lone surrogate');
    expect((await ok(shop.owner.get(`/api/trades/${tid}`))).trade.memo).toBe('a\ufffdb');
    const bytes = await send(app, { method: 'POST', url: `/api/trades/${tid}/memo`, cookie: shop.owner.cookie, contentType: 'application/json',
      payload: brokenUtf8('{"flag":0,', 'memo') });
    neverCrashed(bytes, 'bytes that are not UTF-8');
    const nul = await send(app, { method: 'POST', url: `/api/trades/${tid}/memo`, cookie: shop.owner.cookie, contentType: 'application/json',
      payload: '{"memo":"a\\u0000b","flag":0}' });
    expect([nul.status, nul.body.code]).toEqual([400, 'INVALID_CHARACTER']);
    const memo = (await ok(shop.owner.get(`/api/trades/${tid}`))).trade.memo as string;
    expect(memo).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('in the knowledge base is stored and returned as text', async () => {
    const shop = await newShop(app);
    for (const [name, text] of Object.entries(HOSTILE)) {
      const made = await ok(shop.owner.post('/api/knowledge/entries', { question: `${name} ${text}`, answer: text, similar: [text] }), 201);
      const got = await ok(shop.owner.get(`/api/knowledge/entries/${made.entry.id}`));
      expect(got.entry).toMatchObject({ question: `${name} ${text}`, answer: text, similar: [text] });
    }
    const huge = await send(app, { method: 'POST', url: '/api/knowledge/entries', cookie: shop.owner.cookie, contentType: 'application/json',
      payload: JSON.stringify({ question: 'q', answer: MB }) });
    expect(huge.status).toBe(413);
    neverCrashed(await send(app, { method: 'POST', url: '/api/knowledge/entries', cookie: shop.owner.cookie, contentType: 'application/json',
      payload: brokenUtf8('{"question":"洗涤",', 'answer') }), 'bytes that are not UTF-8');
    neverCrashed(await send(app, { method: 'POST', url: '/api/knowledge/entries', cookie: shop.owner.cookie, contentType: 'application/json',
      payload: '{"question":"\\udc00?","answer":"x"}' }), 'lone surrogate');
  });

  it('in a buyer nick is kept as text all the way to the seller, or refused with a 4xx', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    for (const [name, text] of Object.entries(HOSTILE)) {
      const nick = `${text.slice(0, 20)}${uniqueName('').slice(0, 6)}`;
      const client = new Client(app.http);
      const res = await client.post('/api/buyer/signup', { nick, password: PASSWORD });
      neverCrashed(res, name);
      if (res.status !== 201) continue;
      expect((await ok(client.get('/api/buyer/me'))).buyer.nick, name).toBe(nick);
      await placeTrade(shop, { client }, item);
      const customer = await ok(shop.owner.get(`/api/customers/${encodeURIComponent(nick)}`));
      expect(customer.customer.nick, name).toBe(nick);
      const trades = await ok(shop.owner.get(`/api/trades?buyer_nick=${encodeURIComponent(nick)}`));
      expect(trades.trades[0].buyer_nick, name).toBe(nick);
    }
    const big = await new Client(app.http).post('/api/buyer/signup', { nick: MB.slice(0, 100_000), password: PASSWORD });
    expect(big.status).toBe(400);
  });

  it('in chat reaches the other side and the history as text; a message too long is refused', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const first = await say(buyer.socket, HOSTILE.html);
    await agent.socket.next('conversation:assigned');
    for (const text of Object.values(HOSTILE).slice(1)) await say(buyer.socket, text);
    const history = await ok(agent.client.get(`/api/conversations/${first.conversation_id}/messages`));
    expect(history.messages.map((m: { body: { text: string } }) => m.body.text)).toEqual(Object.values(HOSTILE));
    // The first message came with the assignment; the rest as they were sent.
    await expect.poll(() => agent.socket.seen('message').map((m) => m.body.text).at(-1)).toBe(HOSTILE.quotes);
    expect(agent.socket.seen('message').map((m) => m.body.text)).toEqual(Object.values(HOSTILE).slice(-agent.socket.seen('message').length));
    expect(agent.socket.seen('message').length).toBeGreaterThanOrEqual(Object.keys(HOSTILE).length - 1);

    const tooLong = await buyer.socket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: 'x'.repeat(100_000) });
    expect(tooLong.ok).toBe(false);
    expect(['BAD_PAYLOAD', 'MESSAGE_TOO_LONG']).toContain(tooLong.code);
    const lone = await buyer.socket.ask('message:send', { kind: 'text', client_msg_id: clientId(), text: 'a\ud800b' });
    expect(lone.ok).toBe(true);
    expect(lone.message.body.text).toBe('a\ufffdb');
    const after = await ok(agent.client.get(`/api/conversations/${first.conversation_id}/messages`));
    expect(after.messages).toHaveLength(Object.keys(HOSTILE).length + 1);
    for (const s of [agent.socket, buyer.socket]) s.close();
  });
});
