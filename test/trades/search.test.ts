import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { pay, refused, ship, trade } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const tids = (body: any) => body.trades.map((t: any) => t.tid);

describe('searching the shop\'s trades (trades.sold.get)', () => {
  let shop: Awaited<ReturnType<typeof newShop>>;
  let other: Awaited<ReturnType<typeof newShop>>;
  let b1: Awaited<ReturnType<typeof newBuyer>>;
  let b2: Awaited<ReturnType<typeof newBuyer>>;
  let t1: number, t2: number, t3: number, t4: number, elsewhere: number;
  let start: Date;

  beforeAll(async () => {
    shop = await newShop(app);
    other = await newShop(app);
    const item = await newItem(shop, 50);
    b1 = await newBuyer(app);
    b2 = await newBuyer(app);
    start = app.clock.now();
    // Created an hour apart: t1 (b1), t2 (b2), t3 (b1), t4 (b2).
    t1 = await placeTrade(shop, b1, item);
    app.clock.advance(HOUR);
    t2 = await placeTrade(shop, b2, item);
    app.clock.advance(HOUR);
    t3 = await placeTrade(shop, b1, item);
    app.clock.advance(HOUR);
    t4 = await placeTrade(shop, b2, item);
    // Paid in another order than created: t3, then t1, then t4; t2 stays unpaid.
    app.clock.advance(HOUR);
    await pay(b1, t3);
    app.clock.advance(HOUR);
    await pay(b1, t1);
    app.clock.advance(HOUR);
    await pay(b2, t4);
    await ok(shop.owner.post(`/api/trades/${t1}/memo`, { memo: '改顺丰', flag: 1 }));
    await ok(shop.owner.post(`/api/trades/${t4}/memo`, { memo: '缺货', flag: 2 }));
    // The same buyer at another shop: never part of this shop's results.
    elsewhere = await placeTrade(other, b1, await newItem(other));
  });

  const search = async (query = '') => ok(shop.owner.get(`/api/trades${query ? `?${query}` : ''}`));

  it('lists the shop\'s trades newest first, and never another shop\'s', async () => {
    const body = await search();
    expect(tids(body)).toEqual([t4, t3, t2, t1]);
    expect(body.has_next).toBe(false);
    expect(tids(await ok(other.owner.get('/api/trades')))).toEqual([elsewhere]);
    const first = body.trades[0];
    expect(first.orders).toHaveLength(2);
    expect(first.allowed_actions).toEqual(expect.arrayContaining(['ship', 'memo']));
  });

  it('finds by buyer nick and by trade number', async () => {
    expect(tids(await search(`buyer_nick=${encodeURIComponent(b1.nick)}`))).toEqual([t3, t1]);
    expect(tids(await search(`buyer_nick=${encodeURIComponent(b2.nick)}`))).toEqual([t4, t2]);
    expect(tids(await search('buyer_nick=nobody-here'))).toEqual([]);
    expect(tids(await search(`tid=${t2}`))).toEqual([t2]);
    expect(tids(await search(`tid=${elsewhere}`))).toEqual([]);
    expect(tids(await search(`buyer_nick=${encodeURIComponent(b1.nick)}&status=WAIT_BUYER_PAY`))).toEqual([]);
  });

  it('filters by status and flag', async () => {
    expect(tids(await search('status=WAIT_BUYER_PAY'))).toEqual([t2]);
    expect(tids(await search('status=WAIT_SELLER_SEND_GOODS'))).toEqual([t4, t3, t1]);
    expect(tids(await search('status=TRADE_FINISHED'))).toEqual([]);
    expect(tids(await search('flag=1'))).toEqual([t1]);
    expect(tids(await search('flag=2'))).toEqual([t4]);
    expect(tids(await search('flag=0'))).toEqual([t3, t2]);
  });

  it('filters by creation time, from start_created (inclusive) to end_created (exclusive)', async () => {
    const at = (h: number) => new Date(start.getTime() + h * HOUR).toISOString();
    expect(tids(await search(`start_created=${at(1)}&end_created=${at(3)}`))).toEqual([t3, t2]);
    expect(tids(await search(`start_created=${at(3)}`))).toEqual([t4]);
    expect(tids(await search(`end_created=${at(1)}`))).toEqual([t1]);
    expect(tids(await search(`start_created=${at(10)}`))).toEqual([]);
  });

  it('sorts paid trades oldest payment first for the warehouse', async () => {
    expect(tids(await search('status=WAIT_SELLER_SEND_GOODS&sort=pay_time_asc'))).toEqual([t3, t1, t4]);
  });

  it('pages, telling whether another page follows', async () => {
    const p1 = await search('page_size=3&page_no=1');
    expect([tids(p1), p1.has_next]).toEqual([[t4, t3, t2], true]);
    const p2 = await search('page_size=3&page_no=2');
    expect([tids(p2), p2.has_next, p2.page_no]).toEqual([[t1], false, 2]);
    const exact = await search('page_size=2&page_no=2');
    expect([tids(exact), exact.has_next]).toEqual([[t2, t1], false]);
    expect(tids(await search('page_size=2&page_no=3'))).toEqual([]);
  });

  it('counts the trades in each status, of this shop only', async () => {
    expect((await ok(shop.owner.get('/api/trades/counts'))).counts).toEqual({ WAIT_BUYER_PAY: 1, WAIT_SELLER_SEND_GOODS: 3 });
    expect((await ok(other.owner.get('/api/trades/counts'))).counts).toEqual({ WAIT_BUYER_PAY: 1 });
  });

  it('refuses a bad query with 400, an account without trade.view with 403, and nobody with 401', async () => {
    await refused(shop.owner.get('/api/trades?status=PAID'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades?flag=6'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades?page_size=0'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades?tid=abc'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades?start_created=yesterday'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades?sort=price'), 400, 'VALIDATION_FAILED');
    const blind = await newSubAccount(app, shop, 'service', { permissions: [] });
    await refused(blind.client.get('/api/trades'), 403, 'PERMISSION_DENIED');
    await refused(blind.client.get('/api/trades/counts'), 403, 'PERMISSION_DENIED');
    await refused(blind.client.get(`/api/trades/${t1}`), 403, 'PERMISSION_DENIED');
    await refused(b1.client.get('/api/trades'), 401, 'NOT_LOGGED_IN');
  });
});

describe('one trade in full (trade.fullinfo.get)', () => {
  it('shows buyer, receiver, sub-orders with SKU, prices, totals, postage, payment number, times and allowed actions', async () => {
    const shop = await newShop(app);
    await ok(shop.owner.post('/api/logistics/templates', {
      name: '默认', is_default: true, first_weight_g: 1000, first_fee: 800, additional_weight_g: 1000, additional_fee: 400,
    }), 201);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const created = app.clock.now();
    const tid = await placeTrade(shop, buyer, item); // 1.5 kg: 8.00 + 4.00

    let t = await trade(shop.owner, tid);
    expect(t).toMatchObject({
      tid, status: 'WAIT_BUYER_PAY', status_name: '等待买家付款', buyer_nick: buyer.nick, ...RECEIVER,
      total_fee: 25000, post_fee: 1200, payment: 26200, alipay_no: null,
      created: created.toISOString(), pay_time: null, consign_time: null, end_time: null,
      memo: '', flag: 0, flag_name: '无',
      timeout_action_time: new Date(created.getTime() + 24 * HOUR).toISOString(),
    });
    expect(t.orders).toEqual([
      expect.objectContaining({ num_iid: item.num_iid, sku_id: item.skus[0].sku_id, title: '纯棉T恤', sku_properties_name: '颜色:红色',
        price: 10000, original_price: 10000, num: 2, total_fee: 20000, status: 'WAIT_BUYER_PAY', status_name: '等待买家付款' }),
      expect.objectContaining({ num_iid: item.num_iid, sku_id: item.skus[1].sku_id, title: '纯棉T恤', sku_properties_name: '颜色:蓝色',
        price: 5000, original_price: 5000, num: 1, total_fee: 5000, status: 'WAIT_BUYER_PAY' }),
    ]);
    expect(t.orders[0].oid).toEqual(expect.any(Number));
    expect(t.allowed_actions.sort()).toEqual(['change_address', 'close', 'close_order', 'memo', 'modify_postage', 'modify_price']);
    // The shop's own ids and the row version stay inside.
    expect(t).not.toHaveProperty('shop_id');
    expect(t).not.toHaveProperty('buyer_id');
    expect(t.orders[0].shop_id).toBeUndefined();

    app.clock.advance(HOUR);
    await pay(buyer, tid, 26200);
    t = await trade(shop.owner, tid);
    expect(t).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', pay_time: app.clock.now().toISOString(), pay_method: 'escrow',
      escrow: { status: 'held', amount: 26200, alipay_no: t.alipay_no }, timeout_action_time: null });
    expect(t.alipay_no).toMatch(/^\d{26}$/);
    expect(t.allowed_actions.sort()).toEqual(['change_address', 'memo', 'ship']);

    app.clock.advance(HOUR);
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    await ship(warehouse.client, tid, 'YTO', 'YT9876543210');
    t = await trade(warehouse.client, tid);
    expect(t).toMatchObject({ status: 'WAIT_BUYER_CONFIRM_GOODS', company_code: 'YTO', out_sid: 'YT9876543210',
      consign_time: app.clock.now().toISOString(), timeout_action_time: new Date(app.clock.now().getTime() + 240 * HOUR).toISOString() });
    expect(t.allowed_actions).toEqual(['memo']);
  });

  it('tells each caller the actions it may take, as the server enforces them', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const agent = await newSubAccount(app, shop, 'service');
    const warehouse = await newSubAccount(app, shop, 'warehouse');
    const tid = await placeTrade(shop, buyer, item);
    const actions = async () => ({
      main: (await trade(shop.owner, tid)).allowed_actions.sort(),
      service: (await trade(agent.client, tid)).allowed_actions.sort(),
      warehouse: (await trade(warehouse.client, tid)).allowed_actions.sort(),
      buyer: (await ok(buyer.client.get(`/api/buyer/trades/${tid}`))).trade.allowed_actions.sort(),
    });
    const edits = ['change_address', 'close', 'close_order', 'memo', 'modify_postage', 'modify_price'];
    expect(await actions()).toEqual({ main: edits, service: edits, warehouse: ['memo'], buyer: ['change_address', 'pay'] });

    const [, blue] = (await trade(shop.owner, tid)).orders;
    await ok(agent.client.post(`/api/trades/${tid}/close`, { close_reason: '缺货', oid: blue.oid }));
    const oneOpen = edits.filter((a) => a !== 'close_order');
    expect(await actions()).toEqual({ main: oneOpen, service: oneOpen, warehouse: ['memo'], buyer: ['change_address', 'pay'] });

    await pay(buyer, tid);
    expect(await actions()).toEqual({ main: ['change_address', 'memo', 'ship'], service: ['memo'],
      warehouse: ['change_address', 'memo', 'ship'], buyer: [] });
    await ship(warehouse.client, tid);
    expect(await actions()).toEqual({ main: ['delay_receive', 'memo'], service: ['delay_receive', 'memo'], warehouse: ['memo'],
      buyer: ['confirm'] });
    await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    expect(await actions()).toEqual({ main: ['memo'], service: ['memo'], warehouse: ['memo'], buyer: [] });
  });

  it('answers 404 for an unknown trade or another shop\'s', async () => {
    const shop = await newShop(app);
    const other = await newShop(app);
    const tid = await placeTrade(other, await newBuyer(app), await newItem(other));
    await refused(shop.owner.get(`/api/trades/${tid}`), 404, 'TRADE_NOT_FOUND');
    await refused(shop.owner.get('/api/trades/1'), 404, 'TRADE_NOT_FOUND');
    await refused(shop.owner.get('/api/trades/abc'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades/-5'), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.get('/api/trades/99999999999999999999999'), 400, 'VALIDATION_FAILED');
  });
});
