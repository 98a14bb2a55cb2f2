import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import {
  act, asked, buyerAct, escrowOf, listen, paidTrade, snapshot, withPostage, world, type World,
} from './helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

const trade = async (tid: number) => (await ok(w.shop.owner.get(`/api/trades/${tid}`))).trade;

describe('refund only (仅退款)', () => {
  it('before shipping: the buyer asks part of a sub-order, after-sales agrees, the money leaves escrow once', async () => {
    const events = listen(app);
    const { tid, red, payment } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 8000, reason: '拍多了', desc: '只要一件' });
    expect(r).toMatchObject({
      tid, oid: red, status: 'WAIT_SELLER_AGREE', dispute_type: 'REFUND', refund_fee: 8000, total_fee: 20000, reason: '拍多了',
      desc: '只要一件', shipped: false, has_good_return: false, title: '纯棉T恤', num: 2, allowed_actions: ['cancel'],
      timeout: new Date(app.clock.now().getTime() + 48 * 3_600_000).toISOString(),
    });
    expect(r.shop_id).toBeUndefined();
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'held', amount: payment, refunded: 0, held: payment, reserved: 8000 });

    // Each account sees what it may do: after-sales answers, the warehouse has nothing to do yet.
    expect((await ok(w.aftersales.client.get(`/api/refunds/${r.refund_id}`))).refund.allowed_actions.sort()).toEqual(['agree', 'refuse']);
    expect((await ok(w.warehouse.client.get(`/api/refunds/${r.refund_id}`))).refund.allowed_actions).toEqual([]);

    const done = await act(w.aftersales.client, r.refund_id, 'agree');
    expect(done).toMatchObject({ status: 'SUCCESS', status_name: '退款成功', timeout: null, allowed_actions: [] });
    expect(done.end_time).toBe(app.clock.now().toISOString());
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'held', refunded: 8000, held: payment - 8000, reserved: 0, refundedByLedger: 8000 });
    // A partial refund leaves the sub-order and the trade open.
    const t = await trade(tid);
    expect(t.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(t.orders.map((o: any) => o.status)).toEqual(['WAIT_SELLER_SEND_GOODS', 'WAIT_SELLER_SEND_GOODS']);

    const s = await snapshot(app, tid);
    expect(s.audit.filter((a) => a.entity === 'refund').map((a) => [a.action, a.actor_name])).toEqual([
      ['refund.add', w.buyer.nick], ['refund.agree', w.aftersales.login]]);
    expect(s.audit.at(-1)).toMatchObject({ before: expect.objectContaining({ status: 'WAIT_SELLER_AGREE' }),
      after: expect.objectContaining({ status: 'SUCCESS', refund_fee: 8000 }) });
    expect(events.filter((e) => e.type.startsWith('refund.')).map((e) => [e.type, e.shopId, e.payload.refund_id])).toEqual([
      ['refund.created', w.shop.shopId, r.refund_id], ['refund.agreed', w.shop.shopId, r.refund_id],
      ['refund.succeeded', w.shop.shopId, r.refund_id], ['refund.changed', w.shop.shopId, r.refund_id]]);
    expect(events.find((e) => e.type === 'refund.succeeded')!.payload).toEqual({ refund_id: r.refund_id, tid, oid: red,
      buyer_id: w.buyer.id, dispute_type: 'REFUND', status: 'SUCCESS', refund_fee: 8000, action: 'refund.agree', by: 'account' });
    // The deadline's timer ended with the refund.
    expect(s.jobs.filter((j) => j.kind === 'refund.timeout')).toEqual([expect.objectContaining({ done_at: app.clock.now() })]);

    // The rest of the sub-order can still be asked for, but no more than that.
    const second = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 12000 });
    expect(second.status).toBe('WAIT_SELLER_AGREE');
  });

  it('closes a sub-order refunded in full, and the trade (TRADE_CLOSED) when every sub-order is; unshipped postage goes back too', async () => {
    await withPostage(app, w.shop.shopId);
    try {
      const events = listen(app);
      const { tid, red, blue, payment } = await paidTrade(w);
      expect(payment).toBe(26000);
      const a = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 20000 });
      await act(w.aftersales.client, a.refund_id, 'agree');
      let t = await trade(tid);
      expect(t.status).toBe('WAIT_SELLER_SEND_GOODS');
      expect(t.orders.map((o: any) => o.status)).toEqual(['TRADE_CLOSED', 'WAIT_SELLER_SEND_GOODS']);

      const b = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
      await act(w.shop.owner, b.refund_id, 'agree');
      t = await trade(tid);
      expect(t).toMatchObject({ status: 'TRADE_CLOSED', end_time: app.clock.now().toISOString(), payment: 26000 });
      expect(t.orders.map((o: any) => o.status)).toEqual(['TRADE_CLOSED', 'TRADE_CLOSED']);
      // Every fen back to the buyer: 20000 + 5000 of refunds and the 1000 of postage for a parcel never sent.
      expect(await escrowOf(app, tid)).toMatchObject({ status: 'refunded', amount: 26000, refunded: 26000, released: 0, held: 0 });
      expect(events.filter((e) => e.type === 'trade.changed').at(-1)!.payload).toMatchObject({ tid, status: 'TRADE_CLOSED' });
      const s = await snapshot(app, tid);
      expect(s.audit.filter((x) => x.action === 'trade.refund_close').map((x) => (x.after as any).status))
        .toEqual(['WAIT_SELLER_SEND_GOODS', 'TRADE_CLOSED']);
      expect(s.jobs.filter((j) => j.kind === 'trade.auto_close')).toEqual([expect.objectContaining({ done_at: expect.any(Date) })]);
    } finally {
      await app.ctx.database.db.deleteFrom('shipping_templates').where('shop_id', '=', w.shop.shopId).execute();
    }
  });

  it('after shipping, gives the seller 5 days, and a trade closed by refunds leaves the postage with the shop', async () => {
    await withPostage(app, w.shop.shopId, 800);
    try {
      const { tid, red, blue } = await paidTrade(w, { ship: w.warehouse.client });
      const a = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 20000, reason: '没收到货' });
      expect(a).toMatchObject({ shipped: true, timeout: new Date(app.clock.now().getTime() + 5 * 86_400_000).toISOString() });
      const b = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000, reason: '没收到货' });
      await act(w.aftersales.client, a.refund_id, 'agree');
      await act(w.aftersales.client, b.refund_id, 'agree');
      expect((await trade(tid)).status).toBe('TRADE_CLOSED');
      expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', amount: 25800, refunded: 25000, released: 800, held: 0 });
      // The trade's receipt timer ended with it.
      const s = await snapshot(app, tid);
      expect(s.jobs.find((j) => j.kind === 'trade.auto_finish')!.done_at).toEqual(app.clock.now());
    } finally {
      await app.ctx.database.db.deleteFrom('shipping_templates').where('shop_id', '=', w.shop.shopId).execute();
    }
  });
});

describe('refusal, asking again, and giving up', () => {
  it('carries the reason to the buyer, who may ask again for another amount', async () => {
    const events = listen(app);
    const { tid, red } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 20000 });
    const refusedOnce = await act(w.aftersales.client, r.refund_id, 'refuse', { refuse_reason: '  商品已打包，可以拒收后退款  ' });
    expect(refusedOnce).toMatchObject({ status: 'SELLER_REFUSE_BUYER', refuse_reason: '商品已打包，可以拒收后退款', refuse_times: 1,
      allowed_actions: [] });
    const seen = (await ok(w.buyer.client.get(`/api/buyer/refunds/${r.refund_id}`))).refund;
    expect(seen).toMatchObject({ refuse_reason: '商品已打包，可以拒收后退款' });
    expect(seen.allowed_actions.sort()).toEqual(['cancel', 'reapply']);
    expect(await escrowOf(app, tid)).toMatchObject({ reserved: 20000, refunded: 0 }); // kept for the buyer's second try

    app.clock.advance(3_600_000);
    const again = await buyerAct(w.buyer, r.refund_id, 'reapply', { refund_fee: 10000, reason: '只退一件' });
    expect(again).toMatchObject({ status: 'WAIT_SELLER_AGREE', refund_fee: 10000, reason: '只退一件',
      timeout: new Date(app.clock.now().getTime() + 48 * 3_600_000).toISOString() });
    expect(await escrowOf(app, tid)).toMatchObject({ reserved: 10000 });
    await act(w.aftersales.client, r.refund_id, 'agree');
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 10000, reserved: 0 });
    expect(events.filter((e) => e.type.startsWith('refund.') && e.type !== 'refund.changed').map((e) => e.type)).toEqual([
      'refund.created', 'refund.refused', 'refund.reapplied', 'refund.agreed', 'refund.succeeded']);
  });

  it('lets the buyer withdraw: the refund closes, its money is held for the trade again, and a new one may follow', async () => {
    const events = listen(app);
    const { tid, blue, payment } = await paidTrade(w);
    const r = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
    const closed = await buyerAct(w.buyer, r.refund_id, 'cancel');
    expect(closed).toMatchObject({ status: 'CLOSED', allowed_actions: [], timeout: null });
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'held', held: payment, reserved: 0, refunded: 0 });
    expect(events.filter((e) => e.type.startsWith('refund.') && e.type !== 'refund.changed').map((e) => e.type)).toEqual(['refund.created', 'refund.closed']);
    const next = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND', refund_fee: 5000 });
    expect(next.refund_id).not.toBe(r.refund_id);
  });
});

describe('return and refund (退货退款)', () => {
  it('goes through the buyer\'s parcel, the warehouse\'s green flag and after-sales\' confirmation', async () => {
    const events = listen(app);
    const { tid, red } = await paidTrade(w, { ship: w.warehouse.client });
    await ok(w.service.client.post(`/api/trades/${tid}/memo`, { memo: '顾客要求顺丰', flag: 1 }));
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND_AND_RETURN', refund_fee: 20000, reason: '尺码不合适' });
    expect(r).toMatchObject({ has_good_return: true, dispute_type_name: '退货退款' });
    let x = await act(w.aftersales.client, r.refund_id, 'returngoods/agree');
    expect(x).toMatchObject({ status: 'WAIT_BUYER_RETURN_GOODS', timeout: new Date(app.clock.now().getTime() + 7 * 86_400_000).toISOString() });

    x = await buyerAct(w.buyer, r.refund_id, 'returngoods', { company_code: 'ZTO', sid: 'ZT7788990011' });
    expect(x).toMatchObject({ status: 'WAIT_SELLER_CONFIRM_GOODS', company_code: 'ZTO', sid: 'ZT7788990011',
      good_return_time: app.clock.now().toISOString(), allowed_actions: [] });
    // After-sales waits for the warehouse: the parcel must be in before the money goes.
    expect((await ok(w.aftersales.client.get(`/api/refunds/${r.refund_id}`))).refund.allowed_actions).toEqual([]);
    expect((await ok(w.warehouse.client.get(`/api/refunds/${r.refund_id}`))).refund.allowed_actions).toEqual(['receive_goods']);

    app.clock.advance(2 * 86_400_000);
    x = await act(w.warehouse.client, r.refund_id, 'goods/receive');
    expect(x).toMatchObject({ status: 'WAIT_SELLER_CONFIRM_GOODS', good_received_time: app.clock.now().toISOString() });
    let t = await trade(tid);
    expect(t).toMatchObject({ flag: 3, flag_name: '绿旗' });
    expect(t.memo).toBe(`顾客要求顺丰\n[退货已收到] 退款 ${r.refund_id}：ZTO ZT7788990011`);
    // The green flag shows in the after-sales' queue of trades.
    expect((await ok(w.aftersales.client.get('/api/trades?flag=3'))).trades.map((tr: any) => tr.tid)).toContain(tid);
    expect((await ok(w.aftersales.client.get(`/api/refunds/${r.refund_id}`))).refund.allowed_actions).toEqual(['returngoods_confirm']);

    x = await act(w.aftersales.client, r.refund_id, 'returngoods/confirm');
    expect(x).toMatchObject({ status: 'SUCCESS', status_name: '退款成功' });
    expect(await escrowOf(app, tid)).toMatchObject({ refunded: 20000, reserved: 0 });
    t = await trade(tid);
    expect(t.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect(t.orders.map((o: any) => o.status)).toEqual(['TRADE_CLOSED', 'WAIT_BUYER_CONFIRM_GOODS']);
    expect(events.filter((e) => e.type.startsWith('refund.') && e.type !== 'refund.changed').map((e) => e.type)).toEqual([
      'refund.created', 'refund.agreed', 'refund.goods_returned', 'refund.goods_received', 'refund.succeeded']);
    const s = await snapshot(app, tid);
    expect(s.audit.filter((a) => a.action === 'trade.memo.update').at(-1)).toMatchObject({ actor_name: w.warehouse.login,
      after: expect.objectContaining({ flag: 3 }) });

    // The buyer confirms receipt of the rest: the escrow pays the shop what was not refunded.
    await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', amount: 25000, refunded: 20000, released: 5000, held: 0 });
  });

  it('keeps a refund\'s money in escrow when the trade finishes before the refund does', async () => {
    const { tid, blue } = await paidTrade(w, { ship: w.warehouse.client });
    const r = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND_AND_RETURN', refund_fee: 5000 });
    await act(w.aftersales.client, r.refund_id, 'returngoods/agree');
    await buyerAct(w.buyer, r.refund_id, 'returngoods', { company_code: 'SF', sid: 'SF0000111122' });
    await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    // The shop is paid everything but the refund in progress.
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', released: 20000, held: 5000, reserved: 5000 });
    await act(w.warehouse.client, r.refund_id, 'goods/receive');
    await act(w.aftersales.client, r.refund_id, 'returngoods/confirm');
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', released: 20000, refunded: 5000, held: 0 });
    expect((await trade(tid)).status).toBe('TRADE_FINISHED');
  });

  it('pays the shop a refund\'s reserve when the buyer gives it up after the trade finished', async () => {
    const { tid, blue } = await paidTrade(w, { ship: w.warehouse.client });
    const r = await asked(w.buyer, tid, { oid: blue, dispute_type: 'REFUND_AND_RETURN', refund_fee: 5000 });
    await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    await buyerAct(w.buyer, r.refund_id, 'cancel');
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'released', released: 25000, refunded: 0, held: 0, reserved: 0 });
  });
});

describe('exchange (换货)', () => {
  it('re-ships with the new tracking number under a blue flag, moving no money', async () => {
    const events = listen(app);
    const { tid, red, payment } = await paidTrade(w, { ship: w.warehouse.client });
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'EXCHANGE', reason: '换大一码' });
    expect(r).toMatchObject({ refund_fee: 0, dispute_type_name: '换货' });
    await act(w.aftersales.client, r.refund_id, 'returngoods/agree');
    await buyerAct(w.buyer, r.refund_id, 'returngoods', { company_code: 'YTO', sid: 'YT1234567' });
    await act(w.warehouse.client, r.refund_id, 'goods/receive');
    expect((await trade(tid)).flag).toBe(3);
    const x = await act(w.warehouse.client, r.refund_id, 'exchange/send', { company_code: 'SF', out_sid: 'SF9988776655' });
    expect(x).toMatchObject({ status: 'SUCCESS', status_name: '换货成功', exchange_company_code: 'SF', exchange_out_sid: 'SF9988776655' });
    const t = await trade(tid);
    expect(t).toMatchObject({ flag: 4, flag_name: '蓝旗', status: 'WAIT_BUYER_CONFIRM_GOODS' });
    expect(t.memo).toContain(`[换货单号] SF SF9988776655（退款 ${r.refund_id}）`);
    expect(t.orders.map((o: any) => o.status)).toEqual(['WAIT_BUYER_CONFIRM_GOODS', 'WAIT_BUYER_CONFIRM_GOODS']);
    expect(await escrowOf(app, tid)).toMatchObject({ status: 'held', held: payment, refunded: 0, reserved: 0 });
    expect((await snapshot(app, tid)).ledger).toEqual([]);
    expect(events.filter((e) => e.type.startsWith('refund.') && e.type !== 'refund.changed').map((e) => e.type)).toEqual([
      'refund.created', 'refund.agreed', 'refund.goods_returned', 'refund.goods_received', 'refund.exchange_sent', 'refund.succeeded']);
  });
});

describe('the seller\'s list (refunds.receive.get)', () => {
  it('shows the shop\'s refunds, the nearest deadline first, filtered by status, type or trade', async () => {
    const s = await (await import('../support/factories.ts')).newShop(app);
    const lw = { shop: s, buyer: w.buyer };
    const early = await paidTrade(lw);
    const late = await paidTrade(lw, { ship: s.owner });
    const r1 = await asked(w.buyer, late.tid, { oid: late.red, dispute_type: 'REFUND', refund_fee: 100 }); // 5 days
    app.clock.advance(60_000);
    const r2 = await asked(w.buyer, early.tid, { oid: early.red, dispute_type: 'REFUND', refund_fee: 100 }); // 48 hours
    const r3 = await asked(w.buyer, early.tid, { oid: early.blue, dispute_type: 'REFUND', refund_fee: 100 });
    await act(s.owner, r3.refund_id, 'agree');

    const all = (await ok(s.owner.get('/api/refunds'))).refunds.map((r: any) => r.refund_id);
    expect(all).toEqual([r2.refund_id, r1.refund_id, r3.refund_id]); // the finished one waits for nobody: last
    const waiting = (await ok(s.owner.get('/api/refunds?status=WAIT_SELLER_AGREE'))).refunds;
    expect(waiting.map((r: any) => r.refund_id)).toEqual([r2.refund_id, r1.refund_id]);
    expect(waiting[0]).toMatchObject({ buyer_nick: w.buyer.nick, status_name: '买家已申请，等待卖家同意', allowed_actions: ['agree', 'refuse'] });
    expect((await ok(s.owner.get(`/api/refunds?tid=${late.tid}`))).refunds.map((r: any) => r.refund_id)).toEqual([r1.refund_id]);
    expect((await ok(s.owner.get('/api/refunds?dispute_type=EXCHANGE'))).refunds).toEqual([]);
    const paged = await ok(s.owner.get('/api/refunds?page_size=2'));
    expect(paged).toMatchObject({ has_next: true, page_no: 1 });
    expect((await ok(s.owner.get('/api/refunds?page_size=2&page_no=2'))).refunds.map((r: any) => r.refund_id)).toEqual([r3.refund_id]);
    expect((await ok(s.owner.get('/api/refunds/counts'))).counts).toEqual({ WAIT_SELLER_AGREE: 2, SUCCESS: 1 });
    // Another shop sees none of them; the buyer sees theirs, newest first.
    expect((await ok(w.other.owner.get('/api/refunds'))).refunds).toEqual([]);
    const mine = (await ok(w.buyer.client.get('/api/buyer/refunds?page_size=3'))).refunds.map((r: any) => r.refund_id);
    expect(mine).toEqual([r3.refund_id, r2.refund_id, r1.refund_id]);
  });
});

describe('the shop\'s answer limits', () => {
  it('are 48 hours and 5 days by default, set by an account with the setting permission, and apply to new requests', async () => {
    const s = await (await import('../support/factories.ts')).newShop(app);
    expect((await ok(s.owner.get('/api/aftersales/settings'))).settings).toEqual({ agree_hours_before_ship: 48, agree_days_after_ship: 5 });
    expect((await ok(s.owner.patch('/api/aftersales/settings', { agree_hours_before_ship: 24 }))).settings)
      .toEqual({ agree_hours_before_ship: 24, agree_days_after_ship: 5 });
    const { tid, red } = await paidTrade({ shop: s, buyer: w.buyer });
    const r = await asked(w.buyer, tid, { oid: red, dispute_type: 'REFUND', refund_fee: 100 });
    expect(r.timeout).toBe(new Date(app.clock.now().getTime() + 24 * 3_600_000).toISOString());
    const audit = (await ok(s.owner.get('/api/audit?action=refund.settings.update'))).entries;
    expect(JSON.stringify(audit)).toContain('"agree_hours_before_ship":24');
  });
});

describe('the OpenAPI document', () => {
  it('names the after-sales operations after the Taobao Open Platform', async () => {
    const doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    for (const id of [
      'refunds.receive.get', 'refund.get', 'refund.agree', 'refund.refuse', 'refund.returngoods.agree', 'refund.returngoods.confirm',
      'refund.add', 'refund.returngoods.send', 'refund.cancel', 'refund.reapply', 'refund.goods.receive', 'refund.exchange.send',
      'refunds.apply.get', 'refund.settings.update',
    ]) expect(operations).toContain(id);
    const add = doc.paths['/api/buyer/trades/{tid}/refunds'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(add.properties)).toEqual(['oid', 'dispute_type', 'refund_fee', 'reason', 'desc']);
  });
});
