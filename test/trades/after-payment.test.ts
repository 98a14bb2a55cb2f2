import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { auditOf, OTHER_RECEIVER, pay, refused, refusedUnchanged, ship, trade, tradeIn, world, type World } from './helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

const unpaidTrade = async () => ({ ...(await tradeIn(w.shop, w.buyer)), shop: w.shop, buyer: w.buyer });

async function paidTrade() {
  const t = await unpaidTrade();
  await pay(t.buyer, t.tid);
  return t;
}

async function shippedTrade() {
  const t = await paidTrade();
  await ship(t.shop.owner, t.tid);
  return t;
}

describe('memo and flag (trade.memo.update)', () => {
  it('takes a memo of up to 1000 bytes: 1000 ASCII characters, but not 334 Chinese ones (1002 bytes)', async () => {
    const { shop, tid } = await paidTrade();
    const agent = w.agent;
    const long = 'a'.repeat(1000);
    expect((await ok(agent.client.post(`/api/trades/${tid}/memo`, { memo: long, flag: 1 }))).trade).toMatchObject({ memo: long, flag: 1, flag_name: '红旗' });
    await refusedUnchanged(app, tid, () => agent.client.post(`/api/trades/${tid}/memo`, { memo: '中'.repeat(334), flag: 1 }), 400, 'MEMO_TOO_LONG');
    await refusedUnchanged(app, tid, () => agent.client.post(`/api/trades/${tid}/memo`, { memo: 'a'.repeat(1001), flag: 1 }), 400, 'MEMO_TOO_LONG');
    const chinese = '中'.repeat(333);
    expect((await ok(agent.client.post(`/api/trades/${tid}/memo`, { memo: chinese, flag: 5 }))).trade).toMatchObject({ memo: chinese, flag: 5 });
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.memo.update', actor_name: agent.login,
      before: { memo: long, flag: 1 }, after: { memo: chinese, flag: 5 } });
  });

  it('takes flags 0 to 5 only, and a memo with every flag', async () => {
    const { shop, tid } = await paidTrade();
    for (const body of [{ memo: 'x', flag: 6 }, { memo: 'x', flag: -1 }, { memo: 'x', flag: '1' }, { memo: 'x' }, { flag: 1 }, { memo: 5, flag: 1 }]) {
      await refusedUnchanged(app, tid, () => shop.owner.post(`/api/trades/${tid}/memo`, body), 400, 'VALIDATION_FAILED');
    }
  });

  it('lets each team raise its own colours: red and purple the agents, yellow, green and blue the warehouse', async () => {
    const { shop, tid } = await paidTrade();
    const agent = w.agent;
    const warehouse = w.warehouse;
    const aftersales = w.aftersales;
    const memo = (client: any, flag: number) => client.post(`/api/trades/${tid}/memo`, { memo: `flag ${flag}`, flag });
    for (const flag of [1, 5]) {
      expect((await ok(memo(agent.client, flag))).trade.flag).toBe(flag);
      await ok(memo(shop.owner, 0));
      await refusedUnchanged(app, tid, () => memo(warehouse.client, flag), 403, 'FLAG_NOT_YOURS');
      await refusedUnchanged(app, tid, () => memo(aftersales.client, flag), 403, 'FLAG_NOT_YOURS');
    }
    for (const flag of [2, 3, 4]) {
      expect((await ok(memo(warehouse.client, flag))).trade.flag).toBe(flag);
      await ok(memo(shop.owner, 0));
      await refusedUnchanged(app, tid, () => memo(agent.client, flag), 403, 'FLAG_NOT_YOURS');
    }
  });

  it('lets the main account and a supervisor raise any colour; a team may keep another\'s flag while writing', async () => {
    const { shop, tid } = await paidTrade();
    const supervisor = w.supervisor;
    const agent = w.agent;
    const warehouse = w.warehouse;
    for (const flag of [1, 2, 3, 4, 5, 0]) {
      expect((await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: 'm', flag }))).trade.flag).toBe(flag);
      expect((await ok(supervisor.client.post(`/api/trades/${tid}/memo`, { memo: 's', flag }))).trade.flag).toBe(flag);
    }
    // Seed 002: the agent raises red for a changed consignee; the warehouse notes what it did under the same flag.
    await ok(agent.client.post(`/api/trades/${tid}/memo`, { memo: '收货人改为李四', flag: 1 }));
    await ok(warehouse.client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER));
    const t = (await ok(warehouse.client.post(`/api/trades/${tid}/memo`, { memo: '收货人改为李四（已改）', flag: 1 }))).trade;
    expect(t).toMatchObject({ memo: '收货人改为李四（已改）', flag: 1, receiver_name: '李四' });
  });

  it('needs trade.memo, and is open in every status', async () => {
    const { shop, tid } = await unpaidTrade();
    const finance = w.finance;
    await refusedUnchanged(app, tid, () => finance.client.post(`/api/trades/${tid}/memo`, { memo: 'x', flag: 0 }), 403, 'PERMISSION_DENIED');
    await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: '未付款', flag: 0 }));
    await ok(shop.owner.post(`/api/trades/${tid}/close`, { close_reason: '买家不想买了' }));
    expect((await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: '已关闭', flag: 2 }))).trade).toMatchObject({
      status: 'TRADE_CLOSED_BY_TAOBAO', memo: '已关闭', flag: 2 });
  });

  it('never shows the memo or flag to the buyer', async () => {
    const { shop, tid, buyer } = await unpaidTrade();
    const secret = '这个买家很难缠 difficult-buyer';
    await ok(shop.owner.post(`/api/trades/${tid}/memo`, { memo: secret, flag: 5 }));
    const views = [
      await buyer.client.get(`/api/buyer/trades/${tid}`),
      await buyer.client.get('/api/buyer/trades'),
      await buyer.client.post(`/api/buyer/trades/${tid}/address`, OTHER_RECEIVER),
      await buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}),
    ];
    await ship(shop.owner, tid);
    views.push(await buyer.client.post(`/api/buyer/trades/${tid}/confirm`));
    for (const res of views) {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('difficult-buyer');
      expect(text).not.toMatch(/"memo"|"flag"|"flag_name"|紫旗/);
    }
    expect((await ok(buyer.client.get('/api/buyer/trades'))).trades.map((t: any) => t.tid)).toContain(tid);
    expect((await trade(shop.owner, tid)).memo).toBe(secret);
  });
});

describe('shipping (logistics.offline.send)', () => {
  it('ships a paid trade with a courier and tracking number, and starts the 10 days for receipt', async () => {
    const { shop, tid } = await paidTrade();
    const warehouse = w.warehouse;
    const t = await ship(warehouse.client, tid, 'ZTO', '7312-3456-78');
    expect(t).toMatchObject({ status: 'WAIT_BUYER_CONFIRM_GOODS', company_code: 'ZTO', out_sid: '7312-3456-78',
      consign_time: app.clock.now().toISOString(), timeout_action_time: new Date(app.clock.now().getTime() + 10 * DAY).toISOString() });
    expect(t.orders.map((o: any) => o.status)).toEqual(['WAIT_BUYER_CONFIRM_GOODS', 'WAIT_BUYER_CONFIRM_GOODS']);
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'logistics.offline.send', actor_name: warehouse.login,
      before: { status: 'WAIT_SELLER_SEND_GOODS' }, after: { status: 'WAIT_BUYER_CONFIRM_GOODS', company_code: 'ZTO', out_sid: '7312-3456-78' } });
  });

  it('ships only a paid trade, once', async () => {
    const { shop, buyer, tid } = await unpaidTrade();
    await refusedUnchanged(app, tid, () => shop.owner.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: 'SF1234567890' }), 409, 'TRADE_ACTION_NOT_ALLOWED');
    await pay(buyer, tid);
    await ship(shop.owner, tid);
    await refusedUnchanged(app, tid, () => shop.owner.post(`/api/trades/${tid}/ship`, { company_code: 'EMS', out_sid: 'EA123456789CN' }), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('needs trade.ship, a known courier and a well-formed tracking number', async () => {
    const { shop, tid } = await paidTrade();
    const agent = w.agent;
    const send = (client: any, body: unknown) => () => client.post(`/api/trades/${tid}/ship`, body);
    await refusedUnchanged(app, tid, send(agent.client, { company_code: 'SF', out_sid: 'SF1234567890' }), 403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, send(shop.owner, { company_code: 'FOO', out_sid: 'SF1234567890' }), 400, 'BAD_COMPANY_CODE');
    await refusedUnchanged(app, tid, send(shop.owner, { company_code: 'constructor', out_sid: 'SF1234567890' }), 400, 'BAD_COMPANY_CODE');
    await refusedUnchanged(app, tid, send(shop.owner, { company_code: 'SF', out_sid: '12345' }), 400, 'BAD_OUT_SID');
    await refusedUnchanged(app, tid, send(shop.owner, { company_code: 'SF', out_sid: 'SF 12345678' }), 400, 'BAD_OUT_SID');
    await refusedUnchanged(app, tid, send(shop.owner, { company_code: 'SF' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(app, tid, send(shop.owner, { out_sid: 'SF1234567890' }), 400, 'VALIDATION_FAILED');
  });
});

describe('receipt', () => {
  it('finishes the trade when the buyer confirms, releasing the escrow to the shop', async () => {
    const { shop, buyer, tid } = await shippedTrade();
    app.clock.advance(DAY);
    const t = (await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`))).trade;
    expect(t).toMatchObject({ status: 'TRADE_FINISHED', end_time: app.clock.now().toISOString() });
    expect(t.orders.map((o: any) => [o.status, o.end_time])).toEqual([
      ['TRADE_FINISHED', app.clock.now().toISOString()], ['TRADE_FINISHED', app.clock.now().toISOString()]]);
    const seller = await trade(shop.owner, tid);
    expect(seller.escrow).toEqual({
      alipay_no: seller.alipay_no, amount: 25000, status: 'released', refunded: 0, released: 25000, settled_at: app.clock.now().toISOString(),
    });
    expect(seller.timeout_action_time).toBeNull();
    expect(seller.allowed_actions).toEqual(['memo']);
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.confirm', actor_kind: 'buyer', actor_name: buyer.nick });
    await refusedUnchanged(app, tid, () => buyer.client.post(`/api/buyer/trades/${tid}/confirm`), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('cannot be confirmed before shipping', async () => {
    const { buyer, tid } = await paidTrade();
    await refusedUnchanged(app, tid, () => buyer.client.post(`/api/buyer/trades/${tid}/confirm`), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('hides a trade from every other buyer: they can neither see nor act on it', async () => {
    const unpaid = await unpaidTrade();
    const shipped = await shippedTrade();
    const stranger = w.stranger;
    for (const tid of [unpaid.tid, shipped.tid]) {
      await refused(stranger.client.get(`/api/buyer/trades/${tid}`), 404, 'TRADE_NOT_FOUND');
      await refusedUnchanged(app, tid, () => stranger.client.post(`/api/buyer/trades/${tid}/pay`, {}), 404, 'TRADE_NOT_FOUND');
      await refusedUnchanged(app, tid, () => stranger.client.post(`/api/buyer/trades/${tid}/confirm`), 404, 'TRADE_NOT_FOUND');
      await refusedUnchanged(app, tid, () => stranger.client.post(`/api/buyer/trades/${tid}/address`, OTHER_RECEIVER), 404, 'TRADE_NOT_FOUND');
    }
    expect((await ok(stranger.client.get('/api/buyer/trades'))).trades).toEqual([]);
    // A shop account is not a buyer.
    await refused(shipped.shop.owner.post(`/api/buyer/trades/${shipped.tid}/confirm`), 401, 'NOT_LOGGED_IN');
  });
});

describe('extending the time for receipt (trade.receivetime.delay)', () => {
  it('extends by 3, 5, 7 or 10 days, moving the automatic receipt by as much, up to 30 days in all', async () => {
    const { shop, tid } = await shippedTrade();
    const agent = w.agent;
    const shippedAt = new Date((await trade(shop.owner, tid)).consign_time).getTime();
    let total = 0;
    for (const days of [3, 5, 7, 10, 5]) {
      app.clock.advance(DAY / 2); // when the extension is asked does not matter: it counts from the shipping
      total += days;
      const t = (await ok(agent.client.post(`/api/trades/${tid}/receivetime`, { days }))).trade;
      expect(t).toMatchObject({ receive_delay_days: total, timeout_action_time: new Date(shippedAt + (10 + total) * DAY).toISOString() });
    }
    expect(total).toBe(30);
    const t = await trade(agent.client, tid);
    expect(t.allowed_actions).not.toContain('delay_receive');
    await refusedUnchanged(app, tid, () => agent.client.post(`/api/trades/${tid}/receivetime`, { days: 3 }), 409, 'DELAY_LIMIT_REACHED');
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.receivetime.delay', actor_name: agent.login,
      before: { receive_delay_days: 25 }, after: { receive_delay_days: 30 } });
  });

  it('refuses other numbers of days, before shipping, and without the right', async () => {
    const { shop, tid } = await shippedTrade();
    for (const days of [0, 1, 4, 6, 14, 30, -3, 3.5, '3']) {
      await refusedUnchanged(app, tid, () => shop.owner.post(`/api/trades/${tid}/receivetime`, { days }), 400);
    }
    const warehouse = w.warehouse;
    await refusedUnchanged(app, tid, () => warehouse.client.post(`/api/trades/${tid}/receivetime`, { days: 3 }), 403, 'PERMISSION_DENIED');
    const paid = await paidTrade();
    await refusedUnchanged(app, paid.tid, () => paid.shop.owner.post(`/api/trades/${paid.tid}/receivetime`, { days: 3 }), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });
});
