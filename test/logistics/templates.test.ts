import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newItem, ok, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused, world, type World } from '../trades/helpers.ts';

let app: TestApp;
let w: World;
beforeAll(async () => {
  app = await createTestApp();
  w = await world(app);
});
afterAll(() => app.close());

const TEMPLATE = {
  name: '快递', method: 'EXPRESS', is_default: true, first_weight_g: 1000, first_fee: 1000, additional_weight_g: 500,
  additional_fee: 500, free_threshold: 29900, region_fees: [{ states: ['新疆', '西藏'], first_fee: 2000, additional_fee: 1000 }],
};
const templatesOf = async (client = w.shop.owner) => (await ok(client.get('/api/logistics/templates'))).templates;

describe('methods and couriers', () => {
  it('lists the ways of sending and which couriers carry each', async () => {
    const { methods } = await ok(w.shop.owner.get('/api/logistics/methods'));
    expect(methods.map((m: any) => m.name)).toEqual(['平邮', '快递', 'EMS', '货运', '国际邮包']);
    expect(methods.find((m: any) => m.code === 'SURFACE').companies).toEqual(['POSTB']);
    const { companies } = await ok(w.shop.owner.get('/api/logistics/companies'));
    expect(companies.find((c: any) => c.code === 'SF')).toEqual({ code: 'SF', name: '顺丰速运', methods: ['EXPRESS', 'INTERNATIONAL'] });
  });
});

describe('shipping templates (delivery.template.*)', () => {
  it('adds, changes and deletes templates with their method; one default per shop; each change audited', async () => {
    const shop = w.mall;
    const a = (await ok(shop.owner.post('/api/logistics/templates', TEMPLATE), 201)).template;
    const b = (await ok(shop.owner.post('/api/logistics/templates', { ...TEMPLATE, name: 'EMS', method: 'EMS', first_fee: 2000 }), 201)).template;
    expect((await templatesOf(shop.owner)).map((t: any) => [t.name, t.method, t.is_default])).toEqual([['EMS', 'EMS', true], ['快递', 'EXPRESS', false]]);
    const changed = (await ok(shop.owner.post(`/api/logistics/templates/${a.id}`, { ...TEMPLATE, name: '快递（新）', first_fee: 1200 }))).template;
    expect(changed).toMatchObject({ id: a.id, name: '快递（新）', first_fee: 1200, is_default: true });
    expect((await templatesOf(shop.owner)).filter((t: any) => t.is_default).map((t: any) => t.id)).toEqual([a.id]);
    expect(await ok(shop.owner.request('DELETE', `/api/logistics/templates/${b.id}`))).toEqual({ deleted: b.id });
    expect((await templatesOf(shop.owner)).map((t: any) => t.id)).toEqual([a.id]);
    const audit = await app.ctx.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('shop_id', '=', shop.shopId)
      .where('entity', '=', 'shipping_template').orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual(['delivery.template.add', 'delivery.template.add', 'delivery.template.update', 'delivery.template.delete']);
  });

  it('refuses a province in two regions, an unknown method, another shop\'s template and a sub-account without the setting permission', async () => {
    const a = (await ok(w.shop.owner.post('/api/logistics/templates', TEMPLATE), 201)).template;
    const before = await templatesOf();
    await refused(w.shop.owner.post('/api/logistics/templates', { ...TEMPLATE, region_fees: [
      { states: ['新疆'], first_fee: 1, additional_fee: 1 }, { states: ['新疆维吾尔自治区'], first_fee: 2, additional_fee: 2 }] }), 400, 'REGION_REPEATED');
    await refused(w.shop.owner.post(`/api/logistics/templates/${a.id}`, { ...TEMPLATE, method: 'PIGEON' }), 400, 'VALIDATION_FAILED');
    await refused(w.mall.owner.post(`/api/logistics/templates/${a.id}`, TEMPLATE), 404, 'TEMPLATE_NOT_FOUND');
    await refused(w.mall.owner.request('DELETE', `/api/logistics/templates/${a.id}`), 404, 'TEMPLATE_NOT_FOUND');
    await refused(w.agent.client.post(`/api/logistics/templates/${a.id}`, { ...TEMPLATE, first_fee: 0 }), 403, 'PERMISSION_DENIED');
    await refused(w.warehouse.client.request('DELETE', `/api/logistics/templates/${a.id}`), 403, 'PERMISSION_DENIED');
    expect(await templatesOf()).toEqual(before);
  });

  it('keeps one default when two are saved at once', async () => {
    const shop = w.shop;
    await Promise.all([1, 2, 3].map((i) => ok(shop.owner.post('/api/logistics/templates', { ...TEMPLATE, name: `并发${i}` }), 201)));
    expect((await templatesOf()).filter((t: any) => t.is_default)).toHaveLength(1);
  });

  it('prices new trades and the calculator by the default template as it now stands; placed trades keep their postage', async () => {
    const shop = w.shop;
    const t = (await ok(shop.owner.post('/api/logistics/templates', { ...TEMPLATE, name: '默认' }), 201)).template;
    const item = await newItem(shop, 50);
    // 3 red shirts: 1.5 kg, 300.00 yuan of items (free from 299.00); 1 blue: 0.5 kg, 50.00.
    const one = { orders: [{ num_iid: item.num_iid, sku_id: item.skus[1].sku_id, num: 1 }] };
    const quote = async (state = '浙江省') => (await ok(shop.owner.post('/api/tools/calculator', { ...one, receiver_state: state }))).post_fee;
    const place = async () => (await ok(w.buyer.client.post(`/api/storefront/${shop.name}/trades`, { ...one, ...RECEIVER }), 201));
    expect(await quote()).toBe(1000);
    const first = await place();
    expect(first.post_fee).toBe(1000);
    await ok(shop.owner.post(`/api/logistics/templates/${t.id}`, { ...TEMPLATE, name: '默认', first_fee: 800 }));
    expect(await quote()).toBe(800);
    expect(await quote('西藏自治区')).toBe(2000);
    expect((await place()).post_fee).toBe(800);
    expect((await ok(shop.owner.get(`/api/trades/${first.tid}`))).trade.post_fee).toBe(1000);

    const postage = await ok(shop.owner.post('/api/logistics/postage', { weight_g: 1600, items_total: 5000, receiver_state: '浙江省' }));
    expect(postage.quotes.find((q: any) => q.template_id === t.id)).toMatchObject({ method: 'EXPRESS', method_name: '快递', is_default: true, post_fee: 800 + 2 * 500 });
    const free = await ok(shop.owner.post('/api/logistics/postage', { weight_g: 1600, items_total: 30000, receiver_state: '浙江省' }));
    expect(free.quotes.find((q: any) => q.template_id === t.id).post_fee).toBe(0);
  });

  it('prices without postage once the shop has no template left', async () => {
    const shop = w.mall;
    for (const t of await templatesOf(shop.owner)) await ok(shop.owner.request('DELETE', `/api/logistics/templates/${t.id}`));
    const item = await newItem(shop, 5);
    const quote = await ok(shop.owner.post('/api/tools/calculator', {
      orders: [{ num_iid: item.num_iid, sku_id: item.skus[0].sku_id, num: 1 }], receiver_state: '浙江省' }));
    expect(quote.post_fee).toBe(0);
  });
});
