import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade } from '../support/factories.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('a trade from placing to finishing', () => {
  it('places, pays into escrow, ships and finishes on confirmation, releasing the money', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const tid = await placeTrade(shop, buyer, item);

    let trade = (await ok(shop.owner.get(`/api/trades/${tid}`))).trade;
    expect(trade).toMatchObject({ status: 'WAIT_BUYER_PAY', total_fee: 25000, post_fee: 0, payment: 25000, buyer_nick: buyer.nick });
    expect(trade.orders).toHaveLength(2);
    expect(trade.allowed_actions).toEqual(expect.arrayContaining(['modify_price', 'close', 'close_order', 'memo']));
    const stock = (await ok(shop.owner.get(`/api/items/${item.num_iid}`))).item.skus.map((s: any) => s.quantity);
    expect(stock).toEqual([8, 9]);

    trade = (await ok(buyer.client.post(`/api/buyer/trades/${tid}/pay`, { payment: 25000 }))).trade;
    expect(trade.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(trade.alipay_no).toMatch(/^\d{26}$/);

    const warehouse = await newSubAccount(app, shop, 'warehouse');
    trade = (await ok(warehouse.client.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: 'SF1234567890' }))).trade;
    expect(trade).toMatchObject({ status: 'WAIT_BUYER_CONFIRM_GOODS', company_code: 'SF', out_sid: 'SF1234567890' });
    expect(new Date(trade.timeout_action_time).getTime()).toBe(app.clock.now().getTime() + 10 * DAY);
    expect(trade.escrow).toMatchObject({ status: 'held', amount: 25000 });

    trade = (await ok(buyer.client.post(`/api/buyer/trades/${tid}/confirm`))).trade;
    expect(trade.status).toBe('TRADE_FINISHED');
    expect(trade.orders.every((o: any) => o.status === 'TRADE_FINISHED')).toBe(true);
    expect((await ok(shop.owner.get(`/api/trades/${tid}`))).trade.escrow.status).toBe('released');
  });
});
