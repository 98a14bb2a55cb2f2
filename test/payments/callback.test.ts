import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { auditOf, refused, snapshot, tradeIn, world, type World } from '../trades/helpers.ts';
import { recordEvents, rowsOf, signedPost } from './helpers.ts';

let app: TestApp;
let w: World;
let secret: string;
let mallSecret: string;
let events: ReturnType<typeof recordEvents>;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
  secret = (await ok(w.shop.owner.post('/api/payments/provider-secret'))).secret;
  mallSecret = (await ok(w.mall.owner.post('/api/payments/provider-secret'))).secret;
  events = recordEvents(app);
});
afterAll(() => app.close());

const url = () => `/api/payments/notify/${w.shop.name}`;
let n = 0;
const callback = (tid: number, extra: Record<string, unknown> = {}) =>
  ({ notify_id: `N${Date.now()}${n++}`, tid, alipay_no: `2026110122${String(n).padStart(8, '0')}`, amount: 25000, trade_status: 'TRADE_SUCCESS', ...extra });

/** Everything a callback may change for a trade: the trade, its escrow, audit and timers, and the callbacks kept. */
const state = async (tid: number) => ({ ...(await snapshot(app, tid)), notifications: await rowsOf(app, 'payment_notifications', tid) });

describe('the escrow provider\'s callback (payment.notify)', () => {
  it('pays the trade through the pay path, keeps the provider\'s number in escrow, and announces it after commit', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    events.clear();
    const body = callback(tid);
    const res = await signedPost(app, url(), secret, body);
    expect(res).toEqual({ status: 200, body: { result: 'paid', notify_id: body.notify_id, tid, alipay_no: body.alipay_no } });
    const trade = (await ok(w.shop.owner.get(`/api/trades/${tid}`))).trade;
    expect(trade).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', alipay_no: body.alipay_no, pay_method: 'escrow' });
    expect(trade.escrow).toMatchObject({ alipay_no: body.alipay_no, amount: 25000, status: 'held' });
    expect((await auditOf(app, tid)).map((a) => a.action)).toEqual(['trade.add', 'trade.pay', 'payment.notify']);
    expect(events.of('payment.received')).toEqual([{ type: 'payment.received', shopId: w.shop.shopId, payload: {
      tid, buyer_id: w.buyer.id, method: 'escrow', amount: 25000, alipay_no: body.alipay_no, source: 'provider_callback' } }]);
    expect(events.of('trade.changed').map((e) => e.payload.action)).toEqual(['trade.pay']);
  });

  it('answers a repeated callback as the first time and changes nothing, also when re-signed later', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const body = callback(tid);
    const first = await signedPost(app, url(), secret, body);
    expect(first.status).toBe(200);
    const before = await state(tid);
    events.clear();
    app.clock.advance(60_000);
    for (let i = 0; i < 3; i++) expect(await signedPost(app, url(), secret, body)).toEqual(first);
    expect(await state(tid)).toEqual(before);
    expect(events.seen).toEqual([]);
  });

  it('lets twin deliveries at the same moment pay once and answer alike', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const body = callback(tid);
    const answers = await Promise.all([1, 2, 3].map(() => signedPost(app, url(), secret, body)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].status).toBe(200);
    expect(await rowsOf(app, 'escrow_payments', tid)).toHaveLength(1);
    expect((await auditOf(app, tid)).filter((a) => a.action === 'trade.pay')).toHaveLength(1);
  });

  it('refuses a wrong signature, another shop\'s secret, a changed body, missing headers and a stale timestamp, changing nothing', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const before = await state(tid);
    events.clear();
    const body = callback(tid);
    await refused(signedPost(app, url(), 'not-the-secret', body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), mallSecret, body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), secret, body, { tamper: (t) => t.replace('25000', '1') }), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), null, body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), secret, body, { at: new Date(app.clock.now().getTime() - 10 * 60_000) }), 401, 'STALE_TIMESTAMP');
    expect(await state(tid)).toEqual(before);
    expect(events.seen).toEqual([]);
    // The same notify_id, properly signed now, is taken: the refusals kept nothing.
    expect((await signedPost(app, url(), secret, body)).status).toBe(200);
  });

  it('refuses a shop with no provider secret, and a malformed body even when signed', async () => {
    const { tid } = await tradeIn(w.mall, w.buyer);
    await refused(signedPost(app, `/api/payments/notify/nosuchshop1`, secret, callback(tid)), 404, 'SHOP_NOT_FOUND');
    const before = await state(tid);
    await refused(signedPost(app, `/api/payments/notify/${w.mall.name}`, mallSecret, { ...callback(tid), amount: -1 }), 400, 'VALIDATION_FAILED');
    await refused(signedPost(app, `/api/payments/notify/${w.mall.name}`, mallSecret, '{"notify_id":'), 400, 'VALIDATION_FAILED');
    expect(await state(tid)).toEqual(before);
  });

  it('keeps a refusal (wrong amount, another shop\'s trade) and gives it again, for the shop to settle by hand', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const mallTrade = await tradeIn(w.mall, w.buyer);
    const before = await snapshot(app, tid);
    const mallBefore = await snapshot(app, mallTrade.tid);
    events.clear();
    const short = callback(tid, { amount: 24000 });
    const first = await refused(signedPost(app, url(), secret, short), 409, 'PAYMENT_CHANGED');
    app.clock.advance(1000);
    expect((await signedPost(app, url(), secret, short)).body).toEqual(first);
    const foreign = callback(mallTrade.tid);
    await refused(signedPost(app, url(), secret, foreign), 404, 'TRADE_NOT_FOUND');
    expect(await snapshot(app, tid)).toEqual(before);
    expect(await snapshot(app, mallTrade.tid)).toEqual(mallBefore);
    expect(events.of('payment.callback.refused').map((e) => e.payload.code)).toEqual(['PAYMENT_CHANGED', 'TRADE_NOT_FOUND']);
    const list = (await ok(w.shop.owner.get('/api/payments/notifications?outcome=refused'))).notifications;
    expect(list.map((x: any) => [x.notify_id, x.error_code])).toEqual(
      expect.arrayContaining([[short.notify_id, 'PAYMENT_CHANGED'], [foreign.notify_id, 'TRADE_NOT_FOUND']]));
    // Another shop reads none of these.
    const mallList = (await ok(w.mall.owner.get('/api/payments/notifications'))).notifications;
    expect(mallList.find((x: any) => x.notify_id === short.notify_id)).toBeUndefined();
  });

  it('acknowledges other trade statuses without paying, and refuses a second payment of a paid trade', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const before = await snapshot(app, tid);
    const waiting = callback(tid, { trade_status: 'WAIT_BUYER_PAY' });
    expect(await signedPost(app, url(), secret, waiting)).toEqual({ status: 200, body: { result: 'ignored', notify_id: waiting.notify_id, tid } });
    expect(await snapshot(app, tid)).toEqual(before);
    await ok(signedPost(app, url(), secret, callback(tid)));
    const paid = await snapshot(app, tid);
    await refused(signedPost(app, url(), secret, callback(tid)), 409, 'TRADE_ACTION_NOT_ALLOWED');
    expect(await snapshot(app, tid)).toEqual(paid);
  });

  it('lets only an account with setting.manage rotate the secret; the old one stops working', async () => {
    await refused(w.agent.client.post('/api/payments/provider-secret'), 403, 'PERMISSION_DENIED');
    const { tid } = await tradeIn(w.shop, w.buyer);
    const old = secret;
    secret = (await ok(w.shop.owner.post('/api/payments/provider-secret'))).secret;
    expect(secret).not.toBe(old);
    await refused(signedPost(app, url(), old, callback(tid)), 401, 'BAD_SIGNATURE');
    expect((await signedPost(app, url(), secret, callback(tid))).status).toBe(200);
    const settings = await ok(w.shop.owner.get('/api/payments/settings'));
    expect(settings.provider_secret_set).toBe(true);
    expect(JSON.stringify(settings)).not.toContain(secret);
  });
});

describe('the signed endpoints', () => {
  it('take JSON with a charset, and are documented with the other operations', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const text = JSON.stringify(callback(tid));
    const { signedHeaders } = await import('../../src/modules/payments/index.ts');
    const res = await app.http.inject({ method: 'POST', url: url(), payload: text,
      headers: { ...signedHeaders(secret, text, app.clock.now()), 'content-type': 'application/json; charset=utf-8' } });
    expect(res.statusCode, res.body).toBe(200);

    const doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    for (const id of ['payment.notify', 'payment.bank_transfer.record', 'payment.bank_transfer.notice', 'logistics.trace.push',
      'logistics.trace.search', 'logistics.trace.add', 'logistics.case.add', 'logistics.case.close', 'delivery.template.update',
      'delivery.template.delete', 'traderate.add', 'traderate.update', 'traderates.get', 'traderates.stats.get', 'traderate.followup.close']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
