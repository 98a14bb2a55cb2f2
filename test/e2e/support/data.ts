import type { FastifyInstance } from 'fastify';
import { Client } from '../../support/client.ts';
import { uniqueName } from '../../support/harness.ts';

export { PASSWORD, RECEIVER } from '../../support/factories.ts';
import { PASSWORD, RECEIVER } from '../../support/factories.ts';

async function must(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface Item {
  num_iid: number;
  skus: { sku_id: number; price: number; properties_name: string }[];
}

/** A C-shop with an item carrying its product knowledge, and the team the browser tests log in as. */
export async function seedShop(http: FastifyInstance) {
  const owner = new Client(http);
  const name = uniqueName('e2e');
  await must(owner.post('/api/shops', { name, title: '小二童装旗舰店', type: 'C', password: PASSWORD }), 201);
  const item: Item = (await must(owner.post('/api/items', {
    title: '儿童纯棉短袖T恤',
    weight_g: 200,
    material: '100% 新疆长绒棉',
    size_chart: '110 码：身高 100–110 cm\n120 码：身高 110–120 cm',
    usage: '日常穿着，可与短裤、半身裙搭配',
    care: '30℃ 以下手洗，不可漂白，反面晾干',
    suitable_for: '3–8 岁儿童',
    not_suitable_for: '3 岁以下婴幼儿（领口有小纽扣）',
    skus: [
      { properties_name: '颜色:红色;尺码:110', price: 10000, quantity: 20 },
      { properties_name: '颜色:蓝色;尺码:120', price: 5000, quantity: 20 },
    ],
  }), 201)).item;
  const team = {
    service: `${name}:小美`,
    warehouse: `${name}:阿强`,
    // A customer-service sub-account whose supervisor did not give it the price permission.
    junior: `${name}:小新`,
  };
  await must(owner.post('/api/accounts', { name: '小美', role: 'service', password: PASSWORD }), 201);
  await must(owner.post('/api/accounts', { name: '阿强', role: 'warehouse', password: PASSWORD }), 201);
  await must(owner.post('/api/accounts', {
    name: '小新', role: 'service', password: PASSWORD,
    permissions: ['trade.view', 'trade.close', 'trade.address', 'trade.memo', 'trade.delay_receive'],
  }), 201);
  return { owner, name, item, team };
}

/** Another buyer's trade through the API, paid when asked: the queue and the lists are not empty in the pictures. */
export async function apiTrade(http: FastifyInstance, shop: string, item: Item, opts: { pay: boolean; sku?: number; num?: number }) {
  const buyer = new Client(http);
  await must(buyer.post('/api/buyer/signup', { nick: uniqueName('买家'), password: PASSWORD }), 201);
  const sku = item.skus[opts.sku ?? 1];
  const placed = await must(buyer.post(`/api/storefront/${shop}/trades`, {
    orders: [{ num_iid: item.num_iid, sku_id: sku.sku_id, num: opts.num ?? 1 }],
    ...RECEIVER,
    receiver_name: '李华',
    receiver_address: '滨江区江南大道 588 号',
  }), 201);
  if (opts.pay) await must(buyer.post(`/api/buyer/trades/${placed.tid}/pay`, { payment: placed.payment }));
  return placed.tid as number;
}
