import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { pay, refused, ship, tradeIn, world, type World } from '../trades/helpers.ts';
import { recordEvents, signedPost } from '../payments/helpers.ts';

let app: TestApp;
let w: World;
let sfSecret: string;
let events: ReturnType<typeof recordEvents>;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
  sfSecret = (await ok(w.shop.owner.post('/api/logistics/couriers/SF/secret'))).secret;
  events = recordEvents(app);
});
afterAll(() => app.close());

let seq = 0;
async function shipped(outSid = `SF${Date.now()}${seq++}`) {
  const { tid } = await tradeIn(w.shop, w.buyer);
  await pay(w.buyer, tid);
  await ship(w.warehouse.client, tid, 'SF', outSid);
  return { tid, outSid };
}
const minutesAgo = (m: number) => new Date(app.clock.now().getTime() - m * 60_000).toISOString();
const eventRows = (outSid: string) =>
  app.ctx.database.db.selectFrom('parcel_events').selectAll().where('out_sid', '=', outSid).orderBy('id').execute();

describe('tracking entered by the warehouse (logistics.trace.add)', () => {
  it('adds events to the shipped parcel; the shop and the buyer read them in time order with the latest status', async () => {
    const { tid, outSid } = await shipped();
    events.clear();
    await ok(w.warehouse.client.post(`/api/trades/${tid}/traces`, { status: 'TRANSPORT', description: '到达杭州转运中心', location: '杭州', occurred_at: minutesAgo(30) }), 201);
    const view = await ok(w.warehouse.client.post(`/api/trades/${tid}/traces`, { status: 'ACCEPT', description: '顺丰已揽收', occurred_at: minutesAgo(90) }), 201);
    expect(view).toMatchObject({ tid, company_code: 'SF', company_name: '顺丰速运', out_sid: outSid, status: 'TRANSPORT', status_name: '运输中' });
    expect(view.traces.map((t: any) => [t.status, t.source, t.recorded_by])).toEqual([['ACCEPT', 'warehouse', w.warehouse.login], ['TRANSPORT', 'warehouse', w.warehouse.login]]);
    expect(events.of('logistics.tracking').map((e) => [e.shopId, e.payload.tid, e.payload.status, e.payload.source]))
      .toEqual([[w.shop.shopId, tid, 'TRANSPORT', 'warehouse'], [w.shop.shopId, tid, 'ACCEPT', 'warehouse']]);
    const mine = await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/traces`));
    expect(mine.traces.map((t: any) => t.description)).toEqual(['顺丰已揽收', '到达杭州转运中心']);
    expect(mine.traces[0].recorded_by).toBeUndefined();
    expect((await ok(w.agent.client.get(`/api/trades/${tid}/traces`))).traces).toHaveLength(2);
  });

  it('refuses an unshipped trade, another shop\'s trade, a future time and an account without the ship permission', async () => {
    const { tid, outSid } = await shipped();
    const unshipped = await tradeIn(w.shop, w.buyer);
    const body = { status: 'DELIVERING', description: '派送中', occurred_at: minutesAgo(1) };
    await refused(w.warehouse.client.post(`/api/trades/${unshipped.tid}/traces`, body), 409, 'NOT_SHIPPED');
    await refused(w.mall.owner.post(`/api/trades/${tid}/traces`, body), 404, 'TRADE_NOT_FOUND');
    await refused(w.warehouse.client.post(`/api/trades/${tid}/traces`, { ...body, occurred_at: '2099-01-01T00:00:00Z' }), 400, 'EVENT_IN_FUTURE');
    await refused(w.agent.client.post(`/api/trades/${tid}/traces`, body), 403, 'PERMISSION_DENIED');
    await refused(w.warehouse.client.post(`/api/trades/${tid}/traces`, { ...body, status: 'LOST' }), 400, 'VALIDATION_FAILED');
    expect(await eventRows(outSid)).toEqual([]);
    expect(await ok(w.buyer.client.get(`/api/buyer/trades/${unshipped.tid}/traces`))).toMatchObject({ out_sid: null, traces: [] });
    await refused(w.stranger.client.get(`/api/buyer/trades/${tid}/traces`), 404, 'TRADE_NOT_FOUND');
  });
});

describe('tracking pushed by the courier (logistics.trace.push)', () => {
  const url = () => `/api/logistics/tracking/${w.shop.name}/SF`;
  const push = (outSid: string, ids: string[]) => ({ events: ids.map((id, i) => ({
    event_id: id, out_sid: outSid, status: i === 0 ? 'ACCEPT' : 'DELIVERING', description: `事件 ${id}`, location: '上海', occurred_at: minutesAgo(60 - i),
  })) });

  it('takes signed events, finds their trade by tracking number, and ignores an event seen before', async () => {
    const { tid, outSid } = await shipped();
    events.clear();
    const body = push(outSid, [`${outSid}-1`, `${outSid}-2`]);
    expect(await signedPost(app, url(), sfSecret, body)).toEqual({ status: 200, body: { accepted: 2, duplicates: 0 } });
    expect(events.of('logistics.tracking').map((e) => [e.payload.tid, e.payload.buyer_id, e.payload.status, e.payload.source]))
      .toEqual([[tid, w.buyer.id, 'ACCEPT', 'courier'], [tid, w.buyer.id, 'DELIVERING', 'courier']]);
    const view = await ok(w.shop.owner.get(`/api/trades/${tid}/traces`));
    expect(view).toMatchObject({ status: 'DELIVERING', traces: [{ source: 'courier', recorded_by: null }, { source: 'courier' }] });

    events.clear();
    const rows = await eventRows(outSid);
    app.clock.advance(5000);
    expect(await signedPost(app, url(), sfSecret, body)).toEqual({ status: 200, body: { accepted: 0, duplicates: 2 } });
    const again = push(outSid, [`${outSid}-2`, `${outSid}-3`, `${outSid}-3`]);
    expect(await signedPost(app, url(), sfSecret, again)).toEqual({ status: 200, body: { accepted: 1, duplicates: 2 } });
    expect((await eventRows(outSid)).slice(0, 2)).toEqual(rows);
    expect(await eventRows(outSid)).toHaveLength(3);
    expect(events.of('logistics.tracking')).toHaveLength(1);
  });

  it('keeps events of a number the shop has not entered yet, and shows them once the trade ships with it', async () => {
    const outSid = `SF${Date.now()}early`;
    await ok(signedPost(app, url(), sfSecret, push(outSid, [`${outSid}-a`])));
    const { tid } = await shipped(outSid);
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/traces`))).traces.map((t: any) => t.status)).toEqual(['ACCEPT']);
  });

  it('refuses a wrong or missing signature, a stale timestamp, another courier\'s secret and a malformed push, storing nothing', async () => {
    const { outSid } = await shipped();
    const ytoSecret = (await ok(w.shop.owner.post('/api/logistics/couriers/YTO/secret'))).secret;
    const body = push(outSid, [`${outSid}-x`]);
    events.clear();
    await refused(signedPost(app, url(), 'guess', body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), null, body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), ytoSecret, body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), sfSecret, body, { tamper: (t) => t.replace('ACCEPT', 'SIGN') }), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, url(), sfSecret, body, { at: new Date(app.clock.now().getTime() - 6 * 60_000) }), 401, 'STALE_TIMESTAMP');
    await refused(signedPost(app, `/api/logistics/tracking/${w.mall.name}/SF`, sfSecret, body), 401, 'BAD_SIGNATURE');
    await refused(signedPost(app, `/api/logistics/tracking/${w.shop.name}/NOPE`, sfSecret, body), 400, 'BAD_COMPANY_CODE');
    await refused(signedPost(app, url(), sfSecret, { events: [] }), 400, 'VALIDATION_FAILED');
    const future = push(outSid, [`${outSid}-f`]);
    future.events[0].occurred_at = '2099-01-01T00:00:00Z';
    await refused(signedPost(app, url(), sfSecret, future), 400, 'EVENT_IN_FUTURE');
    expect(await eventRows(outSid)).toEqual([]);
    expect(events.seen).toEqual([]);
  });

  it('lets only setting.manage give a courier its secret, never shown again', async () => {
    await refused(w.warehouse.client.post('/api/logistics/couriers/SF/secret'), 403, 'PERMISSION_DENIED');
    await refused(w.shop.owner.post('/api/logistics/couriers/NOPE/secret'), 400, 'BAD_COMPANY_CODE');
    const list = await ok(w.shop.owner.get('/api/logistics/couriers/secrets'));
    expect(list.couriers.map((c: any) => c.company_code)).toEqual(expect.arrayContaining(['SF']));
    expect(JSON.stringify(list)).not.toContain(sfSecret);
  });
});
