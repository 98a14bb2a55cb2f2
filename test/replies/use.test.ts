import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConversation } from '../../src/modules/chat/store.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { addGroup, addReply, refused } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const TEMPLATE = '{买家}您好，我是客服{客服}。您的订单{订单号}已发出，运单号{运单号}，请留意查收';

/** A shop with an agent, a buyer, the buyer's conversation with the shop, and a phrase using every variable. */
async function scene() {
  const shop = await newShop(app);
  const agent = await newSubAccount(app, shop, 'service');
  const buyer = await newBuyer(app);
  const conversation = await ensureConversation(app.ctx.database.db, shop.shopId, buyer.id, buyer.nick);
  const g = await addGroup(shop.owner, 'team', '物流');
  const reply = await addReply(shop.owner, { scope: 'team', group_id: g.id, code: '/fh', text: TEMPLATE });
  const agentName = (await app.ctx.database.db.selectFrom('accounts').select('display_name').where('id', '=', agent.id)
    .executeTakeFirstOrThrow()).display_name;
  return { shop, agent, buyer, conversation, reply, agentName };
}

describe('replies.use', () => {
  it("fills the buyer, the agent, and the buyer's latest trade with its waybill number once shipped", async () => {
    const { shop, agent, buyer, conversation, reply, agentName } = await scene();
    const use = () => ok(agent.client.post(`/api/replies/${reply.id}/use`, { conversation_id: conversation.id }));

    const noTrade = await use();
    expect(noTrade).toEqual({
      id: reply.id, used: 1, missing: ['订单号', '运单号'],
      text: `${buyer.nick}您好，我是客服${agentName}。您的订单{订单号}已发出，运单号{运单号}，请留意查收`,
    });

    const item = await newItem(shop);
    const older = await placeTrade(shop, buyer, item);
    app.clock.advance(60_000);
    const tid = await placeTrade(shop, buyer, item);
    expect(tid).not.toBe(older);
    const unshipped = await use();
    expect(unshipped.missing).toEqual(['运单号']);
    expect(unshipped.text).toContain(`订单${tid}已发出`);

    // Shipped as the trade's shipment records it; how it got there is the trades module's business.
    await app.ctx.database.db.updateTable('trades')
      .set({ status: 'WAIT_BUYER_CONFIRM_GOODS', company_code: 'ZTO', out_sid: 'ZT7788990011' }).where('tid', '=', tid).execute();
    const shipped = await use();
    expect(shipped).toMatchObject({ missing: [], used: 3 });
    expect(shipped.text).toBe(`${buyer.nick}您好，我是客服${agentName}。您的订单${tid}已发出，运单号ZT7788990011，请留意查收`);

    const byNick = await ok(agent.client.post(`/api/replies/${reply.id}/use`, { buyer_nick: buyer.nick }));
    expect(byNick.text).toBe(shipped.text);
    const alone = await ok(agent.client.post(`/api/replies/${reply.id}/use`));
    expect(alone).toMatchObject({ missing: ['买家', '订单号', '运单号'], used: 5 });
    expect(alone.text).toContain(`我是客服${agentName}`);
    // No body at all, as a bare fetch sends it.
    const bare = await app.http.inject({ method: 'POST', url: `/api/replies/${reply.id}/use`, headers: { cookie: agent.client.cookie } });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json().used).toBe(6);
  });

  it("never fills from another shop's conversation or trades", async () => {
    const { reply, shop, agent, buyer } = await scene();
    const other = await newShop(app);
    const foreign = await ensureConversation(app.ctx.database.db, other.shopId, buyer.id, buyer.nick);
    await refused(agent.client.post(`/api/replies/${reply.id}/use`, { conversation_id: foreign.id }), 404, 'CONVERSATION_NOT_FOUND');
    const otherItem = await newItem(other);
    await placeTrade(other, buyer, otherItem);
    const res = await ok(agent.client.post(`/api/replies/${reply.id}/use`, { buyer_nick: buyer.nick }));
    expect(res.missing).toEqual(['订单号', '运单号']);
    // A refused use is not counted.
    expect(res.used).toBe(1);
    await refused(agent.client.post(`/api/replies/${reply.id}/use`, { conversation_id: 'x' }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/replies/999999999/use', {}), 404, 'REPLY_NOT_FOUND');
  });

  it('counts every use made at the same moment', async () => {
    const { agent, shop, conversation, reply } = await scene();
    const uses = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      (i % 2 ? agent.client : shop.owner).post(`/api/replies/${reply.id}/use`, { conversation_id: conversation.id })));
    expect(uses.every((u) => u.status === 200)).toBe(true);
    expect(new Set(uses.map((u) => u.body.used)).size).toBe(30);
    const row = await app.ctx.database.db.selectFrom('quick_replies').select('used').where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(row.used).toBe(30);
  });

  it("fills an agent's personal phrase for its owner", async () => {
    const { agent, conversation, buyer } = await scene();
    const mine = await addGroup(agent.client, 'personal', '我的');
    const own = await addReply(agent.client, { scope: 'personal', group_id: mine.id, code: '/hi', text: '{买家}，{客服}在的' });
    const res = await ok(agent.client.post(`/api/replies/${own.id}/use`, { conversation_id: conversation.id }));
    expect(res.text.startsWith(`${buyer.nick}，`)).toBe(true);
    expect(res.missing).toEqual([]);
  });
});
