import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, ok, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { auditOf, refused, stockOf, trade } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

type Shop = Awaited<ReturnType<typeof newShop>>;
type Line = { num_iid: number; sku_id: number; num: number };

const place = (buyer: { client: Client }, shop: Shop, orders: Line[], receiver = RECEIVER) =>
  buyer.client.post(`/api/storefront/${shop.name}/trades`, { orders, ...receiver });

async function buyerTradeCount(buyer: { client: Client }) {
  return (await ok(buyer.client.get('/api/buyer/trades'))).trades.length as number;
}

/** 首重 1 kg 10.00, 续重 each started 500 g 5.00; 新疆/西藏 20.00 + 10.00; free from 300.00 of items, not to 新疆/西藏. */
const TEMPLATE = {
  name: '默认运费',
  is_default: true,
  first_weight_g: 1000,
  first_fee: 1000,
  additional_weight_g: 500,
  additional_fee: 500,
  free_threshold: 30000,
  region_fees: [{ states: ['新疆', '西藏'], first_fee: 2000, additional_fee: 1000 }],
};

describe('placing a trade (trade.add)', () => {
  it('makes one sub-order per SKU line at the current price and reserves the stock', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const [red, blue] = item.skus;
    const res = await ok(place(buyer, shop, [
      { num_iid: item.num_iid, sku_id: red.sku_id, num: 2 },
      { num_iid: item.num_iid, sku_id: blue.sku_id, num: 3 },
    ]), 201);
    expect(res).toEqual({ tid: expect.any(Number), payment: 35000, post_fee: 0 });
    expect(await stockOf(app, [red.sku_id, blue.sku_id])).toEqual([8, 7]);

    const t = await trade(shop.owner, res.tid);
    expect(t).toMatchObject({ status: 'WAIT_BUYER_PAY', total_fee: 35000, post_fee: 0, payment: 35000, buyer_nick: buyer.nick });
    expect(t.orders.map((o: any) => [o.sku_id, o.sku_properties_name, o.price, o.num, o.total_fee, o.status])).toEqual([
      [red.sku_id, '颜色:红色', 10000, 2, 20000, 'WAIT_BUYER_PAY'],
      [blue.sku_id, '颜色:蓝色', 5000, 3, 15000, 'WAIT_BUYER_PAY'],
    ]);
    const audit = await auditOf(app, res.tid);
    expect(audit.map((a) => [a.action, a.actor_kind, a.actor_name])).toEqual([['trade.add', 'buyer', buyer.nick]]);
  });

  it('refuses a trade when one line is out of stock, and reserves nothing of the others', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop, 3);
    const buyer = await newBuyer(app);
    const [red, blue] = item.skus;
    const body = await refused(place(buyer, shop, [
      { num_iid: item.num_iid, sku_id: red.sku_id, num: 2 },
      { num_iid: item.num_iid, sku_id: blue.sku_id, num: 4 },
    ]), 409, 'OUT_OF_STOCK');
    expect(body.details).toMatchObject({ sku_id: blue.sku_id, quantity: 3 });
    expect(await stockOf(app, [red.sku_id, blue.sku_id])).toEqual([3, 3]);
    expect(await buyerTradeCount(buyer)).toBe(0);

    // Exactly what is left may be bought.
    await ok(place(buyer, shop, [{ num_iid: item.num_iid, sku_id: blue.sku_id, num: 3 }]), 201);
    expect(await stockOf(app, [red.sku_id, blue.sku_id])).toEqual([3, 0]);
    await refused(place(buyer, shop, [{ num_iid: item.num_iid, sku_id: blue.sku_id, num: 1 }]), 409, 'OUT_OF_STOCK');
  });

  it('refuses an item taken off sale (instock)', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    await ok(shop.owner.patch(`/api/items/${item.num_iid}`, { approve_status: 'instock' }));
    await refused(place(buyer, shop, [{ num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 }]), 409, 'ITEM_NOT_ON_SALE');
    expect(await stockOf(app, [item.skus[0].sku_id])).toEqual([10]);
    expect(await buyerTradeCount(buyer)).toBe(0);
  });

  it('refuses a SKU of another shop, or one that does not belong to the item', async () => {
    const shop = await newShop(app);
    const other = await newShop(app);
    const mine = await newItem(shop);
    const theirs = await newItem(other);
    const buyer = await newBuyer(app);
    await refused(place(buyer, shop, [
      { num_iid: mine.num_iid, sku_id: mine.skus[0].sku_id, num: 1 },
      { num_iid: theirs.num_iid, sku_id: theirs.skus[0].sku_id, num: 1 },
    ]), 404, 'ITEM_NOT_FOUND');
    await refused(place(buyer, shop, [{ num_iid: theirs.num_iid, sku_id: mine.skus[0].sku_id, num: 1 }]), 404, 'ITEM_NOT_FOUND');
    expect(await stockOf(app, [mine.skus[0].sku_id, theirs.skus[0].sku_id])).toEqual([10, 10]);
    expect(await buyerTradeCount(buyer)).toBe(0);
  });

  it('refuses the same SKU on two lines', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const line = { num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 };
    await refused(place(buyer, shop, [line, { ...line, num: 2 }]), 400, 'DUPLICATE_SKU');
    expect(await stockOf(app, [line.sku_id])).toEqual([10]);
  });

  it('refuses a basket too large to keep (over 2^31 − 1 fen) with 400, instead of failing', async () => {
    const shop = await newShop(app);
    const buyer = await newBuyer(app);
    const gold = (await ok(shop.owner.post('/api/items', {
      title: '金砖', weight_g: 1000, skus: [{ properties_name: '规格:1kg', price: 1_000_000_000, quantity: 5 }],
    }), 201)).item;
    const line = { num_iid: gold.num_iid, sku_id: gold.skus[0].sku_id, num: 3 };
    await refused(place(buyer, shop, [line]), 400, 'AMOUNT_TOO_LARGE');
    await refused(shop.owner.post('/api/tools/calculator', { orders: [line], receiver_state: '浙江省' }), 400, 'AMOUNT_TOO_LARGE');
    expect(await stockOf(app, [line.sku_id])).toEqual([5]);
    expect(await buyerTradeCount(buyer)).toBe(0);
    expect((await ok(place(buyer, shop, [{ ...line, num: 2 }]), 201)).payment).toBe(2_000_000_000);
  });

  it('refuses malformed baskets and unknown shops with a 4xx, and a caller who is not a signed-in buyer with 401', async () => {
    const shop = await newShop(app);
    const item = await newItem(shop);
    const buyer = await newBuyer(app);
    const line = { num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 };
    await refused(place(buyer, shop, []), 400, 'VALIDATION_FAILED');
    await refused(place(buyer, shop, [{ ...line, num: 0 }]), 400, 'VALIDATION_FAILED');
    await refused(place(buyer, shop, [{ ...line, num: '2' as unknown as number }]), 400, 'VALIDATION_FAILED');
    await refused(place(buyer, shop, [line], { ...RECEIVER, receiver_mobile: '12345' }), 400, 'VALIDATION_FAILED');
    await refused(buyer.client.post('/api/storefront/no-such-shop-xx/trades', { orders: [line], ...RECEIVER }), 404, 'SHOP_NOT_FOUND');
    await refused(place({ client: new Client(app.http) }, shop, [line]), 401, 'NOT_LOGGED_IN');
    await refused(place({ client: shop.owner }, shop, [line]), 401, 'NOT_LOGGED_IN');
    expect(await stockOf(app, [line.sku_id])).toEqual([10]);
  });
});

describe('postage from the shop\'s default shipping template, and the calculator', () => {
  async function shopWithTemplate() {
    const shop = await newShop(app);
    // A cheaper template that is not the default must not be used.
    await ok(shop.owner.post('/api/logistics/templates', { ...TEMPLATE, name: '便宜', is_default: false, first_fee: 1, additional_fee: 1 }), 201);
    await ok(shop.owner.post('/api/logistics/templates', TEMPLATE), 201);
    // 300 g a piece at 19.90 yuan.
    const light = (await ok(shop.owner.post('/api/items', {
      title: '袜子', weight_g: 300, skus: [{ properties_name: '颜色:白色', price: 1990, quantity: 100 }],
    }), 201)).item;
    return { shop, shirt: await newItem(shop, 50), light };
  }

  it('charges the exact postage in fen, and the calculator quotes the same totals', async () => {
    const { shop, shirt, light } = await shopWithTemplate();
    const buyer = await newBuyer(app);
    const line = (item: any, sku: number, num: number): Line => ({ num_iid: item.num_iid, sku_id: item.skus[sku].sku_id, num });
    // Shirts: red 100.00, blue 50.00, 500 g; socks 19.90, 300 g.
    const expected: [string, Line[], string, number, number][] = [
      ['1 kg: the first weight only', [line(shirt, 0, 1), line(shirt, 1, 1)], '浙江省', 15000, 1000],
      ['1.5 kg: one started additional step', [line(shirt, 0, 2), line(shirt, 1, 1)], '浙江省', 25000, 1500],
      ['1.8 kg: two started steps', [line(light, 0, 6)], '浙江省', 11940, 2000],
      ['3.1 kg, 289.80 of items: just below the threshold', [line(shirt, 1, 5), line(light, 0, 2)], '浙江省', 28980, 3500],
      ['1.5 kg to 新疆: the province\'s own fees', [line(shirt, 0, 2), line(shirt, 1, 1)], '新疆维吾尔自治区', 25000, 3000],
      ['1 kg to 西藏', [line(shirt, 0, 1)], '西藏自治区', 10000, 2000],
      ['300.00 of items: free', [line(shirt, 0, 3)], '浙江省', 30000, 0],
      ['300.00 of items to 新疆: remote provinces pay their own fees', [line(shirt, 0, 3)], '新疆维吾尔自治区', 30000, 3000],
    ];

    for (const [what, lines, state, items, postFee] of expected) {
      const quote = await ok(shop.owner.post('/api/tools/calculator', { orders: lines, receiver_state: state }));
      expect({ what, total_fee: quote.total_fee, post_fee: quote.post_fee, payment: quote.payment })
        .toEqual({ what, total_fee: items, post_fee: postFee, payment: items + postFee });
      const placed = await ok(place(buyer, shop, lines, { ...RECEIVER, receiver_state: state }), 201);
      expect({ what, post_fee: placed.post_fee, payment: placed.payment }).toEqual({ what, post_fee: postFee, payment: items + postFee });
      const t = await trade(shop.owner, placed.tid);
      expect({ what, total_fee: t.total_fee, post_fee: t.post_fee, payment: t.payment })
        .toEqual({ what, total_fee: items, post_fee: postFee, payment: items + postFee });
    }
  });
});
