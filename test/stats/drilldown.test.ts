import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatShop, openAgent, openBuyer, routedTo, say } from '../chat/helpers.ts';
import { newBuyer, newItem, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { pay, reply } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const DAY = '2026-11-01';
const range = `from=${DAY}&to=${DAY}`;

describe('drill-down from a figure to what stands behind it', () => {
  it('lists the contacts, trades and ratings that make each figure, to those who may see them', async () => {
    app.clock.set(new Date('2026-11-01T02:00:00Z'));
    const shop = await chatShop(app);
    const item = await newItem(shop, 50);
    const agent = await openAgent(app, shop);
    // Buyer 1 asks, is answered after 12 s, orders and pays; buyer 2 writes and is never answered (its agent went away).
    const b1 = await openBuyer(app, shop);
    const c1 = (await say(b1.socket, '在吗')).conversation_id;
    await routedTo(shop.owner, c1, { status: 'active', agent_id: agent.id });
    app.clock.advance(12_000);
    await reply(agent, c1);
    const t1 = await placeTrade(shop, b1, item);
    await pay(b1, t1);
    const b2 = await openBuyer(app, shop);
    const c2 = (await say(b2.socket, '有货吗')).conversation_id;
    await routedTo(shop.owner, c2, { status: 'active', agent_id: agent.id });
    // A buyer pays without a word (静默), and buyer 1 rates the chat.
    const silent = await newBuyer(app);
    const t2 = await placeTrade(shop, silent, item);
    await pay(silent, t2);
    expect((await agent.socket.ask('rating:invite', { conversation_id: c1 })).ok).toBe(true);
    expect((await b1.socket.ask('rating', { score: 5 })).ok).toBe(true);
    // Buyer 1's refund succeeds (the after-sales module's SUCCESS).
    const [order] = await app.ctx.database.db.selectFrom('orders').selectAll().where('tid', '=', t1).orderBy('oid').limit(1).execute();
    await sql`insert into refunds (shop_id, tid, oid, buyer_id, buyer_nick, dispute_type, status, shipped, total_fee, refund_fee,
        reason, created, modified, end_time)
      values (${shop.shopId}, ${t1}, ${order.oid}, ${b1.id}, ${b1.nick}, 'REFUND', 'WAIT_SELLER_AGREE', false, ${order.total_fee}, 10000,
        '不想要了', ${app.clock.now()}, ${app.clock.now()}, null)`.execute(app.ctx.database.db);
    await sql`update refunds set status = 'SUCCESS' where tid = ${t1}`.execute(app.ctx.database.db);

    const lead = await newSubAccount(app, shop, 'supervisor');
    const drill = (q: string, who = lead.client) => ok(who.get(`/api/stats/drilldown?${range}&${q}`));
    const line = (await ok(lead.client.get(`/api/stats/agents?${range}`))).agents.find((a: any) => a.agent_id === agent.id);
    expect(line.figures).toMatchObject({ consulted: 2, received: 1, inquired: 1, paid_buyers: 1, sales: 25000, refund_rate: 1 });

    // Each list holds exactly the rows its figure counts.
    const consulted = await drill(`figure=consulted&agent_id=${agent.id}`);
    expect(consulted).toMatchObject({ kind: 'contacts', from: DAY, to: DAY, agent_id: agent.id, truncated: false, trades: [] });
    expect(consulted.contacts.map((c: any) => [c.buyer_nick, c.conversation_id, c.received]).sort()).toEqual(
      [[b1.nick, c1, true], [b2.nick, c2, false]].sort());
    const received = await drill(`figure=received&agent_id=${agent.id}`);
    expect(received.contacts).toEqual([expect.objectContaining({
      day: DAY, agent: { id: agent.id, name: expect.any(String) }, buyer_nick: b1.nick, conversation_id: c1, buyer_msgs: 1, agent_msgs: 1,
      first_response_s: 12, inquiry: true, converted: true, paid: 1,
    })]);
    expect((await drill('figure=first_response_s')).contacts.map((c: any) => c.buyer_nick)).toEqual([b1.nick]);

    const sales = await drill(`figure=sales&agent_id=${agent.id}`);
    expect(sales.kind).toBe('paid');
    expect(sales.trades).toEqual([expect.objectContaining({
      tid: t1, day: DAY, buyer_nick: b1.nick, payment: 25000, items: 3, agent: { id: agent.id, name: expect.any(String) }, refunded: true,
      conversation_id: c1,
    })]);
    expect((await drill('figure=ordered_buyers')).trades.map((t: any) => t.tid)).toEqual([t1]);
    expect((await drill('figure=silent_sales')).trades).toEqual([expect.objectContaining({ tid: t2, agent: null, conversation_id: null })]);
    expect((await drill('figure=shop_paid')).trades.map((t: any) => t.tid).sort()).toEqual([t1, t2].sort());
    expect((await drill('figure=shop_refunds')).trades.map((t: any) => t.tid)).toEqual([t1]);
    expect((await drill('figure=satisfaction')).ratings).toEqual([
      expect.objectContaining({ conversation_id: c1, buyer_nick: b1.nick, score: 5, satisfied: true, day: DAY }),
    ]);
    expect((await drill('figure=consulted&limit=1')).truncated).toBe(true);
    // Another day has nothing behind it.
    expect((await ok(lead.client.get(`/api/stats/drilldown?from=2026-11-02&to=2026-11-02&figure=consulted`))).contacts).toEqual([]);

    // An agent drills into its own figures only; the shop's are for those who see the team.
    expect((await drill('figure=consulted', agent.client)).contacts).toHaveLength(2);
    const teammate = await newSubAccount(app, shop, 'service');
    expect((await drill('figure=consulted', teammate.client)).contacts).toEqual([]);
    await refused(teammate.client.get(`/api/stats/drilldown?${range}&figure=consulted&agent_id=${agent.id}`), 403, 'PERMISSION_DENIED');
    await refused(agent.client.get(`/api/stats/drilldown?${range}&figure=silent_sales`), 403, 'PERMISSION_DENIED');
    await refused(lead.client.get(`/api/stats/drilldown?${range}&figure=nope`), 400);
    await refused(lead.client.get('/api/stats/drilldown?from=2026-11-02&to=2026-11-01&figure=sales'), 400, 'BAD_TIME_RANGE');
    // Another shop sees none of it.
    const other = await chatShop(app);
    expect((await ok(other.owner.get(`/api/stats/drilldown?${range}&figure=shop_paid`))).trades).toEqual([]);
    for (const s of [b1.socket, b2.socket, agent.socket]) s.close();
  });
});
