import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say, setLimit, untilStatus } from '../chat/helpers.ts';
import type { Client } from '../support/client.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { clientId } from '../support/sockets.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

type Shop = Awaited<ReturnType<typeof chatShop>>;

const claim = (agent: { client: Client }, id: number) => agent.client.post(`/api/conversations/${id}/claim`);

/**
 * A shop whose 售前组 (agent `a`, limit 1) is full: the first buyer is served, two more wait in the group's queue.
 * `b`, an after-sales agent outside the group, is online with room, so routing never gives it those buyers.
 */
async function fullGroupWithQueue() {
  const shop = await chatShop(app);
  const a = await openAgent(app, shop);
  await setLimit(shop.owner, a.id, 1);
  const group = (await ok(shop.owner.post('/api/routing/groups', { name: '售前组', member_ids: [a.id] }), 201)).group;
  await ok(shop.owner.patch('/api/routing/settings', { presales_group_id: group.id }));
  const b = await openAgent(app, shop, 'aftersales');
  const buyers: (Awaited<ReturnType<typeof openBuyer>> & { cid: number })[] = [];
  for (const text of ['一号', '二号', '三号']) {
    const buyer = await openBuyer(app, shop);
    buyers.push({ ...buyer, cid: (await say(buyer.socket, text)).conversation_id as number });
  }
  const [served, first, second] = buyers;
  await routedTo(shop.owner, served.cid, { status: 'active', agent_id: a.id });
  await first.socket.next('conversation', (e) => e.status === 'queued' && e.position === 1);
  await second.socket.next('conversation', (e) => e.status === 'queued' && e.position === 2);
  return { shop, a, b, served, first, second, close: () => [a, b, ...buyers].forEach((x) => x.socket.close()) };
}

/** A buyer who wrote while nobody of the shop was online: a 留言. */
async function leftMessage(shop: Shop) {
  const buyer = await openBuyer(app, shop);
  const cid = (await say(buyer.socket, '有人吗？')).conversation_id as number;
  await buyer.socket.next('conversation', (e) => e.status === 'waiting');
  return { ...buyer, cid };
}

/** Everything a claim could move: the conversations, the queue, the agents' load and the assignment history. */
async function routingState(owner: Client, ids: number[]) {
  const conversations = await Promise.all(ids.map(async (id) => {
    const c = await conversation(owner, id);
    const { assignments } = await ok(owner.get(`/api/supervision/conversations/${id}`));
    return { id, status: c.status, agent_id: c.agent_id, position: c.position, assignments: assignments.length };
  }));
  const { agents } = await ok(owner.get('/api/routing/agents'));
  const queue = await ok(owner.get('/api/routing/queue'));
  return { conversations, agents: agents.map((x: any) => ({ id: x.account_id, status: x.status, active: x.active })), queue };
}

/** Asserts the refusal's status and code, and that the shop's routing is exactly as before. */
async function refused(shop: Shop, ids: number[], attempt: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = await routingState(shop.owner, ids);
  const res = await attempt();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.code).toBe(code);
  expect(await routingState(shop.owner, ids)).toEqual(before);
  return res.body;
}

describe('an agent takes a conversation itself (conversation.claim)', () => {
  it('takes a queued buyer the full group cannot serve: the buyer is served at once, the queue moves up', async () => {
    const { shop, a, b, first, second, close } = await fullGroupWithQueue();
    const bName = (await ok(shop.owner.get('/api/routing/agents'))).agents.find((x: any) => x.account_id === b.id).name;

    const taken = await ok(claim(b, first.cid));
    expect(taken.conversation).toMatchObject({ id: first.cid, buyer_nick: first.nick, status: 'active', agent_id: b.id, situation: 'presales' });

    // The buyer learns who serves them; the agent's workbench gets the chat, marked as taken by itself.
    expect(await first.socket.next('conversation', (e) => e.status === 'active')).toEqual({ id: first.cid, status: 'active', agent: { id: b.id, name: bName } });
    expect(await b.socket.next('conversation:assigned', (e) => e.conversation.id === first.cid)).toMatchObject({
      conversation: { status: 'active', agent_id: b.id, buyer_nick: first.nick },
      claim: { from_agent_id: null, from_name: null, by: b.login, note: null },
    });
    expect((await ok(first.client.get(`/api/buyer/chat/${shop.name}`))).conversation).toMatchObject({ status: 'active', position: null });

    // The buyer behind moves to the head of the queue.
    await second.socket.next('conversation', (e) => e.status === 'queued' && e.position === 1);
    expect(await ok(shop.owner.get('/api/routing/queue'))).toEqual({ queue: [{ id: second.cid, position: 1 }], queued: 1, waiting: 0 });
    const load = (await ok(shop.owner.get('/api/routing/agents'))).agents;
    expect(load.map((x: any) => [x.account_id, x.active])).toEqual([[a.id, 1], [b.id, 1]]);

    // How it was taken is kept for the team: the open assignment and the supervisor's history say 'claim'.
    expect((await conversation(shop.owner, first.cid)).assignment).toMatchObject({ agent_id: b.id, via: 'claim', from_agent_id: null, note: null });
    const { assignments } = await ok(shop.owner.get(`/api/supervision/conversations/${first.cid}`));
    expect(assignments).toEqual([expect.objectContaining({ agent_id: b.id, via: 'claim', from_agent_id: null, ended_at: null })]);

    // From now on the two talk to each other; the group's agent hears nothing of it.
    await say(first.socket, '在吗');
    expect(await b.socket.next('message', (m) => m.conversation_id === first.cid && m.sender === 'buyer')).toMatchObject({ body: { text: '在吗' } });
    const reply = await b.socket.ask('message:send', { conversation_id: first.cid, client_msg_id: clientId(), kind: 'text', text: '您好，我来接待' });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    expect(await first.socket.next('message', (m) => m.sender === 'agent')).toMatchObject({ sender_id: b.id, body: { text: '您好，我来接待' } });
    expect(a.socket.seen('message').filter((m) => m.conversation_id === first.cid)).toEqual([]);
    close();
  });

  it('a busy agent may still take one: busy stops only the chats routing would give it', async () => {
    const { shop, b, first, close } = await fullGroupWithQueue();
    await ok(b.client.post('/api/routing/status', { status: 'busy' }));
    expect((await ok(claim(b, first.cid))).conversation).toMatchObject({ status: 'active', agent_id: b.id });
    await routedTo(shop.owner, first.cid, { status: 'active', agent_id: b.id, assignment: { via: 'claim' } });
    close();
  });

  it('takes a 留言 in the moment between coming online and routing reaching it', async () => {
    const shop = await chatShop(app);
    const buyer = await leftMessage(shop);
    // Coming online serves every 留言 at once; holding that pass back leaves the moment a claim can win.
    const drain = vi.spyOn(app.chat.router, 'drain').mockResolvedValue(undefined);
    onTestFinished(() => drain.mockRestore());
    const b = await openAgent(app, shop);
    expect(await ok(shop.owner.get('/api/routing/queue'))).toMatchObject({ waiting: 1 });
    expect((await ok(claim(b, buyer.cid))).conversation).toMatchObject({ id: buyer.cid, status: 'active', agent_id: b.id });
    drain.mockRestore();
    expect(await buyer.socket.next('conversation', (e) => e.status === 'active')).toMatchObject({ agent: { id: b.id } });
    expect(await b.socket.next('conversation:assigned', (e) => e.conversation.id === buyer.cid)).toMatchObject({ claim: { by: b.login } });
    expect(await ok(shop.owner.get('/api/routing/queue'))).toEqual({ queue: [], queued: 0, waiting: 0 });
    expect((await conversation(shop.owner, buyer.cid)).assignment).toMatchObject({ agent_id: b.id, via: 'claim' });
    for (const s of [buyer, b]) s.socket.close();
  });

  it('refuses an agent who is offline, and a 留言 that routing already gave to someone else', async () => {
    const shop = await chatShop(app);
    // An agent whose shift ended before the buyer wrote.
    const late = await newSubAccount(app, shop, 'service');
    await ok(late.client.post('/api/routing/status', { status: 'online' }));
    await ok(late.client.post('/api/routing/status', { status: 'offline' }));
    const buyer = await leftMessage(shop);
    // A new agent who has never been online is offline too, not unknown, and is told it is the one not online.
    const fresh = await newSubAccount(app, shop, 'service');
    const never = await refused(shop, [buyer.cid], () => claim(fresh, buyer.cid), 409, 'AGENT_NOT_RECEIVING');
    expect(never).toMatchObject({ details: { status: 'offline' }, message: expect.stringContaining('你当前不在线') });
    // Offline: it takes no chats, so it cannot take this one either.
    expect(await refused(shop, [buyer.cid], () => claim(late, buyer.cid), 409, 'AGENT_NOT_RECEIVING')).toMatchObject({ details: { status: 'offline' } });
    expect(await ok(shop.owner.get('/api/routing/queue'))).toMatchObject({ waiting: 1 });

    // Another agent comes online first and is given the 留言; the late one's list was out of date.
    const first = await openAgent(app, shop);
    await routedTo(shop.owner, buyer.cid, { status: 'active', agent_id: first.id });
    await ok(late.client.post('/api/routing/status', { status: 'online' }));
    const body = await refused(shop, [buyer.cid], () => claim(late, buyer.cid), 409, 'CONVERSATION_ACTION_NOT_ALLOWED');
    expect(body.details).toEqual({ status: 'active', command: 'claim' });
    expect((await conversation(shop.owner, buyer.cid)).assignment).toMatchObject({ agent_id: first.id, via: 'shop' });
    expect(buyer.socket.seen('conversation').filter((e) => e.status === 'active')).toEqual([{ id: buyer.cid, status: 'active', agent: expect.objectContaining({ id: first.id }) }]);
    for (const s of [buyer, first]) s.socket.close();
  });

  it("refuses another shop's conversation, one already served, an agent at its limit, a suspended one and a non-serving role; each changes nothing", async () => {
    const { shop, a, b, served, first, second, close } = await fullGroupWithQueue();
    const ids = [served.cid, first.cid, second.cid];

    // Another shop's agent, online with room, learns nothing of this shop's conversations.
    const other = await chatShop(app);
    const stranger = await openAgent(app, other);
    await refused(shop, ids, () => claim(stranger, first.cid), 404, 'CONVERSATION_NOT_FOUND');
    await refused(shop, ids, () => claim(b, 2 ** 52), 404, 'CONVERSATION_NOT_FOUND');

    // Served by a: neither b nor a itself may claim it.
    await refused(shop, ids, () => claim(b, served.cid), 409, 'CONVERSATION_ACTION_NOT_ALLOWED');
    await refused(shop, ids, () => claim(a, served.cid), 409, 'CONVERSATION_ACTION_NOT_ALLOWED');

    // The group's agent is full; b with its limit lowered to what it serves (none) is full too.
    expect(await refused(shop, ids, () => claim(a, first.cid), 409, 'AGENT_AT_LIMIT')).toMatchObject({ details: { limit: 1, active: 1 } });
    await setLimit(shop.owner, b.id, 0);
    expect(await refused(shop, ids, () => claim(b, first.cid), 409, 'AGENT_AT_LIMIT')).toMatchObject({ details: { limit: 0, active: 0 } });
    await setLimit(shop.owner, b.id, 10);

    // 挂起 takes no chats, claimed or routed.
    const req = (await ok(b.client.post('/api/routing/suspend-requests', { reason: '培训' }), 201)).request;
    await ok(shop.owner.post(`/api/routing/suspend-requests/${req.id}/approve`));
    await untilStatus(b.socket, 'suspended');
    expect(await refused(shop, ids, () => claim(b, first.cid), 409, 'AGENT_NOT_RECEIVING')).toMatchObject({ details: { status: 'suspended' } });

    // The warehouse never receives chats: to routing it is no agent at all.
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    await refused(shop, ids, () => claim(warehouse, first.cid), 404, 'AGENT_NOT_FOUND');
    // Signed out, or signed in as a buyer: nobody the shop knows.
    const anonymous = async () => {
      const res = await app.http.inject({ method: 'POST', url: `/api/conversations/${first.cid}/claim` });
      return { status: res.statusCode, body: res.json() };
    };
    await refused(shop, ids, anonymous, 401, 'NOT_LOGGED_IN');
    await refused(shop, ids, () => claim(second, first.cid), 401, 'NOT_LOGGED_IN');

    // None of it reached the waiting buyers; once b is back online the claim goes through.
    expect(first.socket.seen('conversation').filter((e) => e.status === 'active')).toEqual([]);
    await ok(b.client.post('/api/routing/status', { status: 'online' }));
    expect((await ok(claim(b, first.cid))).conversation).toMatchObject({ status: 'active', agent_id: b.id });
    await first.socket.next('conversation', (e) => e.status === 'active' && e.agent.id === b.id);
    stranger.socket.close();
    close();
  });
});
