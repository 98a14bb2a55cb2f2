import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clientId, connect } from '../support/sockets.ts';
import { chatShop, openAgent, openBuyer, say } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  // Small limits keep the test short: 5 messages at once for a buyer (then one every 2 s), 8 for an agent.
  app = await createTestApp({ chatRateBuyerMessages: 5, chatRateAgentMessages: 8, chatRateWindowMs: 10_000, chatRateTypingMs: 2000 });
});
afterAll(() => app.close());

async function stored(conversationId: number) {
  const row = await app.ctx.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const text = (t: string) => ({ kind: 'text', client_msg_id: clientId(), text: t });

describe('a sender faster than a person', () => {
  it('is refused with RATE_LIMITED across all of its sockets, and nothing of the refused messages is stored', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    // The same buyer with a second chat window open: one allowance for both.
    const second = await connect(shop.base, '/buyer', buyer.client.cookie, { shop: shop.name });
    const first = await say(buyer.socket, '1');
    const cid = first.conversation_id;
    await agent.socket.next('conversation:assigned');
    for (let i = 2; i <= 5; i++) expect((await (i % 2 ? buyer.socket : second).ask('message:send', text(`${i}`))).ok).toBe(true);

    for (const socket of [buyer.socket, second]) {
      const refused = await socket.ask('message:send', text('太快了'));
      expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED', details: { limit: 5, window_ms: 10_000 } });
      expect(refused.message).toMatch(/频繁/);
      expect(refused.message_en).toMatch(/too fast/);
      expect(refused.details.retry_after_ms).toBeGreaterThan(0);
      expect(refused.details.retry_after_ms).toBeLessThanOrEqual(2000);
    }
    expect(await stored(cid)).toBe(5);
    await agent.socket.next('message', (m) => m.body.text === '5');
    expect(agent.socket.seen('message').map((m) => m.body.text)).toEqual(['2', '3', '4', '5']);

    // One more may go every window / limit; another buyer was never held back.
    app.clock.advance(2000);
    expect((await second.ask('message:send', text('6'))).ok).toBe(true);
    expect((await second.ask('message:send', text('7'))).code).toBe('RATE_LIMITED');
    const other = await openBuyer(app, shop);
    expect((await other.socket.ask('message:send', text('我不急'))).ok).toBe(true);
    expect(await stored(cid)).toBe(6);
    for (const s of [buyer.socket, second, other.socket, agent.socket]) s.close();
  });

  it("counts an agent's messages over all the conversations it serves", async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const [b1, b2] = [await openBuyer(app, shop), await openBuyer(app, shop)];
    const c1 = (await say(b1.socket, '在吗')).conversation_id;
    const c2 = (await say(b2.socket, '在吗')).conversation_id;
    await expect.poll(() => agent.socket.seen('conversation:assigned').length).toBe(2);
    const answer = (cid: number, t: string) => agent.socket.ask('message:send', { conversation_id: cid, ...text(t) });
    for (let i = 0; i < 8; i++) expect((await answer(i % 2 ? c1 : c2, `答 ${i}`)).ok).toBe(true);
    expect((await answer(c1, '多一条')).code).toBe('RATE_LIMITED');
    expect((await answer(c2, '多一条')).code).toBe('RATE_LIMITED');
    // An invitation to rate is a stored message too.
    expect((await agent.socket.ask('rating:invite', { conversation_id: c1 })).code).toBe('RATE_LIMITED');
    expect(await stored(c1) + await stored(c2)).toBe(10);
    for (const s of [b1, b2, agent]) s.socket.close();
  });

  it('drops repeated typing events silently and relays a change of state', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, '你好')).conversation_id;
    await agent.socket.next('conversation:assigned');
    for (let i = 0; i < 10; i++) expect(await buyer.socket.ask('typing', { typing: true })).toEqual({ ok: true });
    app.clock.advance(500);
    expect((await buyer.socket.ask('typing', { typing: false })).ok).toBe(true);
    app.clock.advance(2000);
    expect((await buyer.socket.ask('typing', { typing: false })).ok).toBe(true);
    await expect.poll(() => agent.socket.seen('typing').length).toBe(3);
    expect(agent.socket.seen('typing').map((t) => t.typing)).toEqual([true, false, false]);
    // Throttling never lets an agent type into a conversation it does not serve.
    const other = await openAgent(app, shop);
    for (let i = 0; i < 3; i++) expect((await other.socket.ask('typing', { conversation_id: cid, typing: true })).code).toBe('CONVERSATION_NOT_WRITABLE');
    for (const s of [buyer, agent, other]) s.socket.close();
  });

  it('relays typing again right after a message, which ended the last one', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    await say(buyer.socket, '你好');
    await agent.socket.next('conversation:assigned');
    expect((await buyer.socket.ask('typing', { typing: true })).ok).toBe(true);
    app.clock.advance(300);
    await say(buyer.socket, '这件有货吗');
    app.clock.advance(300);
    expect((await buyer.socket.ask('typing', { typing: true })).ok).toBe(true);
    await expect.poll(() => agent.socket.seen('typing').length).toBe(2);
    expect(agent.socket.seen('typing').map((t) => t.typing)).toEqual([true, true]);
    for (const s of [buyer, agent]) s.socket.close();
  });
});
