import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import {
  auditOf, OTHER_RECEIVER, pay, refusedUnchanged, ship, stockOf, trade, tradeIn, world, type World,
} from './helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

const receiverOf = (t: any) => Object.fromEntries(Object.keys(RECEIVER).map((k) => [k, t[k]]));
const unpaid = () => tradeIn(w.shop, w.buyer);

describe('changing the address (trade.shippingaddress.update)', () => {
  it('lets an agent with trade.address, and the buyer, change it before payment', async () => {
    const { tid } = await unpaid();
    const t = (await ok(w.agent.client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER))).trade;
    expect(receiverOf(t)).toEqual(OTHER_RECEIVER);
    const [, change] = await auditOf(app, tid);
    expect(change).toMatchObject({ action: 'trade.shippingaddress.update', actor_name: w.agent.login,
      before: RECEIVER, after: OTHER_RECEIVER });

    const mine = { ...RECEIVER, receiver_address: '文三路 200 号 3 单元' };
    const seen = (await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/address`, mine))).trade;
    expect(receiverOf(seen)).toEqual(mine);
    expect(receiverOf(await trade(w.shop.owner, tid))).toEqual(mine);
  });

  it('after payment, lets only the address-after-payment right (the warehouse) change it', async () => {
    const { tid } = await unpaid();
    await pay(w.buyer, tid);
    await refusedUnchanged(app, tid, () => w.agent.client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER), 403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/trades/${tid}/address`, OTHER_RECEIVER), 403);
    const t = (await ok(w.warehouse.client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER))).trade;
    expect(receiverOf(t)).toEqual(OTHER_RECEIVER);
    expect(t.status).toBe('WAIT_SELLER_SEND_GOODS');
  });

  it('never after shipping, not even for the main account', async () => {
    const { tid } = await unpaid();
    await pay(w.buyer, tid);
    await ship(w.shop.owner, tid);
    for (const client of [w.warehouse.client, w.shop.owner]) {
      await refusedUnchanged(app, tid, () => client.post(`/api/trades/${tid}/address`, OTHER_RECEIVER), 409, 'TRADE_ACTION_NOT_ALLOWED');
    }
  });

  it('refuses an incomplete or malformed address, another buyer and another shop', async () => {
    const { tid } = await unpaid();
    await refusedUnchanged(app, tid, () => w.stranger.client.post(`/api/buyer/trades/${tid}/address`, OTHER_RECEIVER), 404, 'TRADE_NOT_FOUND');
    await refusedUnchanged(app, tid, () => w.mall.owner.post(`/api/trades/${tid}/address`, OTHER_RECEIVER), 404, 'TRADE_NOT_FOUND');
    const { receiver_city: _c, ...incomplete } = OTHER_RECEIVER;
    const post = (body: unknown) => () => w.shop.owner.post(`/api/trades/${tid}/address`, body);
    await refusedUnchanged(app, tid, post(incomplete), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(app, tid, post({ ...OTHER_RECEIVER, receiver_mobile: '0571-8888' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(app, tid, post({ ...OTHER_RECEIVER, receiver_name: '   ' }), 400, 'VALIDATION_FAILED');
  });
});

describe('changing prices and postage (trade.price.update, trade.postage.update)', () => {
  it('lets a C-shop agent change an item price; totals follow and the buyer is asked the new amount', async () => {
    const { tid } = await unpaid();
    const blue = (await trade(w.shop.owner, tid)).orders[1];
    const t = (await ok(w.agent.client.post(`/api/trades/${tid}/price`, { oid: blue.oid, price: 4000 }))).trade;
    expect(t).toMatchObject({ total_fee: 24000, post_fee: 0, payment: 24000 });
    expect(t.orders[1]).toMatchObject({ oid: blue.oid, price: 4000, original_price: 5000, num: 1, total_fee: 4000 });
    expect(t.orders[0]).toMatchObject({ price: 10000, total_fee: 20000 });
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.price.update', actor_name: w.agent.login,
      before: { oid: blue.oid, price: 5000, payment: 25000 }, after: { oid: blue.oid, price: 4000, payment: 24000 } });

    // The buyer who still believes in 250.00 is told the amount changed.
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/trades/${tid}/pay`, { payment: 25000 }), 409, 'PAYMENT_CHANGED');
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}`))).trade.payment).toBe(24000);
    expect((await pay(w.buyer, tid, 24000)).status).toBe('WAIT_SELLER_SEND_GOODS');
    expect((await trade(w.shop.owner, tid)).escrow).toMatchObject({ amount: 24000, status: 'held' });
  });

  it('allows a price of 0 but never below', async () => {
    const { tid } = await unpaid();
    const [red] = (await trade(w.shop.owner, tid)).orders;
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/trades/${tid}/price`, { oid: red.oid, price: -1 }), 400, 'PRICE_NEGATIVE');
    const t = (await ok(w.shop.owner.post(`/api/trades/${tid}/price`, { oid: red.oid, price: 0 }))).trade;
    expect(t).toMatchObject({ total_fee: 5000, payment: 5000 });
  });

  it('allows postage of 0 but never below', async () => {
    const { tid } = await unpaid();
    let t = (await ok(w.shop.owner.post(`/api/trades/${tid}/postage`, { post_fee: 1200 }))).trade;
    expect(t).toMatchObject({ total_fee: 25000, post_fee: 1200, payment: 26200 });
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/trades/${tid}/postage`, { post_fee: -1 }), 400, 'POSTAGE_NEGATIVE');
    t = (await ok(w.shop.owner.post(`/api/trades/${tid}/postage`, { post_fee: 0 }))).trade;
    expect(t).toMatchObject({ post_fee: 0, payment: 25000 });
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.postage.update',
      before: { post_fee: 1200, payment: 26200 }, after: { post_fee: 0, payment: 25000 } });
  });

  it('in a mall shop refuses item prices but lets the postage change', async () => {
    const { tid } = await tradeIn(w.mall, w.buyer);
    const [red] = (await trade(w.mall.owner, tid)).orders;
    expect((await trade(w.mallAgent.client, tid)).allowed_actions).not.toContain('modify_price');
    for (const client of [w.mall.owner, w.mallAgent.client]) {
      await refusedUnchanged(app, tid, () => client.post(`/api/trades/${tid}/price`, { oid: red.oid, price: 9000 }), 409, 'MALL_PRICE_FIXED');
    }
    expect((await ok(w.mallAgent.client.post(`/api/trades/${tid}/postage`, { post_fee: 800 }))).trade).toMatchObject({ post_fee: 800, payment: 25800 });
    expect((await ok(w.mallAgent.client.post(`/api/trades/${tid}/postage`, { post_fee: 0 }))).trade).toMatchObject({ post_fee: 0, payment: 25000 });
  });

  it('needs trade.modify_price: the warehouse may not', async () => {
    const { tid } = await unpaid();
    const [red] = (await trade(w.shop.owner, tid)).orders;
    await refusedUnchanged(app, tid, () => w.warehouse.client.post(`/api/trades/${tid}/price`, { oid: red.oid, price: 9000 }), 403, 'PERMISSION_DENIED');
    await refusedUnchanged(app, tid, () => w.warehouse.client.post(`/api/trades/${tid}/postage`, { post_fee: 0 }), 403, 'PERMISSION_DENIED');
  });

  it('keeps an agent within 10% off the original payment, exactly at the limit allowed; the main account has no limit', async () => {
    const { tid } = await unpaid();
    const [red, blue] = (await trade(w.shop.owner, tid)).orders;
    const price = (client: any, oid: number, p: number) => () => client.post(`/api/trades/${tid}/price`, { oid, price: p });
    // 250.00 − 10% = 225.00: blue may go down to 25.00, not 24.99.
    const body = await refusedUnchanged(app, tid, price(w.agent.client, blue.oid, 2499), 403, 'DISCOUNT_TOO_LARGE');
    expect(body.details).toMatchObject({ max_discount_pct: 10, min_payment: 22500 });
    expect((await ok(price(w.agent.client, blue.oid, 2500)())).trade.payment).toBe(22500);
    // At the limit: one fen more off through another line is refused too.
    await refusedUnchanged(app, tid, price(w.agent.client, red.oid, 9999), 403, 'DISCOUNT_TOO_LARGE');
    // Raising is never limited.
    expect((await ok(w.agent.client.post(`/api/trades/${tid}/postage`, { post_fee: 500 }))).trade.payment).toBe(23000);

    expect((await ok(price(w.shop.owner, red.oid, 1)())).trade.payment).toBe(3002);
    const generous = await newSubAccount(app, w.shop, 'service', { max_discount_pct: 100 });
    expect((await ok(price(generous.client, blue.oid, 0)())).trade.payment).toBe(502);
  });

  it('is refused after payment', async () => {
    const { tid } = await unpaid();
    await pay(w.buyer, tid);
    const [red] = (await trade(w.shop.owner, tid)).orders;
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/trades/${tid}/price`, { oid: red.oid, price: 9000 }), 409, 'TRADE_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/trades/${tid}/postage`, { post_fee: 0 }), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('refuses a sub-order of another trade, and malformed amounts', async () => {
    const { tid, item } = await unpaid();
    const second = await placeTrade(w.shop, w.buyer, item);
    const [foreign] = (await trade(w.shop.owner, second)).orders;
    const [red] = (await trade(w.shop.owner, tid)).orders;
    const post = (command: string, body: unknown) => () => w.shop.owner.post(`/api/trades/${tid}/${command}`, body);
    await refusedUnchanged(app, tid, post('price', { oid: foreign.oid, price: 1 }), 404, 'ORDER_NOT_FOUND');
    for (const body of [{ oid: red.oid, price: '9000' }, { oid: red.oid, price: 99.5 }, { oid: red.oid }, { price: 9000 }, {}]) {
      await refusedUnchanged(app, tid, post('price', body), 400, 'VALIDATION_FAILED');
    }
    await refusedUnchanged(app, tid, post('postage', { post_fee: null }), 400, 'VALIDATION_FAILED');
  });

  it('refuses amounts too large to keep (over 2^31 − 1 fen) with 400, instead of failing', async () => {
    const { tid } = await unpaid();
    const [red, blue] = (await trade(w.shop.owner, tid)).orders;
    const post = (command: string, body: unknown) => () => w.shop.owner.post(`/api/trades/${tid}/${command}`, body);
    // Two pieces at 20,000,000.00 yuan each do not fit in a trade.
    await refusedUnchanged(app, tid, post('price', { oid: red.oid, price: 2_000_000_000 }), 400, 'AMOUNT_TOO_LARGE');
    await refusedUnchanged(app, tid, post('price', { oid: blue.oid, price: 2_147_480_000 }), 400, 'AMOUNT_TOO_LARGE');
    await refusedUnchanged(app, tid, post('postage', { post_fee: 2_147_480_000 }), 400, 'AMOUNT_TOO_LARGE');
    await refusedUnchanged(app, tid, post('price', { oid: red.oid, price: 1e12 }), 400, 'VALIDATION_FAILED');
  });
});

describe('closing before payment (trade.close)', () => {
  it('closes the whole trade for a listed reason, releasing the stock and the close timer', async () => {
    const { tid, skuIds } = await unpaid();
    expect(await stockOf(app, skuIds)).toEqual([8, 9]);
    const t = (await ok(w.agent.client.post(`/api/trades/${tid}/close`, { close_reason: '买家不想买了' }))).trade;
    expect(t).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO', close_reason: '买家不想买了', end_time: app.clock.now().toISOString(),
      total_fee: 0, payment: 0, timeout_action_time: null });
    expect(t.orders.map((o: any) => o.status)).toEqual(['TRADE_CLOSED_BY_TAOBAO', 'TRADE_CLOSED_BY_TAOBAO']);
    expect(t.allowed_actions).toEqual(['memo']);
    expect(await stockOf(app, skuIds)).toEqual([10, 10]);
    expect((await auditOf(app, tid)).at(-1)).toMatchObject({ action: 'trade.close', actor_name: w.agent.login,
      before: { status: 'WAIT_BUYER_PAY', payment: 25000 }, after: { status: 'TRADE_CLOSED_BY_TAOBAO', payment: 0, reason: '买家不想买了' } });
    // Closed is closed: no second close, no payment.
    await refusedUnchanged(app, tid, () => w.agent.client.post(`/api/trades/${tid}/close`, { close_reason: '缺货' }), 409, 'TRADE_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('closes one sub-order: its stock comes back, the totals shrink, and the last one closes the trade', async () => {
    const { tid, skuIds } = await unpaid();
    const owner = w.shop.owner;
    await ok(owner.post(`/api/trades/${tid}/postage`, { post_fee: 1000 }));
    const [red, blue] = (await trade(owner, tid)).orders;
    let t = (await ok(owner.post(`/api/trades/${tid}/close`, { close_reason: '缺货', oid: blue.oid }))).trade;
    expect(t).toMatchObject({ status: 'WAIT_BUYER_PAY', total_fee: 20000, post_fee: 1000, payment: 21000, close_reason: null });
    expect(t.orders.map((o: any) => o.status)).toEqual(['WAIT_BUYER_PAY', 'TRADE_CLOSED_BY_TAOBAO']);
    expect(t.allowed_actions).not.toContain('close_order');
    expect(await stockOf(app, skuIds)).toEqual([8, 10]);
    await refusedUnchanged(app, tid, () => owner.post(`/api/trades/${tid}/close`, { close_reason: '缺货', oid: blue.oid }), 409, 'ORDER_CLOSED');
    await refusedUnchanged(app, tid, () => owner.post(`/api/trades/${tid}/price`, { oid: blue.oid, price: 1 }), 409, 'ORDER_CLOSED');
    expect((await ok(w.buyer.client.get(`/api/buyer/trades/${tid}`))).trade.payment).toBe(21000);

    t = (await ok(owner.post(`/api/trades/${tid}/close`, { close_reason: '买家拍错了', oid: red.oid }))).trade;
    expect(t).toMatchObject({ status: 'TRADE_CLOSED_BY_TAOBAO', total_fee: 0, payment: 0, close_reason: '买家拍错了' });
    expect(await stockOf(app, skuIds)).toEqual([10, 10]);
    await refusedUnchanged(app, tid, () => w.buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}), 409, 'TRADE_ACTION_NOT_ALLOWED');
  });

  it('charges only the open sub-orders when a partly closed trade is paid', async () => {
    const { tid, skuIds } = await unpaid();
    const [, blue] = (await trade(w.shop.owner, tid)).orders;
    await ok(w.shop.owner.post(`/api/trades/${tid}/close`, { close_reason: '缺货', oid: blue.oid }));
    const t = await pay(w.buyer, tid, 20000);
    expect(t.orders.map((o: any) => o.status)).toEqual(['WAIT_SELLER_SEND_GOODS', 'TRADE_CLOSED_BY_TAOBAO']);
    expect((await trade(w.shop.owner, tid)).escrow).toMatchObject({ amount: 20000 });
    expect(await stockOf(app, skuIds)).toEqual([8, 10]);
  });

  it('refuses a reason not on the platform\'s list, or none', async () => {
    const { tid } = await unpaid();
    for (const body of [{ close_reason: '不想卖了' }, { close_reason: '' }, {}, { close_reason: 3 }]) {
      await refusedUnchanged(app, tid, () => w.shop.owner.post(`/api/trades/${tid}/close`, body), 400, 'VALIDATION_FAILED');
    }
  });

  it('is refused after payment, to the warehouse, and for a sub-order of another trade', async () => {
    const { tid, item, skuIds } = await unpaid();
    const close = (client: any, body: unknown) => () => client.post(`/api/trades/${tid}/close`, body);
    await refusedUnchanged(app, tid, close(w.warehouse.client, { close_reason: '缺货' }), 403, 'PERMISSION_DENIED');
    const [foreign] = (await trade(w.shop.owner, await placeTrade(w.shop, w.buyer, item))).orders;
    await refusedUnchanged(app, tid, close(w.shop.owner, { close_reason: '缺货', oid: foreign.oid }), 404, 'ORDER_NOT_FOUND');
    await pay(w.buyer, tid);
    const [red] = (await trade(w.shop.owner, tid)).orders;
    await refusedUnchanged(app, tid, close(w.shop.owner, { close_reason: '缺货' }), 409, 'TRADE_ACTION_NOT_ALLOWED');
    await refusedUnchanged(app, tid, close(w.shop.owner, { close_reason: '缺货', oid: red.oid }), 409, 'TRADE_ACTION_NOT_ALLOWED');
    expect(await stockOf(app, skuIds)).toEqual([6, 8]); // both trades still hold theirs
  });
});
