import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsAsPurchase } from '../../src/modules/customers/rules.ts';
import type { Client } from '../support/client.ts';
import { newBuyer, newShop, newSubAccount, ok, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { OTHER_RECEIVER, pay, refused, ship } from '../trades/helpers.ts';
import { customer, expectSorted, listNicks, put } from './helpers.ts';

let app: TestApp;
let shop: Awaited<ReturnType<typeof newShop>>;
let other: Awaited<ReturnType<typeof newShop>>;
let agent: Awaited<ReturnType<typeof newSubAccount>>;
let finance: Awaited<ReturnType<typeof newSubAccount>>;
type Buyer = Awaited<ReturnType<typeof newBuyer>>;

beforeAll(async () => {
  app = await createTestApp();
  shop = await newShop(app);
  other = await newShop(app);
  agent = await newSubAccount(app, shop, 'service');
  finance = await newSubAccount(app, shop, 'finance');
});
afterAll(() => app.close());

/** An item of one SKU at `price` fen, and the buyer's trade of one piece, paid unless told otherwise. */
async function buy(s: { name: string; owner: Client }, buyer: Buyer, price: number, opts: { pay?: boolean; receiver?: object } = {}) {
  const item = (await ok(s.owner.post('/api/items', {
    title: `商品${price}`, skus: [{ properties_name: '颜色:红色', price, quantity: 10 }],
  }), 201)).item;
  const { tid } = await ok(buyer.client.post(`/api/storefront/${s.name}/trades`, {
    orders: [{ num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 }], ...(opts.receiver ?? RECEIVER),
  }), 201);
  if (opts.pay !== false) await pay(buyer, tid);
  return { tid: tid as number, numIid: item.num_iid as number };
}

/** The aggregates as rules.ts would compute them from the trades themselves. */
async function recomputed(shopId: number, nick: string) {
  const trades = await app.ctx.database.db.selectFrom('trades').selectAll().where('shop_id', '=', shopId)
    .where('buyer_nick', '=', nick).execute();
  const bought = trades.filter((t) => countsAsPurchase(t.status, t.pay_time));
  return {
    trade_count: trades.length, paid_trade_count: bought.length, total_spend: bought.reduce((s, t) => s + t.payment, 0),
    last_purchase_at: bought.length ? new Date(Math.max(...bought.map((t) => new Date(t.pay_time!).getTime()))).toISOString() : null,
  };
}

describe('a customer is made from the trades, and its aggregates follow them in the same transaction', () => {
  it('counts paid trades, leaves unpaid and closed ones out of the spend, and takes a refund back', async () => {
    const buyer = await newBuyer(app);
    const first = await buy(shop, buyer, 12_345);
    let c = (await customer(agent.client, buyer.nick)).customer;
    expect(c).toMatchObject({ nick: buyer.nick, origin: 'trade', trade_count: 1, paid_trade_count: 1, total_spend: 12_345, level: '普通会员' });

    const unpaid = await buy(shop, buyer, 50_000, { pay: false });
    c = (await customer(agent.client, buyer.nick)).customer;
    expect(c).toMatchObject({ trade_count: 2, paid_trade_count: 1, total_spend: 12_345 });

    await ok(shop.owner.post(`/api/trades/${unpaid.tid}/close`, { close_reason: '买家不想买了' }));
    app.clock.advance(60_000);
    await buy(shop, buyer, 100_000);
    c = (await customer(agent.client, buyer.nick)).customer;
    expect(c).toMatchObject({ trade_count: 3, paid_trade_count: 2, total_spend: 112_345, level: '高级会员' });
    expect(c).toMatchObject(await recomputed(shop.shopId, buyer.nick));

    // A full refund closes the trade after payment: it is no longer a purchase.
    await ship(shop.owner, first.tid);
    await app.ctx.database.db.updateTable('trades').set({ status: 'TRADE_CLOSED' }).where('tid', '=', first.tid).execute();
    c = (await customer(agent.client, buyer.nick)).customer;
    expect(c).toMatchObject({ trade_count: 3, paid_trade_count: 1, total_spend: 100_000 });
    expect(c).toMatchObject(await recomputed(shop.shopId, buyer.nick));
  });

  it('counts as bought the items of paid sub-orders only, not one closed before payment', async () => {
    const s = await newShop(app);
    const buyer = await newBuyer(app);
    const item = async (title: string) => (await ok(s.owner.post('/api/items', {
      title, skus: [{ properties_name: '颜色:红色', price: 1000, quantity: 10 }] }), 201)).item;
    const [kept, dropped] = [await item('保留的'), await item('关闭的')];
    const { tid } = await ok(buyer.client.post(`/api/storefront/${s.name}/trades`, {
      orders: [kept, dropped].map((i) => ({ num_iid: i.num_iid, sku_id: i.skus[0].sku_id, num: 1 })), ...RECEIVER,
    }), 201);
    const oid = (await ok(s.owner.get(`/api/trades/${tid}`))).trade.orders.find((o: { num_iid: number }) => o.num_iid === dropped.num_iid).oid;
    expect(await listNicks(s.owner, `num_iid=${kept.num_iid}`)).toEqual([]); // not paid yet
    await ok(s.owner.post(`/api/trades/${tid}/close`, { close_reason: '缺货', oid }));
    await pay(buyer, tid);
    expect(await listNicks(s.owner, `num_iid=${kept.num_iid}`)).toEqual([buyer.nick]);
    expect(await listNicks(s.owner, `num_iid=${dropped.num_iid}`)).toEqual([]);
    expect((await customer(s.owner, buyer.nick)).customer).toMatchObject({ paid_trade_count: 1, total_spend: 1000 });
    // Refunded in full: no longer bought.
    await app.ctx.database.db.updateTable('orders').set({ status: 'TRADE_CLOSED' }).where('tid', '=', tid).execute();
    await app.ctx.database.db.updateTable('trades').set({ status: 'TRADE_CLOSED' }).where('tid', '=', tid).execute();
    expect(await listNicks(s.owner, `num_iid=${kept.num_iid}`)).toEqual([]);
  });

  it('makes a customer of a buyer who only opened the chat, with nothing spent', async () => {
    const buyer = await newBuyer(app);
    await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`));
    const c = (await customer(agent.client, buyer.nick)).customer;
    expect(c).toMatchObject({ origin: 'chat', trade_count: 0, total_spend: 0, last_purchase_at: null, buyer_id: buyer.id });
  });

  it('shows the profile: contacts, addresses, trades, level progress, favourites and the conversation', async () => {
    const buyer = await newBuyer(app);
    const { numIid } = await buy(shop, buyer, 30_000);
    app.clock.advance(60_000);
    await buy(shop, buyer, 20_000, { receiver: OTHER_RECEIVER });
    await ok(put(app, buyer.client, `/api/buyer/favourites/${numIid}`));
    await ok(buyer.client.get(`/api/buyer/chat/${shop.name}`));
    const p = await customer(agent.client, buyer.nick);
    expect(p.customer).toMatchObject({ total_spend: 50_000, favourites_count: 1,
      level_detail: { name: '普通会员', min_spend: 0, next: { name: '高级会员', min_spend: 100_000 }, to_next: 50_000 } });
    expect(p.contacts.map((x: { mobile: string }) => x.mobile)).toEqual([OTHER_RECEIVER.receiver_mobile, RECEIVER.receiver_mobile]);
    expect(p.addresses).toHaveLength(2);
    expect(p.addresses[0]).toMatchObject({ receiver_name: OTHER_RECEIVER.receiver_name, trades: 1 });
    expect(p.trades).toHaveLength(2);
    expect(p.trades[0]).toMatchObject({ payment: 20_000, status: 'WAIT_SELLER_SEND_GOODS', status_name: '买家已付款' });
    expect(p.trades[0].items[0]).toMatchObject({ title: '商品20000', num: 1 });
    expect(p.trades_link).toBe(`/api/trades?buyer_nick=${encodeURIComponent(buyer.nick)}`);
    expect(p.favourites).toEqual([expect.objectContaining({ num_iid: numIid, title: '商品30000' })]);
    expect(p.conversation).toMatchObject({ status: 'new', messages_link: `/api/conversations/${p.conversation.id}/messages` });
  });

  it('keeps the customers of one shop from every other shop', async () => {
    const buyer = await newBuyer(app);
    await buy(shop, buyer, 1000);
    await refused(other.owner.get(`/api/customers/${buyer.nick}`), 404, 'CUSTOMER_NOT_FOUND');
    expect(await listNicks(other.owner, `nick=${buyer.nick}`)).toEqual([]);
    await refused(other.owner.patch(`/api/customers/${buyer.nick}`, { notes: 'x' }), 404, 'CUSTOMER_NOT_FOUND');
  });
});

describe('notes, tags and opt-out', () => {
  it('changes them with an audit row, and refuses tags of another shop and accounts without the permission', async () => {
    const buyer = await newBuyer(app);
    await buy(shop, buyer, 1000);
    const vip = (await ok(shop.owner.post('/api/customers/tags', { name: `回头客${buyer.nick}`, color: 'gold' }), 201)).tag;
    const foreign = (await ok(other.owner.post('/api/customers/tags', { name: '别家的' }), 201)).tag;

    const { customer: c } = await ok(agent.client.patch(`/api/customers/${buyer.nick}`,
      { tag_ids: [vip.id], notes: '  喜欢红色  ', opt_out: true }));
    expect(c).toMatchObject({ notes: '喜欢红色', opt_out: true, tags: [{ id: vip.id, name: vip.name, color: 'gold' }] });

    await refused(agent.client.patch(`/api/customers/${buyer.nick}`, { tag_ids: [foreign.id] }), 404, 'TAG_NOT_FOUND');
    await refused(finance.client.patch(`/api/customers/${buyer.nick}`, { notes: 'x' }), 403, 'PERMISSION_DENIED');
    await refused(agent.client.patch(`/api/customers/${buyer.nick}`, {}), 400, 'VALIDATION_FAILED');
    await refused(agent.client.patch(`/api/customers/${buyer.nick}`, { notes: 'x'.repeat(1001) }), 400, 'VALIDATION_FAILED');
    await refused(agent.client.patch('/api/customers/nobody-here', { notes: 'x' }), 404, 'CUSTOMER_NOT_FOUND');

    const audit = (await ok(shop.owner.get('/api/audit?action=customer.update'))).entries;
    expect(audit[0]).toMatchObject({ entity: 'customer', entity_id: buyer.nick,
      before: { notes: '', opt_out: false, tag_ids: [] }, after: { tag_ids: [vip.id], opt_out: true } });

    // Taking every tag off.
    expect((await ok(agent.client.patch(`/api/customers/${buyer.nick}`, { tag_ids: [] }))).customer.tags).toEqual([]);
  });

  it('lets a buyer refuse, and accept again, a shop\'s broadcasts', async () => {
    const buyer = await newBuyer(app);
    expect((await ok(buyer.client.get(`/api/buyer/shops/${shop.name}/subscription`))).opt_out).toBe(false);
    await ok(put(app, buyer.client, `/api/buyer/shops/${shop.name}/subscription`, { opt_out: true }));
    expect((await customer(agent.client, buyer.nick)).customer).toMatchObject({ opt_out: true, origin: 'buyer' });
    await ok(put(app, buyer.client, `/api/buyer/shops/${shop.name}/subscription`, { opt_out: false }));
    expect((await customer(agent.client, buyer.nick)).customer.opt_out).toBe(false);
    await refused(buyer.client.get('/api/buyer/shops/no-such-shop-here/subscription'), 404, 'SHOP_NOT_FOUND');
  });
});

describe('favourites (收藏)', () => {
  it('counts a buyer\'s favourite items of the shop once each, and forgets an unfavourited one', async () => {
    const buyer = await newBuyer(app);
    const a = await buy(shop, buyer, 1000, { pay: false });
    const b = await buy(shop, buyer, 2000, { pay: false });
    const elsewhere = await buy(other, buyer, 3000, { pay: false });
    await ok(put(app, buyer.client, `/api/buyer/favourites/${a.numIid}`));
    const again = await ok(put(app, buyer.client, `/api/buyer/favourites/${a.numIid}`));
    expect(again).toMatchObject({ favourite: true, favourites: 1 });
    await ok(put(app, buyer.client, `/api/buyer/favourites/${b.numIid}`));
    await ok(put(app, buyer.client, `/api/buyer/favourites/${elsewhere.numIid}`));
    expect((await customer(agent.client, buyer.nick)).customer.favourites_count).toBe(2);
    expect((await ok(buyer.client.get('/api/buyer/favourites'))).favourites).toHaveLength(3);

    await ok(buyer.client.request('DELETE', `/api/buyer/favourites/${a.numIid}`));
    expect((await customer(agent.client, buyer.nick)).customer.favourites_count).toBe(1);
    await refused(put(app, buyer.client, '/api/buyer/favourites/1'), 404, 'ITEM_NOT_FOUND');
    await refused(put(app, shop.owner, `/api/buyer/favourites/${a.numIid}`), 401, 'NOT_LOGGED_IN');
  });
});

describe('the customer list', () => {
  let nicks: string[];
  let tagId: number;
  let numIid: number;
  let prefix: string;
  const listShop = {} as Awaited<ReturnType<typeof newShop>>;
  beforeAll(async () => {
    // A shop of its own, so that the list holds exactly these customers.
    const s = await newShop(app);
    const buyers = await Promise.all([0, 1, 2, 3].map(() => newBuyer(app)));
    prefix = buyers[0].nick.slice(0, 5);
    const spends = [5_000, 150_000, 600_000, 2_500_000];
    for (const [i, b] of buyers.entries()) {
      app.clock.advance(3_600_000);
      const t = await buy(s, b, spends[i]);
      if (i === 2) numIid = t.numIid;
    }
    // The second buyer comes back: two purchases.
    app.clock.advance(3_600_000);
    await buy(s, buyers[1], 1_000);
    nicks = buyers.map((b) => b.nick);
    tagId = (await ok(s.owner.post('/api/customers/tags', { name: '老客' }), 201)).tag.id;
    await ok(s.owner.patch(`/api/customers/${nicks[0]}`, { tag_ids: [tagId] }));
    await ok(s.owner.patch(`/api/customers/${nicks[3]}`, { tag_ids: [tagId] }));
    Object.assign(listShop, s);
  });

  it('filters by tag, level, spend, last purchase and item bought', async () => {
    const c = listShop.owner;
    const sorted = (l: string[]) => [...l].sort();
    expect(sorted(await listNicks(c, `tag_ids=${tagId}`))).toEqual(sorted([nicks[0], nicks[3]]));
    expect(await listNicks(c, `level=${encodeURIComponent('VIP')}`)).toEqual([nicks[2]]);
    expect(await listNicks(c, `level=${encodeURIComponent('钻石')}`)).toEqual([]);
    expect(sorted(await listNicks(c, 'min_spend=150000&max_spend=600000'))).toEqual(sorted([nicks[1], nicks[2]]));
    expect(await listNicks(c, `num_iid=${numIid}`)).toEqual([nicks[2]]);
    const all = (await ok(c.get('/api/customers?sort=last_purchase_asc'))).customers;
    const cut = all[2].last_purchase_at;
    expect(await listNicks(c, `last_purchase_from=${cut}&sort=last_purchase_asc`)).toEqual(all.slice(2).map((x: { nick: string }) => x.nick));
    expect(await listNicks(c, `last_purchase_to=${cut}&sort=last_purchase_asc`)).toEqual(all.slice(0, 2).map((x: { nick: string }) => x.nick));
    expect((await listNicks(c, `nick=${prefix}`))).toContain(nicks[0]);
    expect(await listNicks(c, 'nick=%25')).toEqual([]); // a % is a character, not a wildcard
  });

  it('sorts and pages, with the total', async () => {
    const c = listShop.owner;
    const bySpend = (await ok(c.get('/api/customers?sort=spend_desc'))).customers;
    expectSorted(bySpend, (x: { total_spend: number }) => x.total_spend, 'desc');
    expect(bySpend.map((x: { level: string }) => x.level)).toEqual(['至尊VIP', 'VIP', '高级会员', '普通会员']);
    const byPurchases = (await ok(c.get('/api/customers?sort=purchases_desc'))).customers;
    expect(byPurchases[0].nick).toBe(nicks[1]);
    const page = await ok(c.get('/api/customers?sort=spend_asc&page_size=3&page_no=2'));
    expect(page).toMatchObject({ total: 4, total_capped: false, page_no: 2, page_size: 3 });
    expect(page.customers.map((x: { nick: string }) => x.nick)).toEqual([bySpend[0].nick]);
  });

  it('refuses bad filters with a 400, and accounts without trade.view', async () => {
    const c = listShop.owner;
    await refused(c.get('/api/customers?page_size=1000'), 400, 'VALIDATION_FAILED');
    await refused(c.get('/api/customers?sort=random'), 400, 'VALIDATION_FAILED');
    await refused(c.get('/api/customers?tag_ids=1,x'), 400, 'VALIDATION_FAILED');
    await refused(c.get('/api/customers?last_purchase_from=not-a-date'), 400, 'VALIDATION_FAILED');
    await refused(c.get('/api/customers?min_spend=-5'), 400, 'VALIDATION_FAILED');
    await ok(shop.owner.patch(`/api/accounts/${agent.id}`, { permissions: ['trade.memo'] }));
    await refused(agent.client.get('/api/customers'), 403, 'PERMISSION_DENIED');
    await ok(shop.owner.patch(`/api/accounts/${agent.id}`, { permissions: ['trade.view', 'trade.memo'] }));
  });

  it('repurchase rate: all time, in the range and per month', async () => {
    app.clock.advance(60_000); // the range ends now, and excludes it
    const stats = await ok(listShop.owner.get('/api/customers/stats?period=month'));
    expect(stats.all_time).toMatchObject({ customers: 4, buyers: 4, repeat_buyers: 1, repurchase_rate: 0.25, total_spend: 3_256_000 });
    expect(stats.range).toMatchObject({ buyers: 4, repeat_buyers: 1, repurchase_rate: 0.25 });
    expect(stats.periods).toHaveLength(1);
    expect(stats.periods[0]).toMatchObject({ buyers: 4, repeat_buyers: 1, repurchase_rate: 0.25, start: '2026-10-31T16:00:00.000Z' });
    await refused(listShop.owner.get('/api/customers/stats?from=2026-01-01&to=2025-01-01'), 400, 'STATS_RANGE_INVALID');
    await refused(listShop.owner.get('/api/customers/stats?from=2020-01-01&to=2026-01-01&period=day'), 400, 'STATS_RANGE_TOO_LONG');
  });
});
