import { expect } from 'vitest';
import { Client } from './client.ts';
import { uniqueName, type TestApp } from './harness.ts';

export const PASSWORD = 'secret-pass-1';

export const RECEIVER = {
  receiver_name: '王小明',
  receiver_mobile: '13800138000',
  receiver_state: '浙江省',
  receiver_city: '杭州市',
  receiver_district: '西湖区',
  receiver_address: '文三路 100 号',
};

async function ok(promise: Promise<{ status: number; body: any }>, status = 200) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** A new shop signed up through the API; its owner's client is logged in. */
export async function newShop(app: TestApp, type: 'C' | 'B' = 'C') {
  const owner = new Client(app.http);
  const name = uniqueName('shop');
  const body = await ok(owner.post('/api/shops', { name, type, password: PASSWORD }), 201);
  return { owner, name, shopId: body.shop.id as number };
}

export async function newSubAccount(
  app: TestApp, shop: { owner: Client; name: string }, role: string,
  extra: { permissions?: string[]; max_discount_pct?: number } = {},
) {
  const sub = uniqueName('a');
  const body = await ok(shop.owner.post('/api/accounts', { name: sub, role, password: PASSWORD, ...extra }), 201);
  const client = new Client(app.http);
  await ok(client.post('/api/auth/login', { account: `${shop.name}:${sub}`, password: PASSWORD }));
  return { client, id: body.account.id as number, login: body.account.login as string };
}

export async function newBuyer(app: TestApp) {
  const client = new Client(app.http);
  const nick = uniqueName('buyer');
  const body = await ok(client.post('/api/buyer/signup', { nick, password: PASSWORD }), 201);
  return { client, nick, id: body.buyer.id as number };
}

/** An item with two SKUs: 红色 at 100.00 and 蓝色 at 50.00 yuan, 10 of each, 500 g. */
export async function newItem(shop: { owner: Client }, stock = 10) {
  const body = await ok(shop.owner.post('/api/items', {
    title: '纯棉T恤',
    weight_g: 500,
    material: '100% 棉',
    skus: [
      { properties_name: '颜色:红色', price: 10000, quantity: stock },
      { properties_name: '颜色:蓝色', price: 5000, quantity: stock },
    ],
  }), 201);
  return body.item as { num_iid: number; skus: { sku_id: number; price: number; quantity: number }[] };
}

/** A buyer places a trade of one red (2 pieces) and one blue shirt: 250.00 yuan of items. */
export async function placeTrade(shop: { name: string }, buyer: { client: Client }, item: Awaited<ReturnType<typeof newItem>>) {
  const body = await ok(buyer.client.post(`/api/storefront/${shop.name}/trades`, {
    orders: [
      { num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 2 },
      { num_iid: item.num_iid, sku_id: item.skus[1].sku_id, num: 1 },
    ],
    ...RECEIVER,
  }), 201);
  return body.tid as number;
}

export { ok };
