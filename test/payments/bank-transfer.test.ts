import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { auditOf, refused, ship, snapshot, tradeIn, world, type World } from '../trades/helpers.ts';
import { recordEvents, rowsOf } from './helpers.ts';

let app: TestApp;
let w: World;
let events: ReturnType<typeof recordEvents>;
const ACCOUNT = { bank: '中国工商银行', account_name: '杭州小二服饰有限公司', account_no: '6222 0212 3456 7890', branch: '杭州文三路支行' };
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
  await ok(w.shop.owner.post('/api/payments/settings', { bank_accounts: [ACCOUNT] }));
  events = recordEvents(app);
});
afterAll(() => app.close());

const transfer = (extra: Record<string, unknown> = {}) => ({
  bank: '中国工商银行', payer_name: '王小明', amount: 25000, received_at: app.clock.now().toISOString(), reference: 'ICBC0001', ...extra,
});
const notice = (extra: Record<string, unknown> = {}) => ({
  bank: '中国工商银行', payer_name: '王小明', amount: 25000, paid_at: app.clock.now().toISOString(), reference: '网银流水 0001', ...extra,
});
/** The trade's snapshot with every payment row of it: a refusal leaves all of it as it was. */
const state = async (tid: number) => ({
  ...(await snapshot(app, tid)),
  transfers: await rowsOf(app, 'bank_transfers', tid),
  notices: await rowsOf(app, 'bank_transfer_notices', tid),
});

describe('bank transfer: the shop\'s accounts and the buyer\'s notice', () => {
  it('shows the buyer the shop\'s accounts while the trade is unpaid; only setting.manage sets them', async () => {
    await refused(w.agent.client.post('/api/payments/settings', { bank_accounts: [] }), 403, 'PERMISSION_DENIED');
    await refused(w.shop.owner.post('/api/payments/settings', { bank_accounts: [{ ...ACCOUNT, account_no: 'abc' }] }), 400, 'VALIDATION_FAILED');
    const { tid } = await tradeIn(w.shop, w.buyer);
    const view = await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/bank-transfer`));
    expect(view).toMatchObject({ tid, status: 'WAIT_BUYER_PAY', payment: 25000, bank_accounts: [ACCOUNT], notices: [], bank_transfer: null });
    await refused(w.stranger.client.get(`/api/buyer/trades/${tid}/bank-transfer`), 404, 'TRADE_NOT_FOUND');
  });

  it('takes one waiting notice per trade, on an unpaid trade of the buyer\'s own', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    events.clear();
    const sent = (await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice()), 201)).notice;
    expect(sent).toMatchObject({ tid, status: 'pending', amount: 25000, bank: '中国工商银行' });
    expect(events.of('payment.bank_transfer.noticed')).toEqual([{ type: 'payment.bank_transfer.noticed', shopId: w.shop.shopId,
      payload: { tid, buyer_id: w.buyer.id, notice_id: sent.id, amount: 25000 } }]);
    const before = await state(tid);
    await refused(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice()), 409, 'NOTICE_PENDING');
    await refused(w.stranger.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice()), 404, 'TRADE_NOT_FOUND');
    await refused(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`,
      notice({ paid_at: new Date(app.clock.now().getTime() + 86_400_000).toISOString() })), 400);
    expect(await state(tid)).toEqual(before);
    const queue = (await ok(w.agent.client.get('/api/payments/bank-transfer-notices'))).notices;
    expect(queue.map((x: any) => x.id)).toContain(sent.id);
    expect((await ok(w.mall.owner.get('/api/payments/bank-transfer-notices'))).notices.map((x: any) => x.id)).not.toContain(sent.id);
  });
});

describe('bank transfer: an agent records it (payment.bank_transfer.record)', () => {
  it('pays the trade through the pay path, marks it paid by transfer, closes the notice; the buyer sees it', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const sent = (await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice()), 201)).notice;
    events.clear();
    const res = await ok(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ notice_id: sent.id })));
    expect(res.trade).toMatchObject({ tid, status: 'WAIT_SELLER_SEND_GOODS', pay_method: 'bank_transfer' });
    expect(res.trade.alipay_no).toMatch(/^BT\d{23}$/);
    expect(res.bank_transfer).toMatchObject({ tid, amount: 25000, notice_id: sent.id, recorded_by_name: w.agent.login, transfer_no: res.trade.alipay_no });

    const detail = (await ok(w.shop.owner.get(`/api/trades/${tid}`))).trade;
    expect(detail).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', pay_method: 'bank_transfer', escrow: null });
    expect(detail.pay_time).not.toBeNull();
    // The timer that would close an unpaid trade is gone.
    expect((await snapshot(app, tid)).jobs.find((j) => j.kind === 'trade.auto_close')?.done_at).not.toBeNull();

    const buyerView = await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/bank-transfer`));
    expect(buyerView).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', pay_method: 'bank_transfer', bank_accounts: [],
      notices: [{ id: sent.id, status: 'recorded' }], bank_transfer: { transfer_no: res.trade.alipay_no, amount: 25000 } });
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}`))).trade).toMatchObject({ status: 'WAIT_SELLER_SEND_GOODS', pay_method: 'bank_transfer' });

    expect((await auditOf(app, tid)).map((a) => [a.action, a.actor_name])).toEqual([
      ['trade.add', w.buyer.nick], ['payment.bank_transfer.notice', w.buyer.nick], ['trade.pay', w.buyer.nick],
      ['payment.bank_transfer.record', w.agent.login]]);
    expect(events.seen.map((e) => e.type)).toEqual(['trade.changed', 'payment.received']);
    expect(events.of('payment.received')[0]).toMatchObject({ shopId: w.shop.shopId,
      payload: { tid, method: 'bank_transfer', amount: 25000, transfer_no: res.trade.alipay_no, source: 'agent' } });

    // The trade goes on as any paid trade: shipped, then confirmed by the buyer.
    await ship(w.warehouse.client, tid);
    expect((await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`))).trade.status).toBe('TRADE_FINISHED');
  });

  it('refuses without the permission, a wrong amount, a paid trade, another shop\'s trade and a decided notice, changing nothing', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const before = await state(tid);
    await refused(w.warehouse.client.post(`/api/trades/${tid}/bank-transfer`, transfer()), 403, 'PERMISSION_DENIED');
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ amount: 24999 })), 409, 'TRANSFER_AMOUNT_MISMATCH');
    await refused(w.mallAgent.client.post(`/api/trades/${tid}/bank-transfer`, transfer()), 404, 'TRADE_NOT_FOUND');
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ received_at: '2099-01-01T00:00:00Z' })), 400, 'TIME_IN_FUTURE');
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ notice_id: 999_999_999 })), 404, 'NOTICE_NOT_FOUND');
    const other = await tradeIn(w.shop, w.buyer);
    const otherNotice = (await ok(w.buyer.client.post(`/api/buyer/trades/${other.tid}/bank-transfer/notice`, notice()), 201)).notice;
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ notice_id: otherNotice.id })), 400, 'NOTICE_NOT_FOR_TRADE');
    expect(await state(tid)).toEqual(before);

    await ok(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer()));
    const paid = await state(tid);
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer()), 409, 'TRADE_NOT_PAYABLE');
    expect(await state(tid)).toEqual(paid);
  });

  it('lets two agents recording the same transfer at once pay the trade once', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const results = await Promise.all([
      w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer()),
      w.shop.owner.post(`/api/trades/${tid}/bank-transfer`, transfer()),
      w.supervisor.client.post(`/api/trades/${tid}/bank-transfer`, transfer()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await rowsOf(app, 'bank_transfers', tid)).toHaveLength(1);
    expect((await auditOf(app, tid)).filter((a) => a.action === 'trade.pay')).toHaveLength(1);
  });

  it('rejects a notice whose money is not there: the buyer sees why and may send a new one', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    const sent = (await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice()), 201)).notice;
    await refused(w.warehouse.client.post(`/api/payments/bank-transfer-notices/${sent.id}/reject`, { reason: '未到账' }), 403, 'PERMISSION_DENIED');
    await refused(w.mallAgent.client.post(`/api/payments/bank-transfer-notices/${sent.id}/reject`, { reason: '未到账' }), 404, 'NOTICE_NOT_FOUND');
    events.clear();
    const rejected = (await ok(w.agent.client.post(`/api/payments/bank-transfer-notices/${sent.id}/reject`, { reason: '账户未收到该笔款项' }))).notice;
    expect(rejected).toMatchObject({ status: 'rejected', reject_reason: '账户未收到该笔款项', decided_by: w.agent.login });
    expect(events.of('payment.bank_transfer.rejected')).toHaveLength(1);
    const before = await state(tid);
    await refused(w.agent.client.post(`/api/payments/bank-transfer-notices/${sent.id}/reject`, { reason: '再拒' }), 409, 'NOTICE_DECIDED');
    await refused(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer({ notice_id: sent.id })), 409, 'NOTICE_DECIDED');
    expect(await state(tid)).toEqual(before);
    const view = await ok(w.buyer.client.get(`/api/buyer/trades/${tid}/bank-transfer`));
    expect(view.notices).toEqual([expect.objectContaining({ id: sent.id, status: 'rejected', reject_reason: '账户未收到该笔款项' })]);
    expect(view.notices[0].decided_by).toBeUndefined();
    await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/bank-transfer/notice`, notice({ reference: '重新转账' })), 201);
  });

  it('shows the shop how a trade was paid', async () => {
    const { tid } = await tradeIn(w.shop, w.buyer);
    await ok(w.agent.client.post(`/api/trades/${tid}/bank-transfer`, transfer()));
    const payment = await ok(w.finance.client.get(`/api/trades/${tid}/payment`));
    expect(payment).toMatchObject({ tid, pay_method: 'bank_transfer', bank_transfer: { amount: 25000 }, notices: [], notifications: [] });
    await refused(w.mallAgent.client.get(`/api/trades/${tid}/payment`), 404, 'TRADE_NOT_FOUND');
  });
});
