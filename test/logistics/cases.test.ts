import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { OTHER_RECEIVER, pay, refused, ship, tradeIn, world, type World } from '../trades/helpers.ts';
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

async function paid() {
  const { tid } = await tradeIn(w.shop, w.buyer);
  await pay(w.buyer, tid);
  return tid;
}
async function shipped() {
  const tid = await paid();
  await ship(w.warehouse.client, tid, 'SF', `SF${Date.now()}${Math.floor(Math.random() * 1e6)}`);
  return tid;
}
const casesOf = (tid: number) => app.ctx.database.db.selectFrom('parcel_cases').selectAll().where('tid', '=', tid).orderBy('id').execute();
const open = (client: any, tid: number, body: Record<string, unknown>) => client.post(`/api/trades/${tid}/parcel-cases`, body);
const close = (client: any, id: number, body: Record<string, unknown>) => client.post(`/api/logistics/cases/${id}/close`, body);

describe('parcel problems (logistics.case.*)', () => {
  it('opens an address change on a shipped parcel and closes it with an outcome, announced and audited', async () => {
    const tid = await shipped();
    events.clear();
    const opened = (await ok(open(w.agent.client, tid, { kind: 'address_change', receiver: OTHER_RECEIVER, note: '买家改地址' }), 201)).case;
    expect(opened).toMatchObject({ tid, kind: 'address_change', kind_name: '地址更改', status: 'open', company_code: 'SF',
      detail: { receiver: OTHER_RECEIVER }, opened_by: w.agent.login });
    const closed = (await ok(close(w.warehouse.client, opened.id, { outcome: 'changed', note: '快递员已改派' }))).case;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'changed', outcome_name: '已改址', closed_by: w.warehouse.login });
    expect(events.seen.map((e) => [e.type, e.payload.tid])).toEqual([['logistics.case.opened', tid], ['logistics.case.closed', tid]]);
    const audit = await app.ctx.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'trade')
      .where('entity_id', '=', String(tid)).where('action', 'like', 'logistics.case.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['logistics.case.add', 'logistics.case.close']);
    // Closed, the same kind may be opened again.
    await ok(open(w.agent.client, tid, { kind: 'address_change', receiver: OTHER_RECEIVER }), 201);
  });

  it('insures before shipping, claims after, and pays a claim at most what was claimed', async () => {
    const tid = await paid();
    await refused(open(w.agent.client, tid, { kind: 'recall' }), 409, 'CASE_NOT_ALLOWED');
    const insured = (await ok(open(w.warehouse.client, tid, { kind: 'insured_value', amount: 25000 }), 201)).case;
    expect(insured).toMatchObject({ amount: 25000, out_sid: null });
    await ok(close(w.warehouse.client, insured.id, { outcome: 'insured' }));
    await ship(w.warehouse.client, tid);
    const claim = (await ok(open(w.aftersales.client, tid, { kind: 'claim', amount: 20000, note: '包裹破损' }), 201)).case;
    const before = await casesOf(tid);
    await refused(close(w.aftersales.client, claim.id, { outcome: 'compensated', compensation: 20001 }), 400, 'BAD_COMPENSATION');
    await refused(close(w.aftersales.client, claim.id, { outcome: 'compensated' }), 400, 'BAD_COMPENSATION');
    await refused(close(w.aftersales.client, claim.id, { outcome: 'recalled' }), 400, 'BAD_CASE_OUTCOME');
    await refused(close(w.agent.client, claim.id, { outcome: 'rejected' }), 403, 'PERMISSION_DENIED');
    await refused(close(w.mall.owner, claim.id, { outcome: 'rejected' }), 404, 'CASE_NOT_FOUND');
    expect(await casesOf(tid)).toEqual(before);
    expect((await ok(close(w.aftersales.client, claim.id, { outcome: 'compensated', compensation: 15000 }))).case)
      .toMatchObject({ outcome: 'compensated', compensation: 15000 });
  });

  it('refuses a second open case of a kind, an amount beyond what was paid, another shop\'s trade and no permission, changing nothing', async () => {
    const tid = await shipped();
    await ok(open(w.agent.client, tid, { kind: 'recall', note: '买家不要了' }), 201);
    const before = await casesOf(tid);
    await refused(open(w.agent.client, tid, { kind: 'recall' }), 409, 'CASE_ALREADY_OPEN');
    await refused(open(w.agent.client, tid, { kind: 'claim', amount: 25001 }), 400, 'CASE_AMOUNT_INVALID');
    await refused(open(w.agent.client, tid, { kind: 'claim' }), 400, 'CASE_AMOUNT_REQUIRED');
    await refused(open(w.agent.client, tid, { kind: 'address_change' }), 400, 'CASE_RECEIVER_REQUIRED');
    await refused(open(w.agent.client, tid, { kind: 'lost' }), 400, 'VALIDATION_FAILED');
    await refused(open(w.mall.owner, tid, { kind: 'return_to_sender' }), 404, 'TRADE_NOT_FOUND');
    await refused(open(w.finance.client, tid, { kind: 'return_to_sender' }), 403, 'PERMISSION_DENIED');
    expect(await casesOf(tid)).toEqual(before);
  });

  it('closes a case once when two people close it at once', async () => {
    const tid = await shipped();
    const c = (await ok(open(w.agent.client, tid, { kind: 'return_to_sender' }), 201)).case;
    const results = await Promise.all([
      close(w.warehouse.client, c.id, { outcome: 'returned' }),
      close(w.shop.owner, c.id, { outcome: 'redelivered' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const [row] = await casesOf(tid);
    expect(row.outcome).toBe(results.find((r) => r.status === 200)!.body.case.outcome);
  });

  it('lists the shop\'s open cases by kind, never another shop\'s', async () => {
    const tid = await shipped();
    const c = (await ok(open(w.agent.client, tid, { kind: 'claim', amount: 100 }), 201)).case;
    const list = (await ok(w.agent.client.get('/api/logistics/cases?status=open&kind=claim'))).cases;
    expect(list.map((x: any) => x.id)).toContain(c.id);
    expect(list.every((x: any) => x.kind === 'claim' && x.status === 'open')).toBe(true);
    expect((await ok(w.mall.owner.get('/api/logistics/cases'))).cases.map((x: any) => x.id)).not.toContain(c.id);
  });
});
