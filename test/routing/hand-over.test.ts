import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say, setLimit, untilStatus } from '../chat/helpers.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  // A short grace period: the test waits for an agent whose workbench closed to count as gone.
  app = await createTestApp({ agentOfflineGraceMs: 300 });
});
afterAll(() => app.close());

const handedOver = (m: any) => m.sender === 'system' && m.body.event === 'handed_over';

/** A shop whose agent `a` serves `n` buyers. */
async function agentWithBuyers(n: number) {
  const shop = await chatShop(app);
  const a = await openAgent(app, shop);
  const buyers = [];
  for (let i = 0; i < n; i++) {
    const buyer = await openBuyer(app, shop);
    const cid = (await say(buyer.socket, `买家 ${i}`)).conversation_id;
    await a.socket.next('conversation:assigned', (e) => e.conversation.id === cid);
    buyers.push({ ...buyer, cid });
  }
  return { shop, a, buyers };
}

const load = async (shop: { owner: any }) =>
  Object.fromEntries((await ok(shop.owner.get('/api/routing/agents'))).agents.map((x: any) => [x.account_id, x]));

describe('an agent going offline', () => {
  it('hands its chats to the others within their limits, and queues the rest', async () => {
    const { shop, a, buyers } = await agentWithBuyers(3);
    const b = await openAgent(app, shop);
    const c = await openAgent(app, shop);
    await setLimit(shop.owner, b.id, 1);
    await setLimit(shop.owner, c.id, 1);

    expect((await ok(a.client.post('/api/routing/status', { status: 'offline' }))).status).toBe('offline');
    const agents = await load(shop);
    expect([agents[a.id].active, agents[b.id].active, agents[c.id].active]).toEqual([0, 1, 1]);
    expect((await ok(shop.owner.get('/api/routing/queue'))).queued).toBe(1);

    const told = await Promise.all(buyers.map((x) => x.socket.next('message', handedOver)));
    const taken = told.filter((m) => m.body.to_agent);
    expect(taken.map((m) => m.body.to_agent.id).sort()).toEqual([b.id, c.id].sort());
    for (const m of told) expect(m.body).toMatchObject({ from_agent: { id: a.id }, text: expect.stringMatching(/离线/), text_en: expect.any(String) });
    const queued = buyers[told.findIndex((m) => m.body.status === 'queued')];
    await queued.socket.next('conversation', (e) => e.status === 'queued' && e.position === 1);
    for (const [agent, m] of [[b, taken.find((x) => x.body.to_agent.id === b.id)], [c, taken.find((x) => x.body.to_agent.id === c.id)]] as const) {
      const assigned = await agent.socket.next('conversation:assigned', (e) => e.conversation.id === m.conversation_id);
      expect(assigned).toMatchObject({ handed_over: { from_agent_id: a.id }, conversation: { last_seq: m.seq } });
      expect(await agent.socket.next('message', handedOver)).toMatchObject({ seq: m.seq });
    }
    await expect.poll(() => a.socket.seen('conversation:removed').filter((e) => e.reason === 'handed_over').length).toBe(3);
    expect((await conversation(shop.owner, queued.cid)).assignment).toBeNull();

    // The queued buyer is served the moment one of them has room.
    const servedByB = taken.find((x) => x.body.to_agent.id === b.id)!.conversation_id;
    await ok(b.client.post(`/api/conversations/${servedByB}/end`));
    await routedTo(shop.owner, queued.cid, { status: 'active', agent_id: b.id });
    for (const s of [...buyers, a, b, c]) s.socket.close();
  });

  it('keeps its chats while busy or suspended: those only stop new ones', async () => {
    const { shop, a, buyers } = await agentWithBuyers(2);
    const b = await openAgent(app, shop);
    await ok(a.client.post('/api/routing/status', { status: 'busy' }));
    expect((await load(shop))[a.id]).toMatchObject({ status: 'busy', active: 2 });
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const req = (await ok(a.client.post('/api/routing/suspend-requests', { reason: '开会' }), 201)).request;
    await ok(supervisor.client.post(`/api/routing/suspend-requests/${req.id}/approve`));
    await untilStatus(a.socket, 'suspended');
    expect((await load(shop))[a.id]).toMatchObject({ status: 'suspended', active: 2 });
    const newcomer = await openBuyer(app, shop);
    const m = await say(newcomer.socket, '新来的');
    await routedTo(shop.owner, m.conversation_id, { agent_id: b.id });
    for (const x of buyers) expect(x.socket.seen('message').filter(handedOver)).toEqual([]);

    // Going offline from 挂起 hands them over after all.
    await ok(a.client.post('/api/routing/status', { status: 'offline' }));
    for (const x of buyers) await routedTo(shop.owner, x.cid, { status: 'active', agent_id: b.id });
    for (const s of [...buyers, newcomer, a, b]) s.socket.close();
  });

  it('leaves 留言 when nobody else is online, served as soon as someone comes', async () => {
    const { shop, a, buyers } = await agentWithBuyers(2);
    await ok(a.client.post('/api/routing/status', { status: 'offline' }));
    for (const x of buyers) {
      expect((await x.socket.next('message', handedOver)).body).toMatchObject({ to_agent: null, status: 'waiting' });
      await x.socket.next('conversation', (e) => e.status === 'waiting');
    }
    // The buyer can go on writing meanwhile.
    await say(buyers[0].socket, '还在吗');
    const b = await openAgent(app, shop);
    for (const x of buyers) await routedTo(shop.owner, x.cid, { status: 'active', agent_id: b.id });
    for (const s of [...buyers, a, b]) s.socket.close();
  });

  it('hands its chats over once its last workbench has been closed for the grace period', async () => {
    const { shop, a, buyers } = await agentWithBuyers(1);
    const b = await openAgent(app, shop);
    a.socket.close();
    expect((await buyers[0].socket.next('message', handedOver)).body).toMatchObject({ from_agent: { id: a.id }, to_agent: { id: b.id } });
    await routedTo(shop.owner, buyers[0].cid, { status: 'active', agent_id: b.id });
    expect((await load(shop))[a.id].status).toBe('offline');
    for (const s of [...buyers, b]) s.socket.close();
  });
});
