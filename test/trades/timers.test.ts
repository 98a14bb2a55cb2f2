import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, ok, PASSWORD, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { pay, refused, ship, snapshot, stockOf, trade, tradeIn, unpaidTrade } from './helpers.ts';

/*
 * The timers run every due timer of the database, and the test database is shared: these tests keep their own
 * era, long before any other test's, so their runDue never fires another test's timers.
 */
const ERA = new Date('2001-03-01T00:00:00Z');

let app: TestApp;
let shop: Awaited<ReturnType<typeof newShop>>;
let buyer: Awaited<ReturnType<typeof newBuyer>>;
beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(ERA);
  shop = await newShop(app);
  buyer = await newBuyer(app);
});
// These tests move the clock by days, past the 7 days a session lasts: sign in again when it is near its end.
let signedIn = ERA;
beforeEach(async () => {
  if (app.clock.now().getTime() - signedIn.getTime() < 5 * DAY) return;
  await ok(shop.owner.post('/api/auth/login', { account: shop.name, password: PASSWORD }));
  await ok(buyer.client.post('/api/buyer/login', { nick: buyer.nick, password: PASSWORD }));
  signedIn = app.clock.now();
});
afterAll(() => app.close());

const autoCloses = async (tid: number) => (await snapshot(app, tid)).audit.filter((a) => a.action === 'trade.auto_close');

describe('unpaid trades close automatically', () => {
  it('closes an unpaid trade after 24 hours by default, releasing its stock, exactly once', async () => {
    const { tid, skuIds } = await tradeIn(shop, buyer);
    const placed = app.clock.now();
    expect((await trade(shop.owner, tid)).timeout_action_time).toBe(new Date(placed.getTime() + 24 * HOUR).toISOString());

    app.clock.advance(24 * HOUR - 1);
    await app.jobs.runDue();
    expect((await snapshot(app, tid)).trade.status).toBe('WAIT_BUYER_PAY');

    app.clock.advance(1);
    await app.jobs.runDue();
    const after = await snapshot(app, tid);
    expect(after.trade).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO', close_reason: '未及时付款', payment: 0 });
    expect(after.orders.map((o) => o.status)).toEqual(['TRADE_CLOSED_BY_TAOBAO', 'TRADE_CLOSED_BY_TAOBAO']);
    expect(await stockOf(app, skuIds)).toEqual([10, 10]);
    expect(after.jobs).toEqual([expect.objectContaining({ kind: 'trade.auto_close', done_at: app.clock.now(), attempts: 0 })]);
    const [row] = await autoCloses(tid);
    expect(row).toMatchObject({ actor_kind: 'system', actor_id: null, before: { status: 'WAIT_BUYER_PAY' },
      after: { status: 'TRADE_CLOSED_BY_TAOBAO', reason: '未及时付款' } });

    // Fired once: later runs change nothing.
    app.clock.advance(HOUR);
    await app.jobs.runDue();
    await app.jobs.runDue();
    expect(await snapshot(app, tid)).toEqual(after);
  });

  it('uses the shop\'s limit as set when the trade is placed', async () => {
    const shop = await newShop(app); // its own: the limit changes
    const item = await newItem(shop, 50);
    const before = await placeTrade(shop, buyer, item);
    await refused(shop.owner.patch('/api/shop', { unpaid_close_hours: 0 }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.patch('/api/shop', { unpaid_close_hours: 73 }), 400, 'VALIDATION_FAILED');
    expect((await ok(shop.owner.patch('/api/shop', { unpaid_close_hours: 2 }))).shop.unpaid_close_hours).toBe(2);
    const after = await placeTrade(shop, buyer, item);
    expect((await trade(shop.owner, after)).timeout_action_time).toBe(new Date(app.clock.now().getTime() + 2 * HOUR).toISOString());

    app.clock.advance(2 * HOUR - 1);
    await app.jobs.runDue();
    expect((await snapshot(app, after)).trade.status).toBe('WAIT_BUYER_PAY');
    app.clock.advance(1);
    await app.jobs.runDue();
    expect((await snapshot(app, after)).trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
    expect((await snapshot(app, before)).trade.status).toBe('WAIT_BUYER_PAY'); // placed under the 24-hour limit
    app.clock.advance(22 * HOUR);
    await app.jobs.runDue();
    expect((await snapshot(app, before)).trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
  });

  it('never closes a paid trade, even when its old timer comes round', async () => {
    const { tid, skuIds } = await tradeIn(shop, buyer);
    app.clock.advance(HOUR);
    await pay(buyer, tid);
    app.clock.advance(25 * HOUR);
    await app.jobs.runDue();
    let s = await snapshot(app, tid);
    expect(s.trade.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(await stockOf(app, skuIds)).toEqual([8, 9]);

    // A timer claimed at the moment of payment (another node) is refused by the rules and ends.
    await app.ctx.database.db.updateTable('jobs').set({ done_at: null, last_error: null })
      .where('kind', '=', 'trade.auto_close').where('key', '=', String(tid)).execute();
    await app.jobs.runDue();
    s = await snapshot(app, tid);
    expect(s.trade.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(s.escrow[0]).toMatchObject({ status: 'held', amount: 25000 });
    expect(await stockOf(app, skuIds)).toEqual([8, 9]);
    expect(await autoCloses(tid)).toEqual([]);
    const job = await app.ctx.database.db.selectFrom('jobs').selectAll()
      .where('kind', '=', 'trade.auto_close').where('key', '=', String(tid)).executeTakeFirstOrThrow();
    expect(job.done_at).not.toBeNull();
    expect(job.last_error).toMatch(/^TRADE_ACTION_NOT_ALLOWED/);
  });

  it('closes each trade exactly once when two nodes run the timers at the same moment', async () => {
    const item = await newItem(shop, 100);
    const skuIds = item.skus.map((s) => s.sku_id);
    const tids: number[] = [];
    for (let i = 0; i < 12; i++) tids.push(await placeTrade(shop, buyer, item));
    expect(await stockOf(app, skuIds)).toEqual([76, 88]);

    const node2 = await createTestApp();
    try {
      app.clock.advance(25 * HOUR);
      node2.clock.set(app.clock.now());
      await Promise.all([app.jobs.runDue(), node2.jobs.runDue(), app.jobs.runDue(), node2.jobs.runDue()]);
    } finally {
      await node2.close();
    }
    for (const tid of tids) {
      expect((await snapshot(app, tid)).trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
      expect(await autoCloses(tid)).toHaveLength(1);
    }
    // Released once per trade: a double close would give back more than was ever reserved.
    expect(await stockOf(app, skuIds)).toEqual([100, 100]);
  });

  it('survives a restart: a timer due while the app was down fires when a new one starts', async () => {
    const first = await createTestApp();
    first.clock.set(app.clock.now());
    const { tid, skuIds } = await unpaidTrade(first);
    await first.close();

    const second = await createTestApp();
    try {
      second.clock.set(new Date(app.clock.now().getTime() + 30 * HOUR));
      await second.jobs.runDue();
      expect((await snapshot(second, tid)).trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
      expect(await stockOf(second, skuIds)).toEqual([10, 10]);
    } finally {
      await second.close();
    }
    app.clock.advance(30 * HOUR);
  });
});

describe('shipped trades finish automatically', () => {
  it('finishes 10 days after shipping and releases the escrow, once', async () => {
    const { tid } = await tradeIn(shop, buyer);
    await pay(buyer, tid);
    app.clock.advance(HOUR);
    await ship(shop.owner, tid);
    const shipped = app.clock.now().getTime();

    app.clock.advance(10 * DAY - 1);
    await app.jobs.runDue();
    expect((await snapshot(app, tid)).trade.status).toBe('WAIT_BUYER_CONFIRM_GOODS');

    app.clock.advance(1);
    await app.jobs.runDue();
    const s = await snapshot(app, tid);
    expect(s.trade).toMatchObject({ status: 'TRADE_FINISHED', end_time: new Date(shipped + 10 * DAY) });
    expect(s.orders.map((o) => o.status)).toEqual(['TRADE_FINISHED', 'TRADE_FINISHED']);
    expect(s.escrow[0]).toMatchObject({ status: 'released', amount: 25000, settled_at: new Date(shipped + 10 * DAY) });
    expect(s.audit.filter((a) => a.action === 'trade.auto_finish')).toEqual([
      expect.objectContaining({ actor_kind: 'system', after: { status: 'TRADE_FINISHED' } })]);
    await app.jobs.runDue();
    expect(await snapshot(app, tid)).toEqual(s);
  });

  it('waits the extra days of a receipt extension', async () => {
    const { tid } = await tradeIn(shop, buyer);
    await pay(buyer, tid);
    await ship(shop.owner, tid);
    const shipped = app.clock.now().getTime();
    app.clock.advance(6 * DAY); // extended days later, still counted from the shipping
    const t = (await ok(shop.owner.post(`/api/trades/${tid}/receivetime`, { days: 5 }))).trade;
    expect(t.timeout_action_time).toBe(new Date(shipped + 15 * DAY).toISOString());

    app.clock.set(new Date(shipped + 10 * DAY));
    await app.jobs.runDue();
    expect((await snapshot(app, tid)).trade.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    app.clock.set(new Date(shipped + 15 * DAY - 1));
    await app.jobs.runDue();
    expect((await snapshot(app, tid)).trade.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    app.clock.set(new Date(shipped + 15 * DAY));
    await app.jobs.runDue();
    const s = await snapshot(app, tid);
    expect(s.trade.status).toBe('TRADE_FINISHED');
    expect(s.escrow[0].status).toBe('released');
  });

  it('does nothing more once the buyer has confirmed', async () => {
    const { tid } = await tradeIn(shop, buyer);
    await pay(buyer, tid);
    await ship(shop.owner, tid);
    app.clock.advance(DAY);
    await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    const s = await snapshot(app, tid);
    app.clock.advance(20 * DAY);
    await app.jobs.runDue();
    expect(await snapshot(app, tid)).toEqual(s);
    expect(s.audit.filter((a) => a.action === 'trade.auto_finish')).toEqual([]);
  });
});

describe('timers racing the people', () => {
  // PGlite has one connection: a transaction held open by the test would stop the timers from running at all.
  it.runIf(process.env.XIAOER_TEST_ENGINE === 'postgres')('never wait for a trade someone is working on: it runs on a later pass', async () => {
    const { tid } = await tradeIn(shop, buyer);
    app.clock.advance(24 * HOUR);
    const db = app.ctx.database.db;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('trades').select('tid').where('tid', '=', tid).forUpdate().execute();
      await app.jobs.runDue();
      const job = await trx.selectFrom('jobs').selectAll().where('kind', '=', 'trade.auto_close').where('key', '=', String(tid))
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ done_at: null, attempts: 0, last_error: null });
    });
    expect((await snapshot(app, tid)).trade.status).toBe('WAIT_BUYER_PAY');
    await app.jobs.runDue();
    expect((await snapshot(app, tid)).trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
    expect(await autoCloses(tid)).toHaveLength(1);
  });

  it('a payment at the moment the unpaid timer fires: either paid or closed, never both, never an error', async () => {
    const item = await newItem(shop, 100);
    const tids: number[] = [];
    for (let i = 0; i < 12; i++) tids.push(await placeTrade(shop, buyer, item));
    app.clock.advance(24 * HOUR);
    const [, ...payments] = await Promise.all([
      app.jobs.runDue(),
      ...tids.map((tid) => buyer.client.post(`/api/buyer/trades/${tid}/pay`, { payment: 25000 })),
    ]);
    for (const [i, tid] of tids.entries()) {
      const res = payments[i];
      expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
      const s = await snapshot(app, tid);
      if (res.status === 200) {
        expect(s.trade.status).toBe('WAIT_SELLER_SEND_GOODS');
        expect(s.escrow).toEqual([expect.objectContaining({ amount: 25000, status: 'held' })]);
        expect(await autoCloses(tid)).toEqual([]);
      } else {
        expect(res.body.code).toBe('TRADE_ACTION_NOT_ALLOWED');
        expect(s.trade.status).toBe('TRADE_CLOSED_BY_TAOBAO');
        expect(s.escrow).toEqual([]);
        expect(await autoCloses(tid)).toHaveLength(1);
      }
    }
    const paid = payments.filter((r) => r.status === 200).length;
    expect(await stockOf(app, item.skus.map((s) => s.sku_id))).toEqual([100 - 2 * paid, 100 - paid]);
  });

  it('a confirmation or an extension at the moment the finish timer fires: finished once, or extended', async () => {
    const item = await newItem(shop, 100);
    const tids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const tid = await placeTrade(shop, buyer, item);
      await pay(buyer, tid);
      await ship(shop.owner, tid);
      tids.push(tid);
    }
    const shipped = app.clock.now().getTime();
    app.clock.advance(10 * DAY);
    // Sessions last 7 days: sign in again.
    const owner = new Client(app.http);
    await ok(owner.post('/api/auth/login', { account: shop.name, password: PASSWORD }));
    const buyerAgain = new Client(app.http);
    await ok(buyerAgain.post('/api/buyer/login', { nick: buyer.nick, password: PASSWORD }));
    const [, ...answers] = await Promise.all([
      app.jobs.runDue(),
      ...tids.map((tid, i) => (i % 2
        ? buyerAgain.post(`/api/buyer/trades/${tid}/confirm`)
        : owner.post(`/api/trades/${tid}/receivetime`, { days: 3 }))),
    ]);
    for (const [i, tid] of tids.entries()) {
      const res = answers[i];
      expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
      const s = await snapshot(app, tid);
      const finishes = s.audit.filter((a) => a.action === 'trade.confirm' || a.action === 'trade.auto_finish');
      if (i % 2 === 0 && res.status === 200) {
        expect(s.trade).toMatchObject({ status: 'WAIT_BUYER_CONFIRM_GOODS', receive_delay_days: 3 });
        expect(s.escrow[0].status).toBe('held');
        expect(s.jobs.filter((j) => j.kind === 'trade.auto_finish')).toEqual([expect.objectContaining({ done_at: null,
          run_at: new Date(shipped + 13 * DAY) })]);
        expect(finishes).toEqual([]);
      } else {
        expect(s.trade.status).toBe('TRADE_FINISHED');
        expect(s.escrow[0].status).toBe('released');
        expect(finishes).toHaveLength(1);
        expect(finishes[0].action).toBe(res.status === 200 ? 'trade.confirm' : 'trade.auto_finish');
      }
    }
  });
});
