import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { newBuyer, newShop, newSubAccount, ok, PASSWORD } from '../support/factories.ts';
import { createTestApp, uniqueName, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('shops and log-in', () => {
  it('signs a shop up with its main account, logged in at once', async () => {
    const owner = new Client(app.http);
    const name = uniqueName('shop');
    const res = await owner.post('/api/shops', { name, title: '小二的衣橱', type: 'B', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.shop).toMatchObject({ name, title: '小二的衣橱', type: 'B', unpaid_close_hours: 24 });
    expect(res.body.account).toMatchObject({ login: name, is_main: true, role: 'owner' });
    expect(JSON.stringify(res.body)).not.toContain('password_hash');
    const me = await ok(owner.get('/api/auth/me'));
    expect(me.account.login).toBe(name);
    expect(me.permissions).toContain('trade.modify_price');
  });

  it('refuses a taken name, a bad name and a weak password, creating nothing', async () => {
    const { name } = await newShop(app);
    const c = new Client(app.http);
    expect((await c.post('/api/shops', { name, type: 'C', password: PASSWORD })).body.code).toBe('SHOP_NAME_TAKEN');
    const bad = await c.post('/api/shops', { name: 'Bad Name!', type: 'C', password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.body.message).toMatch(/请求参数不正确/);
    expect(bad.body.message_en).toMatch(/name/);
    const weakName = uniqueName('shop');
    expect((await c.post('/api/shops', { name: weakName, type: 'C', password: 'short' })).body.code).toBe('WEAK_PASSWORD');
    const shops = await app.ctx.database.db.selectFrom('shops').select('id').where('name', '=', weakName).execute();
    expect(shops).toHaveLength(0);
  });

  it('logs sub-accounts in as shop:name and refuses wrong passwords and disabled accounts', async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    expect((await ok(agent.client.get('/api/auth/me'))).account).toMatchObject({ login: agent.login, role: 'service' });

    const stranger = new Client(app.http);
    const wrong = await stranger.post('/api/auth/login', { account: agent.login, password: 'not-the-password' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'BAD_CREDENTIALS' } });
    expect((await stranger.get('/api/auth/me')).status).toBe(401);

    await ok(shop.owner.patch(`/api/accounts/${agent.id}`, { disabled: true }));
    expect((await agent.client.get('/api/auth/me')).body.code).toBe('NOT_LOGGED_IN');
    expect((await stranger.post('/api/auth/login', { account: agent.login, password: PASSWORD })).status).toBe(401);
  });

  it('limits log-in attempts per account and address', async () => {
    const { name } = await newShop(app);
    const c = new Client(app.http);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await c.post('/api/auth/login', { account: name, password: 'wrong-password' })).status);
    expect(codes.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await c.post('/api/auth/login', { account: name, password: PASSWORD });
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
  });

  it('ends the session on log-out', async () => {
    const shop = await newShop(app);
    await ok(shop.owner.post('/api/auth/logout'));
    expect((await shop.owner.get('/api/auth/me')).status).toBe(401);
  });
});

describe('sub-accounts and permissions', () => {
  it('gives a new sub-account its role\'s permissions, and only the permission holder manages accounts', async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    const me = await ok(agent.client.get('/api/auth/me'));
    expect(me.permissions).toEqual(expect.arrayContaining(['trade.modify_price', 'trade.close', 'trade.memo']));
    expect(me.permissions).not.toContain('trade.ship');
    expect(me.account.max_discount_pct).toBe(10);

    const refused = await agent.client.post('/api/accounts', { name: 'x', role: 'service', password: PASSWORD });
    expect(refused).toMatchObject({ status: 403, body: { code: 'PERMISSION_DENIED', details: { permission: 'account.manage' } } });
    expect((await agent.client.get('/api/accounts')).status).toBe(403);
  });

  it('changes a sub-account\'s permissions with an audit row of before and after', async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    await ok(shop.owner.patch(`/api/accounts/${agent.id}`, { permissions: ['trade.view'], max_discount_pct: 5 }));
    expect((await ok(agent.client.get('/api/auth/me'))).permissions).toEqual(['trade.view']);

    const audit = await ok(shop.owner.get(`/api/audit?entity=account&entity_id=${agent.id}`));
    const update = audit.entries.find((e: any) => e.action === 'account.update');
    expect(update.before.permissions).toContain('trade.modify_price');
    expect(update.after).toMatchObject({ permissions: ['trade.view'], max_discount_pct: 5 });
    expect(update.actor_name).toBe(shop.name);
    expect(JSON.stringify(audit)).not.toContain('password_hash');
  });

  it('keeps the main account fixed and sub-account names unique', async () => {
    const shop = await newShop(app);
    const me = await ok(shop.owner.get('/api/auth/me'));
    expect((await shop.owner.patch(`/api/accounts/${me.account.id}`, { disabled: true })).body.code).toBe('MAIN_ACCOUNT_FIXED');
    await ok(shop.owner.post('/api/accounts', { name: '小美', role: 'service', password: PASSWORD }), 201);
    const again = await shop.owner.post('/api/accounts', { name: '小美', role: 'warehouse', password: PASSWORD });
    expect(again).toMatchObject({ status: 409, body: { code: 'ACCOUNT_TAKEN' } });
  });

  it('never shows or changes another shop\'s accounts', async () => {
    const a = await newShop(app);
    const b = await newShop(app);
    const bAgent = await newSubAccount(app, b, 'service');
    const list = await ok(a.owner.get('/api/accounts'));
    expect(list.accounts.map((x: any) => x.login)).toEqual([a.name]);
    const res = await a.owner.patch(`/api/accounts/${bAgent.id}`, { disabled: true });
    expect(res).toMatchObject({ status: 404, body: { code: 'ACCOUNT_NOT_FOUND' } });
    expect((await ok(bAgent.client.get('/api/auth/me'))).account.disabled).toBe(false);
  });
});

describe('shop settings', () => {
  it('lets the owner set the unpaid close limit within 1–72 hours, audited', async () => {
    const shop = await newShop(app);
    expect((await shop.owner.patch('/api/shop', { unpaid_close_hours: 0 })).status).toBe(400);
    expect((await shop.owner.patch('/api/shop', { unpaid_close_hours: 73 })).status).toBe(400);
    expect((await shop.owner.patch('/api/shop', { timezone: 'Mars/Olympus' })).status).toBe(400);
    expect((await ok(shop.owner.patch('/api/shop', { unpaid_close_hours: 48 }))).shop.unpaid_close_hours).toBe(48);
    const audit = await ok(shop.owner.get('/api/audit?entity=shop'));
    expect(audit.entries[0]).toMatchObject({ action: 'shop.update', before: { unpaid_close_hours: 24 }, after: { unpaid_close_hours: 48 } });

    const agent = await newSubAccount(app, shop, 'service');
    expect((await agent.client.patch('/api/shop', { unpaid_close_hours: 1 })).status).toBe(403);
  });
});

describe('buyers', () => {
  it('sign up with a unique nick and log in by nick', async () => {
    const buyer = await newBuyer(app);
    expect((await ok(buyer.client.get('/api/buyer/me'))).buyer.nick).toBe(buyer.nick);
    const c = new Client(app.http);
    expect((await c.post('/api/buyer/signup', { nick: buyer.nick, password: PASSWORD })).body.code).toBe('NICK_TAKEN');
    expect((await c.post('/api/buyer/login', { nick: buyer.nick, password: 'wrong-password' })).status).toBe(401);
    await ok(c.post('/api/buyer/login', { nick: buyer.nick, password: PASSWORD }));
    // A buyer's session opens nothing of the shop's.
    expect((await c.get('/api/trades')).status).toBe(401);
  });
});

describe('the audit log', () => {
  it('is readable by holders of audit.read only, and cannot be edited', async () => {
    const shop = await newShop(app);
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const agent = await newSubAccount(app, shop, 'service');
    const entries = (await ok(supervisor.client.get('/api/audit'))).entries;
    expect(entries.map((e: any) => e.action)).toEqual(expect.arrayContaining(['account.create', 'shop.create']));
    expect((await agent.client.get('/api/audit')).status).toBe(403);

    const db = app.ctx.database.db;
    await expect(sql`update audit_log set action = 'x' where shop_id = ${shop.shopId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where shop_id = ${shop.shopId}`.execute(db)).rejects.toThrow(/append-only/);
    expect((await ok(supervisor.client.get('/api/audit'))).entries).toHaveLength(entries.length);
  });
});
