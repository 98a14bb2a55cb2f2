import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { OTHER_RECEIVER, pay, refused, refusedUnchanged, ship, trade, unpaidTrade } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('the audit log of a trade', () => {
  it('records every action once, with who did it, before and after; readable with audit.read only', async () => {
    const { shop, buyer, tid } = await unpaidTrade(app);
    const agent = await newSubAccount(app, shop, 'service');
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    const [red] = (await trade(shop.owner, tid)).orders;

    await ok(agent.client.post(`/api/trades/${tid}/price`, { oid: red.oid, price: 9500 }));
    await ok(agent.client.post(`/api/trades/${tid}/postage`, { post_fee: 600 }));
    await ok(agent.client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER));
    await ok(agent.client.post(`/api/trades/${tid}/memo`, { memo: '送小礼物', flag: 1 }));
    await pay(buyer, tid, 24600);
    await ship(warehouse.client, tid);
    await ok(agent.client.post(`/api/trades/${tid}/receivetime`, { days: 3 }));
    await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`));

    const { entries } = await ok(supervisor.client.get(`/api/audit?entity=trade&entity_id=${tid}`));
    expect(entries.map((e: any) => [e.action, e.actor_kind, e.actor_name]).reverse()).toEqual([
      ['trade.add', 'buyer', buyer.nick],
      ['trade.price.update', 'account', agent.login],
      ['trade.postage.update', 'account', agent.login],
      ['trade.shippingaddress.update', 'account', agent.login],
      ['trade.memo.update', 'account', agent.login],
      ['trade.pay', 'buyer', buyer.nick],
      ['logistics.offline.send', 'account', warehouse.login],
      ['trade.receivetime.delay', 'account', agent.login],
      ['trade.confirm', 'buyer', buyer.nick],
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({ entity: 'trade', entity_id: String(tid), created_at: expect.any(String) });
      expect(e.after).not.toBeNull();
      if (e.action !== 'trade.add') expect(e.before).not.toBeNull();
      if (e.actor_kind === 'account') expect([agent.id, warehouse.id]).toContain(e.actor_id);
    }
    const byAction = Object.fromEntries(entries.map((e: any) => [e.action, e]));
    expect(byAction['trade.price.update']).toMatchObject({ before: { price: 10000, payment: 25000 }, after: { price: 9500, payment: 24000 } });
    expect(byAction['trade.pay']).toMatchObject({ before: { status: 'WAIT_BUYER_PAY' }, after: { status: 'WAIT_SELLER_SEND_GOODS', payment: 24600 } });

    await refused(agent.client.get(`/api/audit?entity=trade&entity_id=${tid}`), 403, 'PERMISSION_DENIED');
    await refused(warehouse.client.get('/api/audit'), 403, 'PERMISSION_DENIED');
    await refused(new Client(app.http).get('/api/audit'), 401, 'NOT_LOGGED_IN');
    // Another shop's supervisor sees nothing of it.
    const other = await unpaidTrade(app);
    expect((await ok(other.shop.owner.get(`/api/audit?entity=trade&entity_id=${tid}`))).entries).toEqual([]);
  });

  it('cannot be changed or removed, not even with SQL', async () => {
    const { shop, tid } = await unpaidTrade(app);
    await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: 'x', flag: 0 }));
    const db = app.ctx.database.db;
    const rows = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', String(tid)).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    await expect(db.updateTable('audit_log').set({ actor_name: 'nobody' }).where('id', '=', rows[1].id).execute())
      .rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', rows[0].id).execute()).rejects.toThrow(/append-only/);
    await expect(db.transaction().execute((trx) => trx.updateTable('audit_log').set({ after: null })
      .where('entity_id', '=', String(tid)).execute())).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('audit_log').selectAll().where('entity_id', '=', String(tid)).orderBy('id').execute()).toEqual(rows);
  });
});

describe('refusals are 4xx with a code and messages in both languages, never 500', () => {
  const COMMANDS: [string, unknown][] = [
    ['price', { oid: 1, price: 100 }],
    ['postage', { post_fee: 0 }],
    ['address', OTHER_RECEIVER],
    ['close', { close_reason: '缺货' }],
    ['memo', { memo: 'x', flag: 0 }],
    ['ship', { company_code: 'SF', out_sid: 'SF1234567890' }],
    ['receivetime', { days: 3 }],
  ];

  it('answers 401 to a caller who is not logged in', async () => {
    const { tid } = await unpaidTrade(app);
    const anonymous = new Client(app.http);
    await refused(anonymous.get('/api/trades'), 401, 'NOT_LOGGED_IN');
    await refused(anonymous.get(`/api/trades/${tid}`), 401, 'NOT_LOGGED_IN');
    await refused(anonymous.get('/api/trades/counts'), 401, 'NOT_LOGGED_IN');
    await refused(anonymous.post('/api/tools/calculator', { orders: [{ num_iid: 1, sku_id: 1, num: 1 }], receiver_state: '浙江省' }),
      401, 'NOT_LOGGED_IN');
    for (const [command, body] of COMMANDS) {
      await refusedUnchanged(app, tid, () => anonymous.post(`/api/trades/${tid}/${command}`, body), 401, 'NOT_LOGGED_IN');
    }
    for (const path of ['pay', 'confirm', 'address']) {
      await refusedUnchanged(app, tid, () => anonymous.post(`/api/buyer/trades/${tid}/${path}`, path === 'address' ? OTHER_RECEIVER : {}),
        401, 'NOT_LOGGED_IN');
    }
    const forged = new Client(app.http);
    forged.cookie = 'xiaoer_session=not-a-real-session';
    await refused(forged.get(`/api/trades/${tid}`), 401, 'NOT_LOGGED_IN');
  });

  it('answers 404 for an unknown trade and for another shop\'s, on every command', async () => {
    const { tid } = await unpaidTrade(app);
    const stranger = (await unpaidTrade(app)).shop;
    for (const [command, body] of COMMANDS) {
      await refusedUnchanged(app, tid, () => stranger.owner.post(`/api/trades/${tid}/${command}`, body), 404, 'TRADE_NOT_FOUND');
      await refused(stranger.owner.post(`/api/trades/2999999999999/${command}`, body), 404, 'TRADE_NOT_FOUND');
    }
    await refused(stranger.owner.get(`/api/trades/${tid}`), 404, 'TRADE_NOT_FOUND');
  });

  it('answers 400 to malformed JSON, wrong types and missing fields', async () => {
    const { shop, tid } = await unpaidTrade(app);
    const raw = (payload: string, contentType = 'application/json', command = 'memo') => app.http.inject({
      method: 'POST', url: `/api/trades/${tid}/${command}`, payload, headers: { cookie: shop.owner.cookie, 'content-type': contentType },
    }).then((res) => ({ status: res.statusCode, body: res.json() }));
    await refusedUnchanged(app, tid, () => raw('{"memo": "x", "flag": '), 400);
    await refusedUnchanged(app, tid, () => raw('{memo: x}'), 400);
    await refusedUnchanged(app, tid, () => raw(''), 400);
    await refusedUnchanged(app, tid, () => raw('memo=x&flag=1', 'application/x-www-form-urlencoded'), 415);
    await refusedUnchanged(app, tid, () => raw(JSON.stringify({ memo: 'x'.repeat(2 * 1024 * 1024), flag: 0 })), 413);

    for (const [command] of COMMANDS) {
      for (const body of [{}, null, [], 'text', 42, { oid: 'one', price: {}, post_fee: [], days: null, memo: 1, flag: 'red' }]) {
        await refusedUnchanged(app, tid, () => raw(JSON.stringify(body), 'application/json', command), 400, 'VALIDATION_FAILED');
      }
    }
    await refused(shop.owner.get('/api/trades/not-a-number'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/trades/1.5/memo', { memo: 'x', flag: 0 }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/no-such-route'), 404, 'ROUTE_NOT_FOUND');
  });

  it('explains which field is wrong', async () => {
    const { shop, tid } = await unpaidTrade(app);
    const body = await refused(shop.owner.post(`/api/trades/${tid}/memo`, { memo: 'x', flag: 9 }), 400, 'VALIDATION_FAILED');
    expect(body.details).toEqual([expect.objectContaining({ field: 'body.flag' })]);
    expect(body.message_en).toContain('flag');
  });
});
