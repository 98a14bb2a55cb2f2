import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { newShop, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { addGroup, addReply, del, list, refused, team } from './helpers.ts';

let app: TestApp;
let t: Awaited<ReturnType<typeof team>>;
beforeAll(async () => {
  app = await createTestApp();
  t = await team(app);
});
afterAll(() => app.close());

describe('team and personal quick replies', () => {
  it('lets the shop manage team phrases that every agent sees, and each agent keep its own that nobody else sees', async () => {
    const { shop, agent, other, supervisor } = await team(app);
    const greet = await addGroup(shop.owner, 'team', '问候');
    expect(greet).toMatchObject({ scope: 'team', name: '问候' });
    const hi = await addReply(shop.owner, { scope: 'team', group_id: greet.id, code: '/hi', text: '{买家}您好，我是{客服}，很高兴为您服务' });
    expect(hi).toMatchObject({ scope: 'team', code: '/hi', used: 0 });
    const bySupervisor = await addReply(supervisor.client, { scope: 'team', group_id: greet.id, code: '/zai', text: '亲，在的' });

    const mine = await addGroup(agent.client, 'personal', '我的常用');
    const own = await addReply(agent.client, { scope: 'personal', group_id: mine.id, code: '/hi', text: '亲，小美在的' });
    expect(own).toMatchObject({ scope: 'personal', code: '/hi' });

    const seen = await list(agent.client);
    expect(seen.groups.map((g) => [g.scope, g.name, g.replies.map((r) => r.id)])).toEqual([
      ['team', '问候', [hi.id, bySupervisor.id]],
      ['personal', '我的常用', [own.id]],
    ]);
    expect(seen).toMatchObject({ total: 3, variables: ['买家', '订单号', '运单号', '客服'], can_manage_team: false });

    const seenByOther = await list(other.client);
    expect(seenByOther.groups.map((g) => g.name)).toEqual(['问候']);
    expect(seenByOther.total).toBe(2);
    expect((await list(shop.owner)).can_manage_team).toBe(true);
    // Nobody, not even the main account, reads or changes an agent's personal phrases.
    expect((await list(shop.owner)).total).toBe(2);
    await refused(shop.owner.patch(`/api/replies/${own.id}`, { text: '改掉' }), 404, 'REPLY_NOT_FOUND');
    await refused(del(other.client, `/api/replies/${own.id}`), 404, 'REPLY_NOT_FOUND');
    await refused(other.client.post(`/api/replies/${own.id}/use`, {}), 404, 'REPLY_NOT_FOUND');
    await refused(other.client.patch(`/api/replies/groups/${mine.id}`, { name: '偷看' }), 404, 'REPLY_GROUP_NOT_FOUND');
  });

  it('refuses team changes to an agent without replies.manage, and personal phrases in team groups', async () => {
    const greet = await addGroup(t.shop.owner, 'team', `问候${Date.now()}`);
    const hi = await addReply(t.shop.owner, { scope: 'team', group_id: greet.id, text: '亲，在的' });
    const denied = await refused(t.agent.client.post('/api/replies', { scope: 'team', group_id: greet.id, text: '我也来' }), 403,
      'PERMISSION_DENIED');
    expect(denied.details).toEqual({ permission: 'replies.manage' });
    await refused(t.agent.client.patch(`/api/replies/${hi.id}`, { text: '改' }), 403, 'PERMISSION_DENIED');
    await refused(del(t.agent.client, `/api/replies/${hi.id}`), 403, 'PERMISSION_DENIED');
    await refused(t.agent.client.post('/api/replies/groups', { scope: 'team', name: '我的团队组' }), 403, 'PERMISSION_DENIED');
    await refused(del(t.agent.client, `/api/replies/groups/${greet.id}`), 403, 'PERMISSION_DENIED');
    await refused(t.agent.client.post('/api/replies', { scope: 'personal', group_id: greet.id, text: '放到团队组' }), 400,
      'REPLY_GROUP_MISMATCH');
    const mine = await addGroup(t.agent.client, 'personal', `自己的${Date.now()}`);
    await refused(t.shop.owner.post('/api/replies', { scope: 'team', group_id: mine.id, text: 'x' }), 404, 'REPLY_GROUP_NOT_FOUND');
    const own = await addReply(t.agent.client, { scope: 'personal', group_id: mine.id, text: '自己的话' });
    await refused(t.agent.client.patch(`/api/replies/${own.id}`, { group_id: greet.id }), 400, 'REPLY_GROUP_MISMATCH');
    // Personal phrases are the default scope.
    const res = await ok(t.agent.client.post('/api/replies', { group_id: mine.id, text: '默认是我的' }), 201);
    expect(res.reply.scope).toBe('personal');
  });

  it('keeps shortcut codes unique per shop for the team and per agent for personal phrases', async () => {
    const { shop, agent, other } = await team(app);
    const g = await addGroup(shop.owner, 'team', '物流');
    const ship = await addReply(shop.owner, { scope: 'team', group_id: g.id, code: '/wl', text: '已经发货了' });
    await refused(shop.owner.post('/api/replies', { scope: 'team', group_id: g.id, code: '/wl', text: '再来一条' }), 409, 'REPLY_CODE_TAKEN');
    const second = await addReply(shop.owner, { scope: 'team', group_id: g.id, code: '/wl2', text: '第二条' });
    await refused(shop.owner.patch(`/api/replies/${second.id}`, { code: '/wl' }), 409, 'REPLY_CODE_TAKEN');
    expect((await ok(shop.owner.patch(`/api/replies/${ship.id}`, { code: '/wl' }))).reply.code).toBe('/wl');
    // A phrase may go without a code; many may.
    expect((await ok(shop.owner.patch(`/api/replies/${second.id}`, { code: null }))).reply.code).toBeNull();
    expect((await ok(shop.owner.patch(`/api/replies/${ship.id}`, { code: ' ' }))).reply.code).toBeNull();
    expect((await ok(shop.owner.patch(`/api/replies/${ship.id}`, { code: '/wl' }))).reply.code).toBe('/wl');

    for (const a of [agent, other]) {
      const mine = await addGroup(a.client, 'personal', '我的');
      await addReply(a.client, { scope: 'personal', group_id: mine.id, code: '/wl', text: '我的物流话术' });
      await refused(a.client.post('/api/replies', { scope: 'personal', group_id: mine.id, code: '/wl', text: '重复' }), 409, 'REPLY_CODE_TAKEN');
    }
    // Another shop has its own codes.
    const elsewhere = await newShop(app);
    const eg = await addGroup(elsewhere.owner, 'team', '物流');
    await addReply(elsewhere.owner, { scope: 'team', group_id: eg.id, code: '/wl', text: '别家的' });

    const ten = await Promise.all(Array.from({ length: 6 }, () =>
      shop.owner.post('/api/replies', { scope: 'team', group_id: g.id, code: '/race', text: '同时' })));
    expect(ten.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('refuses bad input with a code in both languages, never a 500', async () => {
    const g = await addGroup(t.shop.owner, 'team', `校验${Date.now()}`);
    const post = (body: object) => t.shop.owner.post('/api/replies', { scope: 'team', group_id: g.id, ...body });
    await refused(post({ code: '/你好', text: 'x' }), 400, 'REPLY_CODE_INVALID');
    await refused(post({ code: '/' + 'a'.repeat(20), text: 'x' }), 400, 'REPLY_CODE_INVALID');
    await refused(post({ text: '好'.repeat(501) }), 400, 'REPLY_TEXT_TOO_LONG');
    await refused(post({ text: '   ' }), 400, 'REPLY_TEXT_EMPTY');
    await refused(post({ text: 'x'.repeat(5000) }), 400, 'VALIDATION_FAILED');
    await refused(post({}), 400, 'VALIDATION_FAILED');
    await refused(post({ text: 'x', scope: 'everyone' }), 400, 'VALIDATION_FAILED');
    await refused(t.shop.owner.post('/api/replies', { scope: 'team', group_id: 999_999_999, text: 'x' }), 404, 'REPLY_GROUP_NOT_FOUND');
    await refused(t.shop.owner.patch('/api/replies/999999999', { text: 'x' }), 404, 'REPLY_NOT_FOUND');
    await refused(t.shop.owner.patch('/api/replies/abc', { text: 'x' }), 400, 'VALIDATION_FAILED');
    const r = await addReply(t.shop.owner, { scope: 'team', group_id: g.id, text: '好' });
    await refused(t.shop.owner.patch(`/api/replies/${r.id}`, {}), 400, 'VALIDATION_FAILED');
    await refused(t.shop.owner.post('/api/replies/groups', { scope: 'team', name: '  ' }), 400, 'REPLY_GROUP_NAME_INVALID');
    await refused(t.shop.owner.post('/api/replies/groups', { scope: 'team', name: g.name }), 409, 'REPLY_GROUP_NAME_TAKEN');
    await refused(new Client(app.http).get('/api/replies'), 401, 'NOT_LOGGED_IN');
  });

  it('keeps shops apart: another shop cannot see, change, use or fill into a group of this one', async () => {
    const g = await addGroup(t.shop.owner, 'team', `隔离${Date.now()}`);
    const r = await addReply(t.shop.owner, { scope: 'team', group_id: g.id, code: '/iso', text: '只属于这家店' });
    const stranger = await newShop(app);
    expect((await list(stranger.owner)).total).toBe(0);
    await refused(stranger.owner.patch(`/api/replies/${r.id}`, { text: '改' }), 404, 'REPLY_NOT_FOUND');
    await refused(del(stranger.owner, `/api/replies/${r.id}`), 404, 'REPLY_NOT_FOUND');
    await refused(stranger.owner.post(`/api/replies/${r.id}/use`, {}), 404, 'REPLY_NOT_FOUND');
    await refused(stranger.owner.post('/api/replies', { scope: 'team', group_id: g.id, text: 'x' }), 404, 'REPLY_GROUP_NOT_FOUND');
    await refused(del(stranger.owner, `/api/replies/groups/${g.id}`), 404, 'REPLY_GROUP_NOT_FOUND');
    const text = (await ok(stranger.owner.get('/api/replies/export?format=json&scope=team'))).replies;
    expect(text).toEqual([]);
  });
});

describe('the list', () => {
  it('orders groups, then phrases by sort order, then most used, and searches codes and text', async () => {
    const { shop, agent } = await team(app);
    const closing = await addGroup(shop.owner, 'team', '结束语');
    const greet = await ok(shop.owner.post('/api/replies/groups', { scope: 'team', name: '问候', sort_order: -1 }), 201);
    const a = await addReply(shop.owner, { scope: 'team', group_id: greet.group.id, code: '/a', text: '亲，在的' });
    const b = await addReply(shop.owner, { scope: 'team', group_id: greet.group.id, code: '/b', text: '您好，欢迎光临' });
    const c = await addReply(shop.owner, { scope: 'team', group_id: greet.group.id, code: '/c', text: '置顶的问候', sort_order: 0 });
    const bye = await addReply(shop.owner, { scope: 'team', group_id: closing.id, code: '/bye', text: '感谢光临，欢迎再来' });
    // b and a share a sort order once moved together; then the more used one comes first.
    await ok(shop.owner.patch(`/api/replies/${b.id}`, { sort_order: 5 }));
    await ok(shop.owner.patch(`/api/replies/${a.id}`, { sort_order: 5 }));
    await ok(agent.client.post(`/api/replies/${b.id}/use`, {}));

    const all = await list(agent.client);
    expect(all.groups.map((g) => [g.name, g.replies.map((r) => r.id)])).toEqual([
      ['问候', [c.id, b.id, a.id]], ['结束语', [bye.id]],
    ]);
    // The same phrases flat, in the same order, for the composer's picker.
    expect(all.replies.map((r) => [r.id, r.group_name, r.scope])).toEqual([
      [c.id, '问候', 'team'], [b.id, '问候', 'team'], [a.id, '问候', 'team'], [bye.id, '结束语', 'team'],
    ]);
    expect(all.replies[1]).toMatchObject({ code: '/b', text: '您好，欢迎光临', used: 1, group_id: greet.group.id, sort_order: 5 });
    const found = await list(agent.client, `?q=${encodeURIComponent('欢迎')}`);
    expect(found.groups.map((g) => [g.name, g.replies.map((r) => r.id)])).toEqual([['问候', [b.id]], ['结束语', [bye.id]]]);
    expect((await list(agent.client, '?q=%2FBY')).groups.flatMap((g) => g.replies.map((r) => r.id))).toEqual([bye.id]);
    expect((await list(agent.client, '?q=%25')).total).toBe(0);
    expect((await list(agent.client, '?scope=personal')).groups).toEqual([]);
    expect((await list(agent.client, '?scope=team')).total).toBe(4);
    expect((await ok(agent.client.get('/api/replies/groups'))).groups.map((g: any) => g.name)).toEqual(['问候', '结束语']);
  });
});

describe('groups', () => {
  it('are renamed, refuse deletion while they hold phrases, and are deleted when empty', async () => {
    const g = await addGroup(t.shop.owner, 'team', `售后${Date.now()}`);
    const r = await addReply(t.shop.owner, { scope: 'team', group_id: g.id, text: '退换货请联系我们' });
    const renamed = await ok(t.shop.owner.patch(`/api/replies/groups/${g.id}`, { name: `售后问题${Date.now()}`, sort_order: 9 }));
    expect(renamed.group).toMatchObject({ id: g.id, sort_order: 9 });
    const body = await refused(del(t.shop.owner, `/api/replies/groups/${g.id}`), 409, 'REPLY_GROUP_NOT_EMPTY');
    expect(body.details).toMatchObject({ size: 1 });
    expect(await ok(del(t.shop.owner, `/api/replies/${r.id}`))).toEqual({ deleted: r.id });
    expect(await ok(del(t.shop.owner, `/api/replies/groups/${g.id}`))).toEqual({ deleted: g.id });
    await refused(del(t.shop.owner, `/api/replies/groups/${g.id}`), 404, 'REPLY_GROUP_NOT_FOUND');
  });
});

describe('the audit log', () => {
  it('records every change of phrases and groups, team and personal, with before and after', async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    const g = await addGroup(shop.owner, 'team', '问候');
    const r = await addReply(shop.owner, { scope: 'team', group_id: g.id, code: '/hi', text: '在的' });
    await ok(shop.owner.patch(`/api/replies/${r.id}`, { text: '亲，在的' }));
    await ok(del(shop.owner, `/api/replies/${r.id}`));
    const mine = await addGroup(agent.client, 'personal', '我的');
    await addReply(agent.client, { scope: 'personal', group_id: mine.id, text: '小美在的' });
    await ok(shop.owner.post('/api/replies/import', { scope: 'team', replies: [{ group: '问候', code: '/x', text: '导入的' }] }));

    const entries = (await ok(shop.owner.get('/api/audit?limit=50'))).entries as any[];
    const actions = entries.filter((e) => e.action.startsWith('reply.')).map((e) => [e.action, e.actor_name]).reverse();
    expect(actions).toEqual([
      ['reply.group.add', shop.name], ['reply.add', shop.name], ['reply.update', shop.name], ['reply.delete', shop.name],
      ['reply.group.add', agent.login], ['reply.add', agent.login], ['reply.import', shop.name],
    ]);
    const update = entries.find((e) => e.action === 'reply.update');
    expect(update).toMatchObject({ entity: 'quick_reply', entity_id: String(r.id) });
    expect(update.before).toMatchObject({ text: '在的' });
    expect(update.after).toMatchObject({ text: '亲，在的' });
  });
});
