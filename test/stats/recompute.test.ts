import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { recomputeDay } from '../../src/modules/stats/recompute.ts';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say, setLimit } from '../chat/helpers.ts';
import { newBuyer, newItem, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { agentDay, pay, reply, statsOf } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const S = 1000;
// The test clock starts at 2026-11-01 02:00 UTC: 10:00 in Shanghai, the shop's time zone.
const DAY1 = '2026-11-01';
const DAY2 = '2026-11-02';

describe('counters kept as events happen agree with the day recomputed from raw rows', () => {
  it('after a scripted day of chats, a queue, a transfer, trades, ratings and a refund', async () => {
    app.clock.set(new Date('2026-11-01T02:00:00Z'));
    const shop = await chatShop(app);
    const item = await newItem(shop, 50);
    const x = await openAgent(app, shop);
    const y = await openAgent(app, shop);
    for (const a of [x, y]) await setLimit(shop.owner, a.id, 1);
    const agents = { [x.id]: x, [y.id]: y };
    const servedBy = async (cid: number) => {
      await routedTo(shop.owner, cid, { status: 'active' });
      return agents[(await conversation(shop.owner, cid)).agent_id];
    };

    // Buyer 1 asks; the agent answers 30 s later, then a second question 10 s after it was asked.
    const b1 = await openBuyer(app, shop);
    const c1 = (await say(b1.socket, '在吗')).conversation_id;
    const a1 = await servedBy(c1);
    const other = a1 === x ? y : x;
    app.clock.advance(30 * S);
    await reply(a1, c1);
    app.clock.advance(20 * S);
    await say(b1.socket, '这件有红色吗');
    await say(b1.socket, '多大码');
    app.clock.advance(10 * S);
    await reply(a1, c1, '有的，L 码');

    // Buyer 2 goes to the other agent, who answers in 5 s.
    app.clock.advance(60 * S);
    const b2 = await openBuyer(app, shop);
    const c2 = (await say(b2.socket, '发什么快递')).conversation_id;
    expect(await servedBy(c2)).toBe(other);
    app.clock.advance(5 * S);
    await reply(other, c2, '中通');

    // Buyer 3 finds both agents full and waits in the queue for 2 minutes; its messages go to whoever takes it.
    app.clock.advance(60 * S);
    const b3 = await openBuyer(app, shop);
    const c3 = (await say(b3.socket, '有人吗')).conversation_id;
    await b3.socket.next('conversation', (e) => e.status === 'queued');
    app.clock.advance(60 * S);
    await say(b3.socket, '有人吗？？');
    app.clock.advance(60 * S);
    await ok(a1.client.post(`/api/conversations/${c1}/end`));
    expect(await servedBy(c3)).toBe(a1);
    app.clock.advance(40 * S);
    await reply(a1, c3, '抱歉久等');

    // Buyer 2 asks again; its agent passes it on unanswered; the new agent answers 15 s after taking it.
    for (const a of [x, y]) await setLimit(shop.owner, a.id, 5);
    app.clock.advance(60 * S);
    await say(b2.socket, '能便宜点吗');
    app.clock.advance(20 * S);
    await ok(other.client.post(`/api/conversations/${c2}/transfer`, { to_agent_id: a1.id, note: '议价' }));
    app.clock.advance(15 * S);
    await reply(a1, c2, '可以送个小礼物');

    // Trades: buyer 1 and buyer 2 order and pay (credited to a1, who served each last); buyer 4 buys without a word.
    app.clock.advance(60 * S);
    const t1 = await placeTrade(shop, b1, item);
    await pay(b1, t1);
    const t2 = await placeTrade(shop, b2, item);
    app.clock.advance(60 * S);
    await pay(b2, t2);
    const b4 = await newBuyer(app);
    const t4 = await placeTrade(shop, b4, item);
    await pay(b4, t4);

    // Ratings: buyer 1 is very satisfied, buyer 2 is not.
    for (const [b, c, score] of [[b1, c1, 5], [b2, c2, 2]] as const) {
      expect((await a1.socket.ask('rating:invite', { conversation_id: c })).ok).toBe(true);
      expect((await b.socket.ask('rating', { score })).ok).toBe(true);
    }

    // Buyer 1 gets 100.00 back for a red shirt (the after-sales module's successful refund).
    const [order] = await app.ctx.database.db.selectFrom('orders').selectAll().where('tid', '=', t1).orderBy('oid').limit(1).execute();
    await sql`insert into refunds (shop_id, tid, oid, buyer_id, buyer_nick, dispute_type, status, shipped, total_fee, refund_fee,
        reason, created, modified, end_time)
      values (${shop.shopId}, ${t1}, ${order.oid}, ${b1.id}, ${b1.nick}, 'REFUND', 'WAIT_SELLER_AGREE', false, ${order.total_fee}, 10000,
        '不想要了', ${app.clock.now()}, ${app.clock.now()}, null)`.execute(app.ctx.database.db);
    await sql`update refunds set status = 'SUCCESS' where tid = ${t1}`.execute(app.ctx.database.db);

    // The next day buyer 3 comes back to its recent contact and pays: yesterday's inquiry converts.
    app.clock.advance(DAY);
    await say(b3.socket, '我想买');
    await routedTo(shop.owner, c3, { status: 'active', agent_id: a1.id });
    app.clock.advance(8 * S);
    await reply(a1, c3, '好的');
    const t3 = await placeTrade(shop, b3, item);
    await pay(b3, t3);

    const kept = { day1: await statsOf(app, shop.shopId, DAY1), day2: await statsOf(app, shop.shopId, DAY2) };

    // Worked out by hand from the script above.
    expect(await agentDay(app, shop.shopId, a1.id, DAY1)).toMatchObject({
      // Buyers 1 and 3 wrote to it (buyer 2's question was written while the other agent served); both paid within 3 days.
      consulted: 2, received: 2, inquired: 2, converted: 2,
      buyer_msgs: 3 + 2, agent_msgs: 2 + 1 + 1,
      responses: 4, response_ms: (30 + 10 + 40 + 15) * S,
      first_responses: 3, first_response_ms: (30 + 40 + 15) * S,
      ordered_buyers: 2, paid_buyers: 2, paid_trades: 2, sales: 2 * 25000, items: 6,
      refunded_trades: 1, refund_fee: 10000, ratings: 2, satisfied: 1, rating_sum: 7,
    });
    expect(await agentDay(app, shop.shopId, other.id, DAY1)).toMatchObject({
      consulted: 1, received: 1, inquired: 1, converted: 0, buyer_msgs: 2, agent_msgs: 1, responses: 1, response_ms: 5 * S,
      first_responses: 1, first_response_ms: 5 * S, paid_buyers: 0, sales: 0,
    });
    expect(kept.day1.shop).toEqual([expect.objectContaining({ trades: 3, ordered_buyers: 3, paid_trades: 3, paid_buyers: 3, sales: 75000, items: 9, refunded_trades: 1, refund_fee: 10000 })]);
    expect(kept.day2.contacts).toEqual([expect.objectContaining({ agent_id: a1.id, buyer_id: b3.id, buyer_msgs: 1, agent_msgs: 1, inquiry: true, converted: true, ordered: 1, paid: 1 })]);
    const converted3 = kept.day1.contacts.find((c) => c.buyer_id === b3.id);
    expect(converted3).toMatchObject({ agent_id: a1.id, converted: true, first_response_ms: 40 * S });

    // Rebuilt from the raw rows, each day comes out the same, row for row.
    for (const day of [DAY1, DAY2]) await recomputeDay(app.ctx.database.db, shop.shopId, day);
    expect({ day1: await statsOf(app, shop.shopId, DAY1), day2: await statsOf(app, shop.shopId, DAY2) }).toEqual(kept);
    for (const s of [b1, b2, b3, x, y]) s.socket.close();
  });
});
