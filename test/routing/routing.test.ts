import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { chatShop, openAgent, openBuyer, routedTo, say, setLimit, untilStatus } from '../chat/helpers.ts';
import { newItem, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('routing (分流)', () => {
  it('queues buyers beyond every limit with their position, and serves the queue the moment capacity frees', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    await setLimit(shop.owner, agent.id, 1);
    const [b1, b2, b3] = [await openBuyer(app, shop), await openBuyer(app, shop), await openBuyer(app, shop)];
    const m1 = await say(b1.socket, '一号');
    await agent.socket.next('conversation:assigned', (e) => e.conversation.id === m1.conversation_id);
    const m2 = await say(b2.socket, '二号');
    const m3 = await say(b3.socket, '三号');
    expect(await b2.socket.next('conversation', (e) => e.status === 'queued' && e.position === 1)).toBeTruthy();
    expect(await b3.socket.next('conversation', (e) => e.status === 'queued' && e.position === 2)).toBeTruthy();
    expect((await b3.socket.ask('queue:position')).position).toBe(2);
    expect((await ok(shop.owner.get('/api/routing/queue'))).queue.map((q: any) => q.id)).toEqual([m2.conversation_id, m3.conversation_id]);

    await ok(agent.client.post(`/api/conversations/${m1.conversation_id}/end`));
    await b1.socket.next('conversation', (e) => e.status === 'ended');
    await agent.socket.next('conversation:assigned', (e) => e.conversation.id === m2.conversation_id);
    await b2.socket.next('conversation', (e) => e.status === 'active');
    await b3.socket.next('conversation', (e) => e.status === 'queued' && e.position === 1);
    const agents = (await ok(shop.owner.get('/api/routing/agents'))).agents;
    expect(agents).toEqual([expect.objectContaining({ account_id: agent.id, active: 1, reception_limit: 1, status: 'online' })]);
    for (const s of [b1, b2, b3, agent]) s.socket.close();
  });

  it('gives the buyer back to the recent contact within 3 days, else balances by load', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const m = await say(buyer.socket, '第一次咨询');
    await a.socket.next('conversation:assigned');
    await ok(a.client.post(`/api/conversations/${m.conversation_id}/end`));
    const b = await openAgent(app, shop);
    // Balanced would pick b (no chats); the recent contact a still has room and gets the buyer back.
    app.clock.advance(2 * DAY);
    await say(buyer.socket, '又来了');
    await routedTo(shop.owner, m.conversation_id, { status: 'active', agent_id: a.id });
    await ok(a.client.post(`/api/conversations/${m.conversation_id}/end`));
    app.clock.advance(4 * DAY);
    await say(buyer.socket, '过了几天');
    await b.socket.next('conversation:assigned', (e) => e.conversation.id === m.conversation_id);
    for (const s of [buyer, a, b]) s.socket.close();
  });

  it("routes by the buyer's situation to the group bound to it", async () => {
    const shop = await chatShop(app);
    const presales = await openAgent(app, shop);
    const aftersales = await openAgent(app, shop, 'aftersales');
    const group = (await ok(shop.owner.post('/api/routing/groups', { name: '售后组', member_ids: [aftersales.id] }), 201)).group;
    expect(group.member_ids).toEqual([aftersales.id]);
    const pre = (await ok(shop.owner.post('/api/routing/groups', { name: '售前组', member_ids: [presales.id] }), 201)).group;
    await ok(shop.owner.patch('/api/routing/settings', { aftersales_group_id: group.id, presales_group_id: pre.id, unshipped_group_id: pre.id }));

    const item = await newItem(shop);
    const shipped = await openBuyer(app, shop);
    const tid = await placeTrade(shop, shipped, item);
    await ok(shipped.client.post(`/api/buyer/trades/${tid}/pay`, { payment: 25000 }));
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    await ok(warehouse.client.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: 'SF1234567890' }));
    const browsing = await openBuyer(app, shop);

    const m1 = await say(shipped.socket, '快递到哪了');
    const m2 = await say(browsing.socket, '这件有货吗');
    await routedTo(shop.owner, m1.conversation_id, { agent_id: aftersales.id, situation: 'aftersales', status: 'active' });
    await routedTo(shop.owner, m2.conversation_id, { agent_id: presales.id, situation: 'presales' });
    for (const s of [shipped, browsing, presales, aftersales]) s.socket.close();
  });

  it('ends conversations left idle, and keeps 留言 while everybody is offline', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    await ok(shop.owner.patch('/api/routing/settings', { idle_end_minutes: 10 }));
    const buyer = await openBuyer(app, shop);
    const m = await say(buyer.socket, '你好');
    await a.socket.next('conversation:assigned');
    app.clock.advance(11 * 60_000);
    await app.chat.sweeper.sweep();
    await buyer.socket.next('conversation', (e) => e.status === 'ended' && e.reason === 'idle');
    expect(await a.socket.next('conversation:removed')).toMatchObject({ reason: 'idle' });

    await ok(a.client.post('/api/routing/status', { status: 'offline' }));
    await say(buyer.socket, '有人吗？');
    await buyer.socket.next('conversation', (e) => e.status === 'waiting');
    await routedTo(shop.owner, m.conversation_id, { status: 'waiting' });
    await ok(a.client.post('/api/routing/status', { status: 'busy' }));
    await buyer.socket.next('conversation', (e) => e.status === 'active');
    for (const s of [buyer, a]) s.socket.close();
  });

  it('routes a conversation whose node died between storing the message and routing it', async () => {
    const shop = await chatShop(app);
    const agent = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const { conversation: mine } = await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`));
    // Stored, as a node does before it routes, and then nothing: the node is gone.
    const stored = await app.chat.writer.write({
      conversationId: mine.id, shopId: shop.shopId, senderKind: 'buyer', senderId: buyer.id, senderName: buyer.nick,
      clientMsgId: 'orphan', kind: 'text', body: { text: '有人吗' },
    });
    expect(stored.ok).toBe(true);
    app.clock.advance(10_000);
    await app.chat.sweeper.sweep();
    await routedTo(shop.owner, mine.id, { status: 'active', agent_id: agent.id });
    for (const s of [buyer, agent]) s.socket.close();
  });
});
