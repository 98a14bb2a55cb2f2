import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { verifyWebhookSignature, WEBHOOK_DELIVERY_JOB } from '../../src/modules/integration/index.ts';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks-dispatcher.ts';
import { MAX_ATTEMPTS } from '../../src/modules/integration/webhooks-rules.ts';
import type { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { Receiver } from './receiver.ts';

let app: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  app = await createTestApp();
  receiver = await Receiver.start();
});
afterAll(async () => {
  await app.close();
  await receiver.close();
});

/** Lets the dispatcher write the deliveries of what was published, then runs the delivery timers due now. */
async function deliver() {
  await app.integration.idle();
  await app.jobs.runDue(app.clock.now(), 1000, [WEBHOOK_DELIVERY_JOB]);
  await app.integration.idle();
}

async function hook(owner: Client, events: string[], url = receiver.url) {
  const body = await ok(owner.post('/api/integration/webhooks', { url, events, description: 'ERP' }), 201);
  return { id: body.webhook.id as number, secret: body.secret as string, webhook: body.webhook };
}

const deliveries = async (owner: Client, id: number) => (await ok(owner.get(`/api/integration/webhooks/${id}/deliveries`))).deliveries;

function signed(secret: string, r: { headers: Record<string, unknown>; body: string }) {
  return verifyWebhookSignature(secret, {
    timestamp: r.headers['x-xiaoer-timestamp'] as string, signature: r.headers['x-xiaoer-signature'] as string,
  }, r.body, app.clock.now());
}

describe('webhooks', () => {
  it('deliver the trade events a shop asked for, signed, and log the delivery', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const h = await hook(shop.owner, ['trade.*']);
    expect(h.secret).toMatch(/^whsec_/);
    expect(h.webhook.secret_hint).toBe(`${h.secret.slice(0, 10)}…`);
    const other = await hook(shop.owner, ['refund.*']);
    const before = receiver.received.length;

    const tid = await placeTrade(shop, buyer, item);
    await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: '送小礼物', flag: 1 }));
    await deliver();

    // Deliveries due at the same moment go out in no promised order.
    const got = receiver.received.slice(before).sort((a, b) => a.json.event_id - b.json.event_id);
    expect(got.map((r) => r.json.event)).toEqual(['trade.created', 'trade.changed']);
    expect(got[0].json).toMatchObject({ event: 'trade.created', shop_id: shop.shopId, test: false, data: { tid } });
    expect(got[1].json.data).toMatchObject({ tid, action: 'trade.memo.update', flag: 1 });
    expect(typeof got[0].json.event_id).toBe('number');
    for (const r of got) {
      expect(signed(h.secret, r)).toBe(true);
      expect(signed(other.secret, r)).toBe(false);
      expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'x-xiaoer-attempt': '1' });
    }

    const log = await deliveries(shop.owner, h.id);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, event: 'trade.changed' });
    expect(await deliveries(shop.owner, other.id)).toEqual([]);
  });

  it('carry any event name a module publishes, with no change to the dispatcher', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['review.*', 'refund.changed']);
    const before = receiver.received.length;
    await inTransaction(app.ctx, async (uow) => {
      uow.emit({ type: 'review.created', shopId: shop.shopId, payload: { review_id: 7, result: 'bad', content: '<b>差</b>' } });
      uow.emit({ type: 'refund.changed', shopId: shop.shopId, payload: { refund_id: 3, status: 'SUCCESS' } });
      uow.emit({ type: 'refund.created', shopId: shop.shopId, payload: { refund_id: 4 } });
    });
    await deliver();
    const got = receiver.received.slice(before);
    expect(got.map((r) => r.json.event).sort()).toEqual(['refund.changed', 'review.created']);
    expect(got.find((r) => r.json.event === 'review.created')!.json.data).toEqual({ review_id: 7, result: 'bad', content: '<b>差</b>' });
    expect(got.every((r) => signed(h.secret, r))).toBe(true);
  });

  it('retry a failed delivery with exponential backoff until it is accepted', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['custom.ping']);
    receiver.answers = [500, 503];
    const before = receiver.received.length;
    await inTransaction(app.ctx, async (uow) => uow.emit({ type: 'custom.ping', shopId: shop.shopId, payload: { n: 1 } }));
    await deliver();
    let [d] = await deliveries(shop.owner, h.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500, last_error: 'HTTP 500' });
    expect(new Date(d.next_attempt_at).getTime() - app.clock.now().getTime()).toBe(30_000);

    await deliver(); // not due yet
    expect(receiver.received.length - before).toBe(1);
    app.clock.advance(30_000);
    await deliver();
    [d] = await deliveries(shop.owner, h.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, last_status_code: 503 });
    expect(new Date(d.next_attempt_at).getTime() - app.clock.now().getTime()).toBe(60_000);
    app.clock.advance(60_000);
    await deliver();
    [d] = await deliveries(shop.owner, h.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200, next_attempt_at: null });

    const got = receiver.received.slice(before);
    expect(got.map((r) => r.headers['x-xiaoer-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    const detail = await ok(shop.owner.get(`/api/integration/webhooks/${h.id}/deliveries/${d.id}`));
    expect(detail.delivery.attempts_log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 503, 200]);
    expect(detail.delivery.payload).toEqual({ n: 1 });

    // Nothing is sent again once delivered, however late the timers run.
    app.clock.advance(86_400_000);
    await deliver();
    expect(receiver.received.length - before).toBe(3);
  });

  it(`give up after ${MAX_ATTEMPTS} attempts`, async () => {
    const shop = await newShop(app);
    const dead = await Receiver.start();
    await dead.close(); // nobody listens there any more
    const h = await hook(shop.owner, ['custom.lost'], dead.url);
    await inTransaction(app.ctx, async (uow) => uow.emit({ type: 'custom.lost', shopId: shop.shopId, payload: {} }));
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await deliver();
      app.clock.advance(6 * 3_600_000);
    }
    const [d] = await deliveries(shop.owner, h.id);
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_status_code: null, next_attempt_at: null });
    expect(d.last_error).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('send each delivery once when runners race, and once per webhook however many nodes hear the event', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['race.*']);
    const before = receiver.received.length;
    await inTransaction(app.ctx, async (uow) => {
      for (let i = 0; i < 6; i++) uow.emit({ type: 'race.tick', shopId: shop.shopId, payload: { i } });
    });
    await app.integration.idle();
    await Promise.all([
      app.jobs.runDue(app.clock.now(), 1000, [WEBHOOK_DELIVERY_JOB]),
      app.jobs.runDue(app.clock.now(), 1000, [WEBHOOK_DELIVERY_JOB]),
    ]);
    await app.integration.idle();
    expect(receiver.received.slice(before).map((r) => r.json.data.i).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    // Three more nodes on a shared bus hear the same event: still one delivery.
    const event = { type: 'race.shared', shopId: shop.shopId, payload: { same: true } };
    await inTransaction({ ...app.ctx, bus: { publish: async () => {}, subscribe: () => () => {}, close: async () => {} } },
      async (uow) => uow.emit(event));
    const nodes = [1, 2, 3].map(() => new WebhookDispatcher(app.ctx, true));
    await Promise.all(nodes.map((n) => n.dispatch(event)));
    const shared = (await deliveries(shop.owner, h.id)).filter((d: { event: string }) => d.event === 'race.shared');
    expect(shared).toHaveLength(1);
    await deliver();
    expect(receiver.received.filter((r) => r.json.event === 'race.shared' && r.json.shop_id === shop.shopId)).toHaveLength(1);
  });

  it('send a test event on demand and report the outcome', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['trade.changed']);
    const before = receiver.received.length;
    const test = await ok(shop.owner.post(`/api/integration/webhooks/${h.id}/test`));
    expect(test.delivery).toMatchObject({ event: 'webhook.test', test: true, status: 'delivered', attempts: 1, last_status_code: 200 });
    const [r] = receiver.received.slice(before);
    expect(r.json).toMatchObject({ event: 'webhook.test', test: true, data: { webhook_id: h.id } });
    expect(signed(h.secret, r)).toBe(true);

    receiver.answers = [404];
    const failed = await ok(shop.owner.post(`/api/integration/webhooks/${h.id}/test`));
    expect(failed.delivery).toMatchObject({ status: 'failed', last_status_code: 404, next_attempt_at: null });

    const rotated = await ok(shop.owner.post(`/api/integration/webhooks/${h.id}/secret`));
    expect(rotated.secret).not.toBe(h.secret);
    await ok(shop.owner.post(`/api/integration/webhooks/${h.id}/test`));
    const last = receiver.received.at(-1)!;
    expect(signed(rotated.secret, last)).toBe(true);
    expect(signed(h.secret, last)).toBe(false);
  });

  it('stop sending when switched off or deleted, and belong to their shop only', async () => {
    const shop = await newShop(app);
    const h = await hook(shop.owner, ['quiet.*']);
    receiver.answers = [500];
    await inTransaction(app.ctx, async (uow) => uow.emit({ type: 'quiet.one', shopId: shop.shopId, payload: {} }));
    await deliver();
    await ok(shop.owner.patch(`/api/integration/webhooks/${h.id}`, { enabled: false }));
    const [d] = await deliveries(shop.owner, h.id);
    expect(d).toMatchObject({ status: 'failed', last_error: 'webhook disabled' });
    const before = receiver.received.length;
    await inTransaction(app.ctx, async (uow) => uow.emit({ type: 'quiet.two', shopId: shop.shopId, payload: {} }));
    app.clock.advance(3_600_000);
    await deliver();
    expect(receiver.received.length).toBe(before);

    const other = await newShop(app);
    await refused(other.owner.get(`/api/integration/webhooks/${h.id}/deliveries`), 404, 'WEBHOOK_NOT_FOUND');
    await refused(other.owner.post(`/api/integration/webhooks/${h.id}/test`), 404, 'WEBHOOK_NOT_FOUND');
    await refused(other.owner.patch(`/api/integration/webhooks/${h.id}`, { enabled: true }), 404, 'WEBHOOK_NOT_FOUND');
    await refused(other.owner.request('DELETE', `/api/integration/webhooks/${h.id}`), 404, 'WEBHOOK_NOT_FOUND');
    expect((await ok(other.owner.get('/api/integration/webhooks'))).webhooks).toEqual([]);

    await ok(shop.owner.request('DELETE', `/api/integration/webhooks/${h.id}`));
    expect((await ok(shop.owner.get('/api/integration/webhooks'))).webhooks).toEqual([]);
    expect(await deliveries(shop.owner, h.id)).toHaveLength(1); // the log outlives the webhook
    const audit = await ok(shop.owner.get('/api/audit'));
    expect(audit.entries.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('webhook.')))
      .toEqual(['webhook.delete', 'webhook.update', 'webhook.create']);
  });

  it('are managed with the setting permission, and refuse bad addresses and event names', async () => {
    const shop = await newShop(app);
    const service = await newSubAccount(app, shop, 'service');
    await refused(service.client.get('/api/integration/webhooks'), 403, 'PERMISSION_DENIED');
    await refused(service.client.post('/api/integration/webhooks', { url: receiver.url, events: ['*'] }), 403, 'PERMISSION_DENIED');
    await refused(shop.owner.post('/api/integration/webhooks', { url: 'javascript:alert(1)', events: ['*'] }), 400, 'BAD_WEBHOOK_URL');
    await refused(shop.owner.post('/api/integration/webhooks', { url: receiver.url, events: ['<script>'] }), 400, 'BAD_EVENTS');
    await refused(shop.owner.post('/api/integration/webhooks', { url: receiver.url, events: [] }), 400, 'VALIDATION_FAILED');
  });
});
