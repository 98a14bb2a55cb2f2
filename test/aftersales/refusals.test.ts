import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { newItem, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { act, ask, asked, buyerAct, escrowOf, paidTrade, refused, refusedUnchanged, world, type World } from './helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

describe('asking for more than was paid, or for what cannot be refunded', () => {
  it('refuses a refund above what was paid for the sub-order, and above what is left of it', async () => {
    const { tid, red, blue } = await paidTrade(w);
    const body = await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5001 }),
      400, 'REFUND_FEE_TOO_HIGH');
    expect(body.details).toMatchObject({ max_refund_fee: 5000 });
    // The whole trade is not "the sub-order": the red line's 20000 cannot be asked on the blue one.
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 25000 }), 400, 'REFUND_FEE_TOO_HIGH');

    const first = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 15000 });
    await act(w.aftersales.client, first.refund_id, 'agree');
    const left = await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 5001 }),
      400, 'REFUND_FEE_TOO_HIGH');
    expect(left.details).toMatchObject({ max_refund_fee: 5000, refunded: 15000 });
    await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 5000 });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 15000, reserved: 5000 });
  });

  it('refuses nothing-to-refund amounts, an exchange asking money, and a return before shipping', async () => {
    const { tid, red } = await paidTrade(w);
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 0 }), 400, 'REFUND_FEE_INVALID');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND' }), 400, 'REFUND_FEE_INVALID');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: -100 }), 400, 'REFUND_FEE_INVALID');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: '100' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND_AND_RETURN', refund_fee: 100 }), 409, 'GOODS_NOT_SHIPPED');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'RETURN', refund_fee: 100 }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100, reason: '坏' }), 400, 'BAD_REFUND_REASON');
    const shipped = await paidTrade(w, { ship: w.warehouse.client });
    await refusedUnchanged(app, shipped.tid, () => ask(w.buyer, shipped.tid, { oid: shipped.red, dispute_type: 'EXCHANGE', refund_fee: 100 }),
      400, 'EXCHANGE_NO_MONEY');
  });

  it('refuses a refund on an unpaid trade, a finished one, and a sub-order closed before payment', async () => {
    const item = await newItem(w.shop);
    const unpaid = await placeTrade(w.shop, w.buyer, item);
    const [oid] = (await ok(w.buyer.client.get(`/api/buyer/trades/${unpaid}`))).trade.orders.map((o: any) => o.oid);
    await refusedUnchanged(app, unpaid, () => ask(w.buyer, unpaid, { oid, dispute_type: 'REFUND', refund_fee: 100 }), 409, 'TRADE_NOT_PAID');

    const closed = await placeTrade(w.shop, w.buyer, item);
    const [a, b] = (await ok(w.buyer.client.get(`/api/buyer/trades/${closed}`))).trade.orders.map((o: any) => o.oid);
    await ok(w.shop.owner.post(`/api/trades/${closed}/close`, { close_reason: '缺货', oid: b }));
    await ok(w.buyer.client.post(`/api/buyer/trades/${closed}/pay`, {}));
    await refusedUnchanged(app, closed, () => ask(w.buyer, closed, { oid: b, dispute_type: 'REFUND', refund_fee: 100 }), 409, 'ORDER_CLOSED');
    await asked(w.buyer, closed, { oid: a, dispute_type: 'REFUND', refund_fee: 100 });

    const finished = await paidTrade(w, { ship: w.warehouse.client });
    await ok(w.buyer.client.post(`/api/buyer/trades/${finished.tid}/confirm`));
    await refusedUnchanged(app, finished.tid, () => ask(w.buyer, finished.tid, { oid: finished.red, dispute_type: 'REFUND', refund_fee: 100 }),
      409, 'TRADE_FINISHED');
  });

  it('allows one refund in progress per sub-order, and only of the buyer\'s own trades and sub-orders', async () => {
    const { tid, red } = await paidTrade(w);
    const other = await paidTrade(w);
    await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 }), 409, 'REFUND_EXISTS');
    await refusedUnchanged(app, tid, () => ask(w.stranger, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 }), 404, 'TRADE_NOT_FOUND');
    await refusedUnchanged(app, tid, () => ask(w.buyer, tid, { oid: other.red, dispute_type: 'REFUND', refund_fee: 100 }), 404, 'ORDER_NOT_FOUND');
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/buyer/trades/${tid}/refunds`, { oid: red, dispute_type: 'REFUND', refund_fee: 1, reason: '不要了' }),
      401, 'NOT_LOGGED_IN');
  });
});

describe('answers that may not be given', () => {
  it('refuses a second agree, and any answer to a finished refund', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 6000 });
    await act(w.aftersales.client, r.refund_id, 'agree');
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/agree`), 409, 'REFUND_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/refunds/${r.refund_id}/refuse`, { refuse_reason: '不同意退款' }),
      409, 'REFUND_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/cancel`), 409, 'REFUND_ACTION_NOT_ALLOWED');
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 6000, refundedByLedger: 6000 });
  });

  it('hides another shop\'s and another buyer\'s refunds', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    for (const path of ['agree', 'returngoods/agree', 'goods/receive']) {
      await refusedUnchanged(app, tid, () => w.other.owner.post(`/api/refunds/${r.refund_id}/${path}`), 404, 'REFUND_NOT_FOUND');
    }
    await refusedUnchanged(app, tid, () => w.other.owner.post(`/api/refunds/${r.refund_id}/refuse`, { refuse_reason: '不同意退款' }),
      404, 'REFUND_NOT_FOUND');
    await refused(w.other.owner.get(`/api/refunds/${r.refund_id}`), 404, 'REFUND_NOT_FOUND');
    await refused(w.stranger.client.get(`/api/buyer/refunds/${r.refund_id}`), 404, 'REFUND_NOT_FOUND');
    await refusedUnchanged(app, tid, () => w.stranger.client.post(`/api/buyer/refunds/${r.refund_id}/cancel`), 404, 'REFUND_NOT_FOUND');
    await refused(w.shop.owner.get('/api/refunds/999999999'), 404, 'REFUND_NOT_FOUND');
    await refused(w.shop.owner.get('/api/refunds/abc'), 400, 'VALIDATION_FAILED');
  });

  it('checks each team\'s permission before anything else', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    await refusedUnchanged(app, tid, () => w.warehouse.client.post(`/api/refunds/${r.refund_id}/agree`), 403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, () => w.service.client.post(`/api/refunds/${r.refund_id}/refuse`, { refuse_reason: '不同意退款' }),
      403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/goods/receive`), 403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, () => new Client(app.http).post(`/api/refunds/${r.refund_id}/agree`), 401, 'NOT_LOGGED_IN');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/refunds/${r.refund_id}/agree`), 401, 'NOT_LOGGED_IN');
    // A sub-account whose supervisor took the permission away may not answer either.
    const limited = await newSubAccount(app, w.shop, 'aftersales', { permissions: ['trade.view'] });
    await refusedUnchanged(app, tid, () => limited.client.post(`/api/refunds/${r.refund_id}/agree`), 403, 'PERMISSION_DENIED');
    await refused(w.service.client.patch('/api/aftersales/settings', { agree_days_after_ship: 3 }), 403, 'PERMISSION_DENIED');
  });

  it('wants a refusal reason of 2–200 characters', async () => {
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/refuse`, { refuse_reason: '否' }),
      400, 'BAD_REFUSE_REASON');
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/refuse`, { refuse_reason: '否'.repeat(201) }),
      400, 'BAD_REFUSE_REASON');
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/refuse`, {}), 400, 'VALIDATION_FAILED');
    expect((await act(w.aftersales.client, r.refund_id, 'refuse', { refuse_reason: '否'.repeat(200) })).status).toBe('SELLER_REFUSE_BUYER');
    // Asking again is refused above the paid amount too.
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/reapply`, { refund_fee: 20001 }),
      400, 'REFUND_FEE_TOO_HIGH');
  });

  it('keeps the parcel steps in order and the tracking numbers well formed', async () => {
    const { tid, red } = await paidTrade(w, { ship: w.warehouse.client });
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND_AND_RETURN', refund_fee: 100 });
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/agree`), 409, 'REFUND_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/returngoods`, { company_code: 'SF', sid: 'SF123456789' }),
      409, 'REFUND_ACTION_NOT_ALLOWED');
    await act(w.aftersales.client, r.refund_id, 'returngoods/agree');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/returngoods`, { company_code: 'NOPE', sid: 'SF123456789' }),
      400, 'BAD_COMPANY_CODE');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/refunds/${r.refund_id}/returngoods`, { company_code: 'SF', sid: '单号' }),
      400, 'BAD_OUT_SID');
    await buyerAct(w.buyer, r.refund_id, 'returngoods', { company_code: 'SF', sid: 'SF123456789' });
    await refusedUnchanged(app, tid, () => w.aftersales.client.post(`/api/refunds/${r.refund_id}/returngoods/confirm`), 409, 'GOODS_NOT_RECEIVED');
    await refusedUnchanged(app, tid, () => w.warehouse.client.post(`/api/refunds/${r.refund_id}/exchange/send`, { company_code: 'SF', out_sid: 'SF1111111' }),
      409, 'REFUND_ACTION_NOT_ALLOWED');
    await act(w.warehouse.client, r.refund_id, 'goods/receive');
    await refusedUnchanged(app, tid, () => w.warehouse.client.post(`/api/refunds/${r.refund_id}/goods/receive`), 409, 'GOODS_ALREADY_RECEIVED');
  });

  it('refuses answer limits out of range', async () => {
    await refused(w.shop.owner.patch('/api/aftersales/settings', { agree_hours_before_ship: 0 }), 400, 'BAD_REFUND_SETTING');
    await refused(w.shop.owner.patch('/api/aftersales/settings', { agree_days_after_ship: 16 }), 400, 'BAD_REFUND_SETTING');
    await refused(w.shop.owner.patch('/api/aftersales/settings', {}), 400, 'VALIDATION_FAILED');
    expect((await ok(w.shop.owner.get('/api/aftersales/settings'))).settings).toEqual({ agree_hours_before_ship: 48, agree_days_after_ship: 5 });
  });
});
