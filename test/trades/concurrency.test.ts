import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { auditRow } from '../../src/modules/audit/index.ts';
import { readTrade, saveTrade } from '../../src/modules/trades/store.ts';
import { snapshot, stockOf, unpaidTrade } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** The trade's money agrees everywhere: lines, totals, payment and what the escrow holds. */
async function expectConsistent(tid: number) {
  const { trade, orders, escrow } = await snapshot(app, tid);
  for (const o of orders) expect(o.total_fee).toBe(o.price * o.num);
  const open = orders.filter((o) => o.status === trade.status);
  expect(trade.total_fee).toBe(open.reduce((s, o) => s + o.total_fee, 0));
  expect(trade.payment).toBe(trade.total_fee + trade.post_fee);
  if (trade.status === 'WAIT_BUYER_PAY') expect(escrow).toEqual([]);
  else expect(escrow).toEqual([expect.objectContaining({ amount: trade.payment, status: 'held' })]);
  return { trade, orders };
}

describe('a price change racing the payment', () => {
  it('ends either paid at the old price or repriced and unpaid, never in between', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop, 100);
    const agent = await newSubAccount(app, shop, 'service');
    const buyer = await newBuyer(app);
    const tids: number[] = [];
    for (let i = 0; i < 20; i++) tids.push(await placeTrade(shop, buyer, item));
    const blueOids = await Promise.all(tids.map(async (tid) => (await snapshot(app, tid)).orders[1].oid));

    const results = await Promise.all(tids.map(async (tid, i) => {
      const reprice = () => agent.client.post(`/api/trades/${tid}/price`, { oid: blueOids[i], price: 4000 });
      // The buyer pays the 250.00 seen on the page.
      const payment = () => buyer.client.post(`/api/buyer/trades/${tid}/pay`, { payment: 25000 });
      const [priced, paid] = i % 2 ? await Promise.all([reprice(), payment()]) : (await Promise.all([payment(), reprice()])).reverse();
      return { tid, priced, paid };
    }));

    const outcomes = { paid: 0, repriced: 0 };
    for (const { tid, priced, paid } of results) {
      expect([priced.status, paid.status].sort(), JSON.stringify({ priced: priced.body, paid: paid.body })).toEqual([200, 409]);
      const { trade, orders } = await expectConsistent(tid);
      if (paid.status === 200) {
        outcomes.paid++;
        expect(priced.body.code).toBe('TRADE_ACTION_NOT_ALLOWED');
        expect(trade).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', payment: 25000 });
        expect(orders[1].price).toBe(5000);
      } else {
        outcomes.repriced++;
        expect(paid.body.code).toBe('PAYMENT_CHANGED');
        expect(trade).toMatchObject({ status: 'WAIT_BUYER_PAY', payment: 24000 });
        expect(orders[1].price).toBe(4000);
      }
      const actions = (await snapshot(app, tid)).audit.map((a) => a.action);
      expect(actions).toEqual(['trade.add', paid.status === 200 ? 'trade.pay' : 'trade.price.update']);
    }
    expect(outcomes.paid + outcomes.repriced).toBe(20);
  });
});

describe('a change written against the version it read', () => {
  it('writes nothing at all, neither sub-order, audit row nor event, once another command has changed the trade', async () => {
    const { shop, tid } = await unpaidTrade(app);
    const db = app.ctx.database.db;
    const read = (await readTrade(db, { shopId: shop.shopId }, tid))!;
    await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: '先发红色', flag: 1 }));
    const before = await snapshot(app, tid);
    const events = () => db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shop.shopId)
      .executeTakeFirstOrThrow();
    const eventsBefore = await events();
    const now = new Date();
    const stale = await saveTrade(db, tid, { total_fee: 100, payment: 100 }, now, {
      orders: [{ oid: read.orders[0].oid, price: 50, total_fee: 100 }],
      audit: auditRow({ shopId: shop.shopId, actor: { kind: 'system', name: 'test' }, action: 'trade.price.update', entity: 'trade', entityId: tid, at: now }),
      outbox: [{ shop_id: shop.shopId, type: 'trade.changed', payload: JSON.stringify({ tid }) }],
    }, { version: read.trade.version });
    expect(stale).toBeUndefined();
    expect(await snapshot(app, tid)).toEqual(before);
    expect(await events()).toEqual(eventsBefore);
  });
});

describe('two price changes of one trade at once', () => {
  it('both count: the one that waited for the trade sees the other\'s sub-order as changed', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop, 100);
    const agent = await newSubAccount(app, shop, 'service');
    const buyer = await newBuyer(app);
    const tids: number[] = [];
    for (let i = 0; i < 12; i++) tids.push(await placeTrade(shop, buyer, item));

    await Promise.all(tids.map(async (tid) => {
      const [red, blue] = (await snapshot(app, tid)).orders.map((o) => o.oid);
      const results = await Promise.all([
        shop.owner.post(`/api/trades/${tid}/price`, { oid: red, price: 9500 }),
        agent.client.post(`/api/trades/${tid}/price`, { oid: blue, price: 4500 }),
      ]);
      expect(results.map((r) => r.status), JSON.stringify(results.map((r) => r.body))).toEqual([200, 200]);
      const { trade, orders } = await expectConsistent(tid);
      expect(orders.map((o) => o.price)).toEqual([9500, 4500]);
      expect(trade).toMatchObject({ total_fee: 23500, payment: 23500, version: 3 });
    }));
  });
});

describe('buyers racing for the stock', () => {
  const order = (item: Awaited<ReturnType<typeof newItem>>, lines: [number, number][]) => ({
    orders: lines.map(([sku, num]) => ({ num_iid: item.num_iid, sku_id: item.skus[sku].sku_id, num })), ...RECEIVER,
  });

  it('sells the last piece exactly once', async () => {
    const shop = await newShop(app);
    const buyers = [await newBuyer(app), await newBuyer(app), await newBuyer(app)];
    for (let round = 0; round < 8; round++) {
      const item = await newItem(shop, 1);
      const results = await Promise.all(buyers.map((b) => b.client.post(`/api/storefront/${shop.name}/trades`, order(item, [[0, 1]]))));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([201, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expect(r.body.code).toBe('OUT_OF_STOCK');
      expect(await stockOf(app, [item.skus[0].sku_id])).toEqual([0]);
    }
    const counts = (await ok(shop.owner.get('/api/trades/counts'))).counts;
    expect(counts).toEqual({ WAIT_BUYER_PAY: 8 });
  });

  it('takes nothing from the other lines of a trade that loses the race', async () => {
    const shop = await newShop(app);
    const a = await newBuyer(app);
    const b = await newBuyer(app);
    for (let round = 0; round < 6; round++) {
      const item = await newItem(shop, 1); // red and blue: one piece each
      const [withRed, blueOnly] = await Promise.all([
        a.client.post(`/api/storefront/${shop.name}/trades`, order(item, [[0, 1], [1, 1]])),
        b.client.post(`/api/storefront/${shop.name}/trades`, order(item, [[1, 1]])),
      ]);
      expect([withRed.status, blueOnly.status].sort()).toEqual([201, 409]);
      const red = withRed.status === 201 ? 0 : 1;
      expect(await stockOf(app, item.skus.map((s) => s.sku_id))).toEqual([red, 0]);
    }
  });

  it('lets buyers who take the same SKUs in opposite line order all succeed while stock lasts', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop, 100);
    const buyers = [await newBuyer(app), await newBuyer(app)];
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      buyers[i % 2].client.post(`/api/storefront/${shop.name}/trades`, order(item, i % 2 ? [[0, 1], [1, 1]] : [[1, 1], [0, 1]]))));
    expect(results.map((r) => r.status), JSON.stringify(results.find((r) => r.status !== 201)?.body)).toEqual(Array(16).fill(201));
    expect(await stockOf(app, item.skus.map((s) => s.sku_id))).toEqual([84, 84]);
  });

  it('releases stock of trades closed in opposite line order at the same time', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop, 100);
    const buyer = await newBuyer(app);
    const tids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ok(buyer.client.post(`/api/storefront/${shop.name}/trades`, order(item, i % 2 ? [[0, 1], [1, 1]] : [[1, 1], [0, 1]])), 201);
      tids.push(res.tid);
    }
    const results = await Promise.all(tids.map((tid) => shop.owner.post(`/api/trades/${tid}/close`, { close_reason: '缺货' })));
    expect(results.map((r) => r.status), JSON.stringify(results.find((r) => r.status !== 200)?.body)).toEqual(Array(12).fill(200));
    expect(await stockOf(app, item.skus.map((s) => s.sku_id))).toEqual([100, 100]);
  });
});
