import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { Client } from '../support/client.ts';
import { ok, PASSWORD } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { act, asked, buyerAct, escrowOf, listen, paidTrade, snapshot, world, type World } from './helpers.ts';

/*
 * The test database is shared: these tests keep an era of their own, long before any other test's and after the trade
 * timers' one, and run only the refund timers, so they never fire another test's timers nor theirs ours early.
 */
const ERA = new Date('2003-05-01T00:00:00Z');
const KINDS = ['refund.timeout'];

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(ERA);
  w = await world(app);
});
afterAll(() => app.close());

// The clock moves by days, past the 7 days a session lasts: sign in again when it is near its end.
let signedIn = ERA;
beforeEach(async () => {
  if (app.clock.now().getTime() - signedIn.getTime() < 4 * DAY) return;
  await ok(w.shop.owner.post('/api/auth/login', { account: w.shop.name, password: PASSWORD }));
  for (const a of [w.aftersales, w.warehouse]) await ok(a.client.post('/api/auth/login', { account: a.login, password: PASSWORD }));
  await ok(w.buyer.client.post('/api/buyer/login', { nick: w.buyer.nick, password: PASSWORD }));
  signedIn = app.clock.now();
});

const run = (node: TestApp = app) => node.jobs.runDue(node.clock.now(), 1000, KINDS);
const refundOf = async (tid: number) => (await snapshot(app, tid)).refunds[0];
const timeouts = async (tid: number) => (await snapshot(app, tid)).audit.filter((a) => a.action === 'refund.timeout');

describe('a seller who does not answer is taken to agree', () => {
  it('before shipping, after 48 hours: the money leaves escrow once, by the timer', async () => {
    const events = listen(app);
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 9000 });
    app.clock.advance(48 * HOUR - 1);
    await run();
    expect((await refundOf(tid)).status).toBe('WAIT_SELLER_AGREE');
    app.clock.advance(1);
    await run();
    const s = await snapshot(app, tid);
    expect(s.refunds[0]).toMatchObject({ status: 'SUCCESS', end_time: app.clock.now(), timeout: null });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 9000, refundedByLedger: 9000, reserved: 0 });
    expect(await timeouts(tid)).toEqual([expect.objectContaining({ actor_kind: 'system', actor_id: null,
      before: expect.objectContaining({ status: 'WAIT_SELLER_AGREE' }), after: expect.objectContaining({ status: 'SUCCESS' }) })]);
    expect(events.filter((e) => e.payload.refund_id === r.refund_id).map((e) => [e.type, e.payload.by])).toEqual([
      ['refund.created', 'buyer'], ['refund.agreed', 'system'], ['refund.succeeded', 'system'], ['refund.changed', 'system']]);
    // Fired once: later runs change nothing.
    app.clock.advance(HOUR);
    await run();
    await run();
    expect(await snapshot(app, tid)).toEqual(s);
  });

  it('after shipping, after 5 days: a return is agreed, then closes when the buyer sends nothing back in 7 days', async () => {
    const { tid, red, payment } = await paidTrade(w, { ship: w.warehouse.client });
    await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND_AND_RETURN', refund_fee: 20000 });
    app.clock.advance(5 * DAY - 1);
    await run();
    expect((await refundOf(tid)).status).toBe('WAIT_SELLER_AGREE');
    app.clock.advance(1);
    await run();
    const agreed = await refundOf(tid);
    expect(agreed).toMatchObject({ status: 'WAIT_BUYER_RETURN_GOODS', timeout: new Date(app.clock.now().getTime() + 7 * DAY) });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 0, reserved: 20000 });

    app.clock.advance(7 * DAY);
    await run();
    expect(await refundOf(tid)).toMatchObject({ status: 'CLOSED', end_time: app.clock.now() });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 0, reserved: 0, held: payment });
    expect((await timeouts(tid)).map((a) => (a.after as any).status)).toEqual(['WAIT_BUYER_RETURN_GOODS', 'CLOSED']);
  });

  it('follows the shop\'s own limit, as set when the buyer asks', async () => {
    await ok(w.shop.owner.patch('/api/aftersales/settings', { agree_hours_before_ship: 6 }));
    try {
      const { tid, blue } = await paidTrade(w);
      await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
      await ok(w.shop.owner.patch('/api/aftersales/settings', { agree_hours_before_ship: 48 }));
      app.clock.advance(6 * HOUR);
      await run();
      expect((await refundOf(tid)).status).toBe('SUCCESS');
    } finally {
      await ok(w.shop.owner.patch('/api/aftersales/settings', { agree_hours_before_ship: 48 }));
    }
  });

  it('does nothing once the seller answered in time', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    app.clock.advance(HOUR);
    await act(w.aftersales.client, r.refund_id, 'refuse', { refuse_reason: '已和买家协商' });
    app.clock.advance(48 * HOUR);
    await run();
    expect((await refundOf(tid)).status).toBe('SELLER_REFUSE_BUYER');
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 0, reserved: 100 });
    // The buyer who does not ask again within 7 days of the refusal gives up.
    app.clock.advance(5 * DAY - 48 * HOUR + 7 * DAY);
    await run();
    expect((await refundOf(tid)).status).toBe('CLOSED');
    expect(await escrowOf(app, tid)).toMatchObject({ reserved: 0, refunded: 0 });
    expect((await timeouts(tid)).map((a) => (a.after as any).status)).toEqual(['CLOSED']);
  });

  it('pays a return the seller does not confirm within 10 days of the buyer sending it', async () => {
    const { tid, blue } = await paidTrade(w, { ship: w.warehouse.client });
    const r = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND_AND_RETURN', refund_fee: 5000 });
    await act(w.aftersales.client, r.refund_id, 'returngoods/agree');
    await buyerAct(w.buyer, r.refund_id, 'returngoods', { company_code: 'SF', sid: 'SF5555666677' });
    app.clock.advance(3 * DAY);
    await act(w.warehouse.client, r.refund_id, 'goods/receive'); // received, but nobody confirms
    app.clock.advance(7 * DAY - 1);
    await run();
    expect((await refundOf(tid)).status).toBe('WAIT_SELLER_CONFIRM_GOODS');
    app.clock.advance(1);
    await run();
    expect((await refundOf(tid)).status).toBe('SUCCESS');
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 5000, reserved: 0 });
  });
});

describe('durable: once, across restarts and nodes', () => {
  it('fires a deadline that passed while the app was down, once: a second runner on the same database does not fire it again', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 4000 });
    const due = new Date(app.clock.now().getTime() + 48 * HOUR);

    const second = await createTestApp(); // a new process on the same database, after the first stopped
    try {
      second.clock.set(new Date(due.getTime() + 30 * 60_000));
      await run(second);
    } finally {
      await second.close();
    }
    const s = await snapshot(app, tid);
    expect(s.refunds[0].status).toBe('SUCCESS');
    expect(s.jobs.filter((j) => j.key === `${r.refund_id}:WAIT_SELLER_AGREE`)).toEqual([
      expect.objectContaining({ done_at: new Date(due.getTime() + 30 * 60_000), attempts: 0, last_error: null })]);

    const third = await createTestApp();
    try {
      third.clock.set(new Date(due.getTime() + DAY));
      await run(third);
    } finally {
      await third.close();
    }
    expect(await snapshot(app, tid)).toEqual(s);
    expect(await timeouts(tid)).toHaveLength(1);
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 4000, refundedByLedger: 4000 });
    app.clock.set(new Date(due.getTime() + DAY));
  });

  it('fires each deadline once when two nodes run the timers at the same moment', async () => {
    const tids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { tid, red } = await paidTrade(w);
      await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 20000 });
      tids.push(tid);
    }
    const node2 = await createTestApp();
    try {
      app.clock.advance(48 * HOUR);
      node2.clock.set(app.clock.now());
      await Promise.all([run(), run(node2), run(), run(node2)]);
    } finally {
      await node2.close();
    }
    for (const tid of tids) {
      expect((await refundOf(tid)).status).toBe('SUCCESS');
      expect(await timeouts(tid)).toHaveLength(1);
      expect(await escrowOf(app, tid)).toMatchObject({ refunded: 20000, refundedByLedger: 20000 });
      expect((await snapshot(app, tid)).orders[0].status).toBe('TRADE_CLOSED');
    }
  });

  it('an answer at the moment the deadline passes: agreed by one of them, paid once', async () => {
    const items: { tid: number; refundId: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const { tid, blue } = await paidTrade(w);
      items.push({ tid, refundId: (await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 })).refund_id });
    }
    app.clock.advance(48 * HOUR);
    const owner = new Client(app.http);
    await ok(owner.post('/api/auth/login', { account: w.shop.name, password: PASSWORD }));
    const [, ...answers] = await Promise.all([run(), ...items.map((x) => owner.post(`/api/refunds/${x.refundId}/agree`))]);
    for (const [i, { tid }] of items.entries()) {
      expect([200, 409], JSON.stringify(answers[i].body)).toContain(answers[i].status);
      const s = await snapshot(app, tid);
      const agreed = s.audit.filter((a) => a.action === 'refund.agree' || a.action === 'refund.timeout');
      expect(agreed).toHaveLength(1);
      expect(agreed[0].action).toBe(answers[i].status === 200 ? 'refund.agree' : 'refund.timeout');
      expect(await escrowOf(app, tid)).toMatchObject({ refunded: 5000, refundedByLedger: 5000 });
    }
  });
});
