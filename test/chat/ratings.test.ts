import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { chatShop, conversation, openAgent, openBuyer, say } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const system = (event: string) => (m: any) => m.sender === 'system' && m.body.event === event;

async function ratingsOf(conversationId: number) {
  return app.ctx.database.db.selectFrom('chat_ratings').selectAll().where('conversation_id', '=', conversationId).execute();
}

/** A buyer served by an agent of a fresh shop. */
async function servedBuyer() {
  const shop = await chatShop(app);
  const agent = await openAgent(app, shop);
  const buyer = await openBuyer(app, shop);
  const cid = (await say(buyer.socket, '这件有货吗')).conversation_id;
  await agent.socket.next('conversation:assigned');
  return { shop, agent, buyer, cid };
}

describe('post-chat satisfaction rating (满意度评价)', () => {
  it('is invited by the serving agent, given once by the buyer, and told to the agent', async () => {
    const { shop, agent, buyer, cid } = await servedBuyer();
    const teammate = await openAgent(app, shop);
    expect((await teammate.socket.ask('rating:invite', { conversation_id: cid })).code).toBe('NOT_YOUR_CONVERSATION');
    expect((await agent.socket.ask('rating:invite', { conversation_id: 0 })).code).toBe('BAD_PAYLOAD');
    const invited = await agent.socket.ask('rating:invite', { conversation_id: cid });
    expect(invited).toMatchObject({ ok: true, message: { seq: 2, sender: 'system', body: { event: 'rating_invited', agent: { id: agent.id } } } });
    expect((await buyer.socket.next('message', system('rating_invited'))).body.text).toMatch(/评价/);

    // Bad scores and comments are refused and change nothing.
    for (const [payload, code] of [
      [{ score: 0 }, 'BAD_RATING_SCORE'], [{ score: 6 }, 'BAD_RATING_SCORE'], [{ score: 4.5 }, 'BAD_RATING_SCORE'],
      [{ score: '5' }, 'BAD_RATING_SCORE'], [{}, 'BAD_RATING_SCORE'], [{ score: 5, comment: '好'.repeat(201) }, 'RATING_COMMENT_TOO_LONG'],
      [{ score: 5, comment: 7 }, 'BAD_RATING_COMMENT'], [{ score: 5, agent_id: 1 }, 'BAD_PAYLOAD'], [null, 'BAD_PAYLOAD'],
    ] as const) {
      const refused = await buyer.socket.ask('rating', payload);
      expect(refused, JSON.stringify(payload)).toMatchObject({ ok: false, code });
      expect(refused.message && refused.message_en).toBeTruthy();
    }
    expect(await ratingsOf(cid)).toEqual([]);

    const rated = await buyer.socket.ask('rating', { score: 5, comment: ' 回复很快，很专业 ' });
    expect(rated).toMatchObject({ ok: true, rating: { score: 5, label: '非常满意', comment: '回复很快，很专业', agent_id: agent.id } });
    const told = await agent.socket.next('message', system('rated'));
    expect(told).toMatchObject({ seq: 3, body: { score: 5, label: '非常满意', label_en: 'Very satisfied', comment: '回复很快，很专业' } });

    const again = await buyer.socket.ask('rating', { score: 1 });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    expect((await agent.socket.ask('rating:invite', { conversation_id: cid })).code).toBe('ALREADY_RATED');
    expect(await ratingsOf(cid)).toHaveLength(1);
    expect((await conversation(shop.owner, cid)).rating).toMatchObject({ score: 5, agent_id: agent.id });
    expect((await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`))).conversation.rating).toMatchObject({ score: 5, comment: '回复很快，很专业' });

    // The session ends; its rating stays with it, and it cannot be rated again.
    await ok(agent.client.post(`/api/conversations/${cid}/end`));
    expect((await buyer.socket.ask('rating', { score: 2 })).code).toBe('ALREADY_RATED');
    for (const s of [buyer, agent, teammate]) s.socket.close();
  });

  it('is open until a day after the session ended, once per session', async () => {
    const { shop, agent, buyer, cid } = await servedBuyer();
    await ok(agent.client.post(`/api/conversations/${cid}/end`));
    app.clock.advance(23 * HOUR);
    expect((await agent.socket.ask('rating:invite', { conversation_id: cid })).ok).toBe(true);
    expect((await buyer.socket.ask('rating', { score: 3 })).rating).toMatchObject({ score: 3, label: '一般', comment: null, agent_id: agent.id });
    // The agent who served it hears of it after it ended.
    expect(await agent.socket.next('message', system('rated'))).toMatchObject({ body: { score: 3 } });

    // A new session takes a rating of its own; once it has been over for more than a day, no more.
    await say(buyer.socket, '又来咨询');
    await agent.socket.next('conversation:assigned', (e) => e.conversation.id === cid && e.conversation.last_seq > 3);
    expect((await conversation(shop.owner, cid)).rating).toBeNull();
    await ok(agent.client.post(`/api/conversations/${cid}/end`));
    app.clock.advance(25 * HOUR);
    expect((await buyer.socket.ask('rating', { score: 4 })).code).toBe('RATING_CLOSED');
    expect((await agent.socket.ask('rating:invite', { conversation_id: cid })).code).toBe('RATING_CLOSED');
    expect((await ratingsOf(cid)).map((r) => r.score)).toEqual([3]);

    // Nothing to rate before anyone served the buyer.
    const newcomer = await openBuyer(app, shop);
    expect((await newcomer.socket.ask('rating', { score: 5 })).code).toBe('RATING_NOT_OPEN');
    for (const s of [buyer, agent, newcomer]) s.socket.close();
  });

  it('is listed with its average for a supervisor, and for an agent only its own', async () => {
    const shop = await chatShop(app);
    const [a, b] = [await openAgent(app, shop), await openAgent(app, shop)];
    const start = app.clock.now();
    const scores = [5, 4, 1];
    for (const score of scores) {
      const buyer = await openBuyer(app, shop);
      const cid = (await say(buyer.socket, '你好')).conversation_id;
      await expect.poll(async () => (await conversation(shop.owner, cid)).status).toBe('active');
      expect((await buyer.socket.ask('rating', { score, comment: `打${score}分` })).ok).toBe(true);
      app.clock.advance(HOUR);
      buyer.socket.close();
    }
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const all = await ok(supervisor.client.get('/api/chat/ratings'));
    expect(all.count).toBe(3);
    expect(all.average).toBe(3.33);
    expect(all.ratings.map((r: any) => r.score)).toEqual([1, 4, 5]);
    expect(all.ratings[0]).toMatchObject({ label: '非常不满意', comment: '打1分', buyer_nick: expect.any(String), agent_login: expect.any(String) });

    const firstTwoHours = await ok(supervisor.client.get(`/api/chat/ratings?from=${start.toISOString()}&to=${new Date(start.getTime() + 2 * HOUR).toISOString()}`));
    expect(firstTwoHours.ratings.map((r: any) => r.score)).toEqual([4, 5]);
    expect(firstTwoHours.average).toBe(4.5);

    const ofA = await ok(supervisor.client.get(`/api/chat/ratings?agent_id=${a.id}`));
    const mine = await ok(a.client.get('/api/chat/ratings'));
    expect(mine).toEqual(ofA);
    expect(mine.ratings.every((r: any) => r.agent_id === a.id)).toBe(true);
    expect((await a.client.get(`/api/chat/ratings?agent_id=${b.id}`)).body).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await a.client.get(`/api/chat/ratings?agent_id=${b.id}`)).status).toBe(403);
    const badRange = await supervisor.client.get(`/api/chat/ratings?from=${new Date(start.getTime() + HOUR).toISOString()}&to=${start.toISOString()}`);
    expect([badRange.status, badRange.body.code]).toEqual([400, 'BAD_TIME_RANGE']);
    expect((await supervisor.client.get('/api/chat/ratings?from=yesterday')).status).toBe(400);
    const empty = await ok(supervisor.client.get(`/api/chat/ratings?from=${app.clock.now().toISOString()}`));
    expect(empty).toEqual({ ratings: [], count: 0, average: null });
    // Another shop sees none of them.
    const other = await chatShop(app);
    expect((await ok(other.owner.get('/api/chat/ratings'))).count).toBe(0);
    for (const s of [a, b]) s.socket.close();
  });
});
