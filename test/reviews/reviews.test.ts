import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { newBuyer, ok, PASSWORD } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { pay, refused, ship, tradeIn, world, type World } from '../trades/helpers.ts';
import { recordEvents } from '../payments/helpers.ts';

let app: TestApp;
let w: World;
let events: ReturnType<typeof recordEvents>;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
  events = recordEvents(app);
});
afterAll(() => app.close());
// Each test starts at the same moment; one that moves weeks ahead signs its people in again (sessions last 7 days).
let start: Date;
beforeAll(() => void (start = app.clock.now()));
afterEach(async () => {
  app.clock.set(start);
});
async function advanceDays(days: number) {
  app.clock.advance(days * DAY);
  for (const b of [w.buyer, w.stranger]) await ok(b.client.post('/api/buyer/login', { nick: b.nick, password: PASSWORD }));
  for (const a of [w.aftersales]) await ok(a.client.post('/api/auth/login', { account: a.login, password: PASSWORD }));
}

/** A trade of 2 red + 1 blue shirts the buyer paid, got and confirmed just now; its two sub-orders. */
async function finished(buyer = w.buyer, shop = w.shop) {
  const { tid, item } = await tradeIn(shop, buyer);
  await pay(buyer, tid);
  await ship(shop.owner, tid);
  const trade = (await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`))).trade;
  expect(trade.status).toBe('TRADE_FINISHED');
  return { tid, item, oids: trade.orders.map((o: any) => o.oid) as number[] };
}
const rate = (buyer: any, tid: number, rates: unknown[]) => buyer.client.post(`/api/buyer/trades/${tid}/reviews`, { rates });
/** Every review row, follow-up and audit row of a trade: a refusal leaves them all as they were. */
async function state(tid: number) {
  const db = app.ctx.database.db;
  return {
    reviews: await db.selectFrom('reviews').selectAll().where('tid', '=', tid).orderBy('id').execute(),
    followups: await db.selectFrom('review_followups').selectAll().where('tid', '=', tid).orderBy('id').execute(),
    audit: await db.selectFrom('audit_log').selectAll().where('entity', '=', 'review').where('shop_id', '=', w.shop.shopId).orderBy('id').execute(),
  };
}

describe('giving reviews (traderate.add)', () => {
  it('rates each sub-order of a finished trade; a bad one opens a follow-up; both are announced', async () => {
    const { tid, oids, item } = await finished();
    const todo = await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/reviews`));
    expect(todo.rateable.map((r: any) => r.oid)).toEqual(oids);
    expect(new Date(todo.rateable[0].deadline).getTime()).toBe(app.clock.now().getTime() + 15 * DAY);
    events.clear();
    const { reviews } = await ok(rate(w.buyer, tid, [
      { oid: oids[0], result: 'good', content: '很好' }, { oid: oids[1], result: 'bad', content: '洗了就掉色' }]), 201);
    expect(reviews.map((r: any) => [r.oid, r.result, r.result_name, r.can_change])).toEqual([[oids[0], 'good', '好评', false], [oids[1], 'bad', '差评', true]]);
    expect(events.seen.map((e) => [e.type, e.shopId, e.payload.oid ?? null])).toEqual([
      ['review.created', w.shop.shopId, oids[0]], ['review.created', w.shop.shopId, oids[1]], ['review.followup.opened', w.shop.shopId, oids[1]]]);
    expect(events.of('review.created')[1].payload).toMatchObject({ tid, num_iid: item.num_iid, result: 'bad', buyer_id: w.buyer.id });
    const { followups } = await ok(w.aftersales.client.get('/api/review-followups'));
    expect(followups.find((f: any) => f.tid === tid)).toMatchObject({ oid: oids[1], status: 'open', result: 'bad', review_content: '洗了就掉色', contact_log: [] });
    const shopSide = (await ok(w.agent.client.get(`/api/reviews?tid=${tid}`))).reviews;
    expect(shopSide.map((r: any) => r.buyer_nick)).toEqual([w.buyer.nick, w.buyer.nick]);
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/reviews`))).rateable).toEqual([]);
  });

  it('refuses after 15 days, before finishing, twice, without words for a bad one, and for someone else\'s trade, changing nothing', async () => {
    const { tid, oids } = await finished();
    const before = await state(tid);
    await refused(rate(w.buyer, tid, [{ oid: oids[0], result: 'bad', content: ' ' }]), 400, 'REVIEW_CONTENT_REQUIRED');
    await refused(rate(w.buyer, tid, [{ oid: oids[0], result: 'excellent', content: '' }]), 400, 'VALIDATION_FAILED');
    await refused(rate(w.stranger, tid, [{ oid: oids[0], result: 'good' }]), 404, 'TRADE_NOT_FOUND');
    const other = await finished();
    await refused(rate(w.buyer, tid, [{ oid: other.oids[0], result: 'good' }]), 404, 'ORDER_NOT_FOUND');
    // All or nothing: one bad line refuses the good one beside it.
    await refused(rate(w.buyer, tid, [{ oid: oids[0], result: 'good' }, { oid: oids[0], result: 'good' }]), 400, 'DUPLICATE_OID');
    const unfinished = await tradeIn(w.shop, w.buyer);
    const order = (await ok(w.buyer.client.get(`/api/buyer/trades/${unfinished.tid}`))).trade.orders[0];
    await refused(rate(w.buyer, unfinished.tid, [{ oid: order.oid, result: 'good' }]), 409, 'ORDER_NOT_FINISHED');
    await advanceDays(15);
    await refused(rate(w.buyer, tid, [{ oid: oids[0], result: 'good' }]), 409, 'REVIEW_WINDOW_CLOSED');
    expect(await state(tid)).toEqual(before);
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/reviews`))).rateable).toEqual([]);
  });

  it('lets one of two twin requests rate a sub-order', async () => {
    const { tid, oids } = await finished();
    const results = await Promise.all([1, 2].map(() => rate(w.buyer, tid, [{ oid: oids[0], result: 'neutral', content: '一般' }])));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await state(tid)).reviews).toHaveLength(1);
    expect((await state(tid)).followups).toHaveLength(1);
  });
});

describe('changing a review (traderate.update)', () => {
  const change = (buyer: any, id: number, body: unknown) => buyer.client.post(`/api/buyer/reviews/${id}/change`, body);

  it('changes a bad review to good once; its follow-up closes as "changed to good"', async () => {
    const { tid, oids } = await finished();
    const [bad] = (await ok(rate(w.buyer, tid, [{ oid: oids[0], result: 'bad', content: '尺码不对' }]), 201)).reviews;
    await advanceDays(29);
    const before = await state(tid);
    await refused(change(w.buyer, bad.id, { result: 'neutral' }), 400, 'REVIEW_CHANGE_TO_GOOD_ONLY');
    await refused(change(w.stranger, bad.id, { result: 'good' }), 404, 'REVIEW_NOT_FOUND');
    expect(await state(tid)).toEqual(before);
    events.clear();
    const changed = (await ok(change(w.buyer, bad.id, { result: 'good', content: '换货后很合适' }))).review;
    expect(changed).toMatchObject({ result: 'good', content: '换货后很合适', original_result: 'bad', original_content: '尺码不对', can_change: false });
    expect(events.seen.map((e) => e.type)).toEqual(['review.changed', 'review.followup.closed']);
    expect(events.seen[0].payload).toMatchObject({ review_id: bad.id, from: 'bad', to: 'good', tid });
    const f = (await ok(w.aftersales.client.get('/api/review-followups?status=closed'))).followups.find((x: any) => x.review_id === bad.id);
    expect(f).toMatchObject({ status: 'closed', outcome: 'changed_to_good', outcome_name: '买家已改好评', closed_by: 'review' });

    const after = await state(tid);
    await refused(change(w.buyer, bad.id, { result: 'good' }), 409, 'REVIEW_ALREADY_CHANGED');
    await refused(change(w.buyer, bad.id, { result: 'bad' }), 409, 'REVIEW_ALREADY_CHANGED');
    expect(await state(tid)).toEqual(after);
  });

  it('refuses after 30 days, and a good review at all', async () => {
    const { tid, oids } = await finished();
    const [neutral, good] = (await ok(rate(w.buyer, tid, [
      { oid: oids[0], result: 'neutral', content: '一般' }, { oid: oids[1], result: 'good' }]), 201)).reviews;
    await refused(change(w.buyer, good.id, { result: 'bad' }), 409, 'REVIEW_ALREADY_GOOD');
    await advanceDays(30);
    const before = await state(tid);
    await refused(change(w.buyer, neutral.id, { result: 'good' }), 409, 'REVIEW_CHANGE_WINDOW_CLOSED');
    expect(await state(tid)).toEqual(before);
  });

  it('lets one of two changes at once through', async () => {
    const { tid, oids } = await finished();
    const [bad] = (await ok(rate(w.buyer, tid, [{ oid: oids[0], result: 'bad', content: '差' }]), 201)).reviews;
    const results = await Promise.all([1, 2].map(() => change(w.buyer, bad.id, { result: 'good' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [row] = (await state(tid)).reviews;
    expect(row).toMatchObject({ result: 'good', version: 2 });
  });
});

describe('after-sales follow-ups (traderate.followup.*)', () => {
  it('notes contacts, then closes with an outcome; only after-sales may, only in its shop, only once', async () => {
    const { tid, oids } = await finished();
    await ok(rate(w.buyer, tid, [{ oid: oids[1], result: 'neutral', content: '物流慢' }]), 201);
    const f = (await ok(w.agent.client.get('/api/review-followups'))).followups.find((x: any) => x.tid === tid);
    const before = await state(tid);
    await refused(w.aftersales.client.post(`/api/review-followups/${f.id}/close`, { outcome: 'resolved' }), 409, 'FOLLOWUP_NOT_CONTACTED');
    await refused(w.aftersales.client.post(`/api/review-followups/${f.id}/close`, { outcome: 'changed_to_good' }), 400, 'VALIDATION_FAILED');
    await refused(w.agent.client.post(`/api/review-followups/${f.id}/contacts`, { channel: 'phone', note: '已致电' }), 403, 'PERMISSION_DENIED');
    await refused(w.mall.owner.post(`/api/review-followups/${f.id}/contacts`, { channel: 'phone', note: '已致电' }), 404, 'FOLLOWUP_NOT_FOUND');
    expect(await state(tid)).toEqual(before);

    events.clear();
    const contacted = (await ok(w.aftersales.client.post(`/api/review-followups/${f.id}/contacts`, { channel: 'phone', note: '已致电，补偿运费险' }), 201)).followup;
    expect(contacted).toMatchObject({ status: 'contacted', contacts: 1 });
    const closed = (await ok(w.aftersales.client.post(`/api/review-followups/${f.id}/close`, { outcome: 'resolved', note: '买家满意' }))).followup;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', outcome_note: '买家满意', closed_by: w.aftersales.login });
    expect(events.seen.map((e) => e.type)).toEqual(['review.followup.contacted', 'review.followup.closed']);
    const listed = (await ok(w.aftersales.client.get('/api/review-followups?status=closed'))).followups.find((x: any) => x.id === f.id);
    expect(listed.contact_log).toEqual([expect.objectContaining({ channel: 'phone', note: '已致电，补偿运费险', by_name: w.aftersales.login })]);
    await refused(w.aftersales.client.post(`/api/review-followups/${f.id}/contacts`, { channel: 'chat', note: '再联系' }), 409, 'FOLLOWUP_CLOSED');
    await refused(w.aftersales.client.post(`/api/review-followups/${f.id}/close`, { outcome: 'unresolved' }), 409, 'FOLLOWUP_CLOSED');
  });
});

describe('statistics (traderates.stats.get)', () => {
  it('counts the current results per shop, per item and per day in the shop\'s time zone', async () => {
    const shop = w.mall;
    const buyer = await newBuyer(app);
    const start = app.clock.now();
    const a = await finished(buyer, shop);
    await ok(rate(buyer, a.tid, [{ oid: a.oids[0], result: 'good' }, { oid: a.oids[1], result: 'bad', content: '差' }]), 201);
    app.clock.advance(DAY);
    const b = await finished(buyer, shop);
    const [, bad] = (await ok(rate(buyer, b.tid, [{ oid: b.oids[0], result: 'neutral', content: '中' }, { oid: b.oids[1], result: 'bad', content: '差' }]), 201)).reviews;
    await ok(buyer.client.post(`/api/buyer/reviews/${bad.id}/change`, { result: 'good' }));
    const end = new Date(app.clock.now().getTime() + 1000).toISOString();
    const q = (extra: string) => ok(shop.owner.get(`/api/reviews/stats?start=${start.toISOString()}&end=${end}${extra}`));

    expect((await q('')).totals).toEqual({ good: 2, neutral: 1, bad: 1, total: 4, good_rate: 0.5 });
    const items = (await q('&group_by=item')).groups;
    expect(items).toEqual([
      { num_iid: a.item.num_iid, title: '纯棉T恤', good: 1, neutral: 0, bad: 1, total: 2, good_rate: 0.5 },
      { num_iid: b.item.num_iid, title: '纯棉T恤', good: 1, neutral: 1, bad: 0, total: 2, good_rate: 0.5 },
    ]);
    const days = (await q('&group_by=day')).groups;
    // 2026-11-01T02:00Z is 10:00 in Shanghai, and the next review a day later.
    expect(days.map((d: any) => [d.period, d.total])).toEqual([['2026-11-01', 2], ['2026-11-02', 2]]);
    expect((await q(`&num_iid=${b.item.num_iid}`)).totals.total).toBe(2);
    // The other shop counts none of these.
    const other = await ok(w.shop.owner.get(`/api/reviews/stats?start=${start.toISOString()}&end=${end}&num_iid=${b.item.num_iid}`));
    expect(other.totals.total).toBe(0);
    await refused(shop.owner.get(`/api/reviews/stats?start=${end}&end=${start.toISOString()}`), 400, 'BAD_PERIOD');
  });
});
