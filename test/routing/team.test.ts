import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { chatShop, conversation, openAgent, openBuyer, routedTo, say, setLimit, untilStatus } from '../chat/helpers.ts';
import { newItem, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('the team: 挂起, transfer, reassignment, settings', () => {
  it('suspends (挂起) only with a supervisor’s approval, and a suspended agent gets no new chats', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    const b = await openAgent(app, shop);
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const req = (await ok(a.client.post('/api/routing/suspend-requests', { reason: '午饭' }), 201)).request;
    expect(req.status).toBe('pending');
    expect((await a.client.post('/api/routing/suspend-requests', { reason: '再来一次' })).body.code).toBe('SUSPEND_ALREADY_REQUESTED');
    expect((await b.client.post(`/api/routing/suspend-requests/${req.id}/approve`)).body.code).toBe('PERMISSION_DENIED');
    expect((await a.client.post('/api/routing/status', { status: 'online' })).status).toBe(200);
    const approved = (await ok(supervisor.client.post(`/api/routing/suspend-requests/${req.id}/approve`, { note: '去吧' }))).request;
    expect(approved).toMatchObject({ status: 'approved', decided_by: supervisor.id, note: '去吧' });
    await untilStatus(a.socket, 'suspended');
    expect((await a.socket.next('suspend:decided')).request.status).toBe('approved');

    const buyers = [await openBuyer(app, shop), await openBuyer(app, shop)];
    for (const buyer of buyers) await say(buyer.socket, '有人吗');
    await b.socket.next('conversation:assigned');
    await expect.poll(() => b.socket.seen('conversation:assigned').length).toBe(2);
    const agents = (await ok(shop.owner.get('/api/routing/agents'))).agents;
    expect(agents.find((x: any) => x.account_id === a.id)).toMatchObject({ status: 'suspended', active: 0 });
    expect(agents.find((x: any) => x.account_id === b.id)).toMatchObject({ active: 2 });

    // Going back online ends the suspension; a refused request changes nothing.
    expect((await ok(a.client.post('/api/routing/status', { status: 'online' }))).status).toBe('online');
    const again = (await ok(a.client.post('/api/routing/suspend-requests', { reason: '开会' }), 201)).request;
    expect((await ok(supervisor.client.post(`/api/routing/suspend-requests/${again.id}/refuse`, { note: '现在太忙' }))).request.status).toBe('refused');
    expect((await a.client.post(`/api/routing/suspend-requests/${again.id}/approve`)).body.code).toBe('PERMISSION_DENIED');
    const mine = (await ok(a.client.get('/api/routing/suspend-requests'))).requests;
    expect(mine.map((r: any) => r.status)).toEqual(['refused', 'ended']);
    await untilStatus(a.socket, 'online');
    for (const s of [...buyers, a, b]) s.socket.close();
  });

  it('transfers to a teammate with a note, within the limit; a supervisor reassigns', async () => {
    const shop = await chatShop(app);
    const a = await openAgent(app, shop);
    const buyer = await openBuyer(app, shop);
    const m = await say(buyer.socket, '我要退货');
    await a.socket.next('conversation:assigned');
    const b = await openAgent(app, shop);
    await setLimit(shop.owner, b.id, 1);
    const moved = await ok(a.client.post(`/api/conversations/${m.conversation_id}/transfer`, { to_agent_id: b.id, note: '退货问题，请跟进' }));
    expect(moved.conversation).toMatchObject({ agent_id: b.id, status: 'active' });
    const got = await b.socket.next('conversation:assigned');
    expect(got.transfer).toMatchObject({ from_agent_id: a.id, note: '退货问题，请跟进' });
    expect(await a.socket.next('conversation:removed')).toMatchObject({ id: m.conversation_id, reason: 'transfer' });
    await buyer.socket.next('conversation', (e) => e.agent?.id === b.id);
    // b is now full: the next buyer goes to a, and nothing more can be handed to b.
    const other = await openBuyer(app, shop);
    const m2 = await say(other.socket, '在吗');
    await routedTo(shop.owner, m2.conversation_id, { agent_id: a.id });
    expect((await a.client.post(`/api/conversations/${m2.conversation_id}/transfer`, { to_agent_id: b.id })).body.code).toBe('AGENT_AT_LIMIT');
    expect((await a.client.post(`/api/conversations/${m.conversation_id}/transfer`, { to_agent_id: a.id })).body.code).toBe('NOT_YOUR_CONVERSATION');
    expect((await b.client.post(`/api/conversations/${m2.conversation_id}/transfer`, { to_agent_id: b.id })).body.code).toBe('NOT_YOUR_CONVERSATION');
    // A teammate who has never been online is there but not receiving; a warehouse account is no agent at all.
    const newcomer = await newSubAccount(app, shop, 'service');
    const toNewcomer = (await a.client.post(`/api/conversations/${m2.conversation_id}/transfer`, { to_agent_id: newcomer.id })).body;
    expect(toNewcomer).toMatchObject({ code: 'AGENT_NOT_RECEIVING', details: { status: 'offline' }, message: expect.stringContaining('对方') });
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    expect((await a.client.post(`/api/conversations/${m2.conversation_id}/transfer`, { to_agent_id: warehouse.id })).body.code).toBe('AGENT_NOT_FOUND');
    await routedTo(shop.owner, m2.conversation_id, { agent_id: a.id });

    const supervisor = await newSubAccount(app, shop, 'supervisor');
    expect((await a.client.post(`/api/conversations/${m2.conversation_id}/reassign`, { to_agent_id: b.id })).body.code).toBe('PERMISSION_DENIED');
    expect((await supervisor.client.post(`/api/conversations/${m2.conversation_id}/reassign`, { to_agent_id: b.id })).body.code).toBe('AGENT_AT_LIMIT');
    await setLimit(shop.owner, b.id, 2);
    await ok(supervisor.client.post(`/api/conversations/${m2.conversation_id}/reassign`, { to_agent_id: b.id, note: '你熟悉这个买家' }));
    expect(await conversation(shop.owner, m2.conversation_id)).toMatchObject({ agent_id: b.id, status: 'active' });
    expect((await b.socket.next('conversation:assigned', (e) => e.conversation.id === m2.conversation_id)).reassign).toMatchObject({ note: '你熟悉这个买家' });
    expect((await supervisor.client.post(`/api/conversations/${m2.conversation_id}/reassign`, { to_agent_id: b.id })).body.code).toBe('ALREADY_SERVING');
    for (const s of [buyer, other, a, b]) s.socket.close();
  });

  it('keeps groups, settings and limits to those allowed to manage them', async () => {
    const shop = await chatShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    expect((await agent.client.patch('/api/routing/settings', { mode: 'round_robin' })).status).toBe(403);
    expect((await agent.client.patch(`/api/routing/agents/${agent.id}`, { reception_limit: 99 })).status).toBe(403);
    expect((await ok(shop.owner.patch('/api/routing/settings', { mode: 'weighted' }))).settings.mode).toBe('weighted');
    expect((await shop.owner.post('/api/routing/groups', { name: '仓库', member_ids: [warehouse.id] })).body.code).toBe('BAD_GROUP_MEMBERS');
    expect((await warehouse.client.post('/api/routing/status', { status: 'online' })).body.code).toBe('ROLE_DOES_NOT_SERVE');
    const g = (await ok(shop.owner.post('/api/routing/groups', { name: '售前' }), 201)).group;
    expect((await shop.owner.post('/api/routing/groups', { name: '售前' })).status).toBe(409);
    await ok(shop.owner.patch(`/api/routing/groups/${g.id}`, { member_ids: [agent.id] }));
    await ok(shop.owner.patch('/api/routing/settings', { presales_group_id: g.id }));
    await ok(shop.owner.request('DELETE', `/api/routing/groups/${g.id}`));
    expect((await ok(shop.owner.get('/api/routing/settings'))).settings.presales_group_id).toBeNull();
    const audit = (await ok(shop.owner.get('/api/audit?entity=shop'))).entries.map((e: any) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['routing.settings.update', 'routing.group.create', 'routing.group.delete']));
  });
});
