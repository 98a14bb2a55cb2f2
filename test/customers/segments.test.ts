import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBuyer, newShop, newSubAccount, ok, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { pay, refused } from '../trades/helpers.ts';
import { put } from './helpers.ts';

let app: TestApp;
let shop: Awaited<ReturnType<typeof newShop>>;
let supervisor: Awaited<ReturnType<typeof newSubAccount>>;
let agent: Awaited<ReturnType<typeof newSubAccount>>;
let nicks: string[];
let tags: { vip: number; new: number };
let item: number;

/** Four customers: spends 500.00, 1500.00, 6000.00 and nothing (chat only); the first two carry tags. */
beforeAll(async () => {
  app = await createTestApp();
  shop = await newShop(app);
  supervisor = await newSubAccount(app, shop, 'supervisor');
  agent = await newSubAccount(app, shop, 'service');
  const buyers = await Promise.all([0, 1, 2, 3].map(() => newBuyer(app)));
  nicks = buyers.map((b) => b.nick);
  for (const [i, price] of [50_000, 150_000, 600_000].entries()) {
    const it = (await ok(shop.owner.post('/api/items', { title: `款式${i}`, skus: [{ properties_name: '颜色:白色', price, quantity: 5 }] }), 201)).item;
    if (i === 1) item = it.num_iid;
    const { tid } = await ok(buyers[i].client.post(`/api/storefront/${shop.name}/trades`, {
      orders: [{ num_iid: it.num_iid, sku_id: it.skus[0].sku_id, num: 1 }], ...RECEIVER,
    }), 201);
    await pay(buyers[i], tid);
  }
  await ok(buyers[3].client.get(`/api/buyer/chat/${shop.name}`));
  tags = {
    vip: (await ok(shop.owner.post('/api/customers/tags', { name: '重点客户', color: 'red' }), 201)).tag.id,
    new: (await ok(shop.owner.post('/api/customers/tags', { name: '新客' }), 201)).tag.id,
  };
  await ok(shop.owner.patch(`/api/customers/${nicks[0]}`, { tag_ids: [tags.vip, tags.new] }));
  await ok(shop.owner.patch(`/api/customers/${nicks[1]}`, { tag_ids: [tags.vip], opt_out: true }));
});
afterAll(() => app.close());

const previewOf = async (rule: object) => (await ok(supervisor.client.post('/api/customers/segments/preview', { rule }))).preview;
const sampleNicks = (p: { sample: { nick: string }[] }) => p.sample.map((c) => c.nick).sort();

describe('tags', () => {
  it('lists the shop\'s tags with how many customers carry each, and manages them with the setting permission', async () => {
    const list = (await ok(agent.client.get('/api/customers/tags'))).tags;
    expect(list.map((t: { name: string; customers: number }) => [t.name, t.customers])).toEqual([['新客', 1], ['重点客户', 2]]);
    await refused(shop.owner.post('/api/customers/tags', { name: '新客' }), 409, 'TAG_NAME_TAKEN');
    await refused(shop.owner.post('/api/customers/tags', { name: '' }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/customers/tags', { name: 'x', color: 'url(javascript:1)' }), 400, 'VALIDATION_FAILED');
    await refused(agent.client.post('/api/customers/tags', { name: '客服加的' }), 403, 'PERMISSION_DENIED');

    const temp = (await ok(shop.owner.post('/api/customers/tags', { name: '临时' }), 201)).tag;
    const renamed = (await ok(shop.owner.patch(`/api/customers/tags/${temp.id}`, { name: '临时2', color: '#ff8800' }))).tag;
    expect(renamed).toEqual({ id: temp.id, name: '临时2', color: '#ff8800' });
    await refused(shop.owner.patch(`/api/customers/tags/${temp.id}`, { name: '新客' }), 409, 'TAG_NAME_TAKEN');
    await ok(shop.owner.request('DELETE', `/api/customers/tags/${temp.id}`));
    await refused(shop.owner.request('DELETE', `/api/customers/tags/${temp.id}`), 404, 'TAG_NOT_FOUND');
  });
});

describe('membership levels', () => {
  it('has the default levels with their customers, and takes the shop\'s own thresholds', async () => {
    const { levels } = await ok(agent.client.get('/api/customers/levels'));
    expect(levels).toEqual([
      { name: '普通会员', min_spend: 0, customers: 2 },
      { name: '高级会员', min_spend: 100_000, customers: 1 },
      { name: 'VIP', min_spend: 500_000, customers: 1 },
      { name: '至尊VIP', min_spend: 2_000_000, customers: 0 },
    ]);
    const changed = await ok(put(app, shop.owner, '/api/customers/levels', {
      levels: [{ name: '普通会员', min_spend: 0 }, { name: '银卡', min_spend: 40_000 }, { name: '金卡', min_spend: 600_000 }],
    }));
    expect(changed.levels.map((l: { customers: number }) => l.customers)).toEqual([1, 2, 1]);
    const c = (await ok(agent.client.get(`/api/customers/${nicks[2]}`))).customer;
    expect(c.level_detail).toMatchObject({ name: '金卡', next: null, to_next: null });

    await refused(put(app, shop.owner, '/api/customers/levels', { levels: [{ name: 'A', min_spend: 5 }, { name: 'B', min_spend: 5 }] }),
      400, 'CUSTOMER_LEVELS_INVALID');
    await refused(put(app, shop.owner, '/api/customers/levels', { levels: [] }), 400, 'VALIDATION_FAILED');
    await refused(put(app, shop.owner, '/api/customers/levels', { levels: [{ name: 'A', min_spend: 1.5 }] }), 400, 'VALIDATION_FAILED');
    await refused(put(app, supervisor.client, '/api/customers/levels', { levels: [{ name: 'A', min_spend: 0 }] }), 403, 'PERMISSION_DENIED');
    const audit = (await ok(shop.owner.get('/api/audit?action=customer.levels.update'))).entries;
    expect(audit[0].after).toHaveLength(3);
    // Back to the defaults for the tests below.
    await ok(put(app, shop.owner, '/api/customers/levels', { levels: [
      { name: '普通会员', min_spend: 0 }, { name: '高级会员', min_spend: 100_000 }, { name: 'VIP', min_spend: 500_000 },
      { name: '至尊VIP', min_spend: 2_000_000 }] }));
  });
});

describe('segments', () => {
  it('previews a rule: who it reaches, and how many of them refuse broadcasts', async () => {
    const vip = await previewOf({ tag_ids: [tags.vip] });
    expect(vip).toMatchObject({ count: 2, opted_out: 1 });
    expect(sampleNicks(vip)).toEqual([nicks[0], nicks[1]].sort());
    expect((await previewOf({ tag_ids: [tags.vip, tags.new], tag_match: 'all' })).count).toBe(1);
    expect(sampleNicks(await previewOf({ levels: ['高级会员', 'VIP'] }))).toEqual([nicks[1], nicks[2]].sort());
    expect(sampleNicks(await previewOf({ bought_num_iids: [item] }))).toEqual([nicks[1]]);
    expect((await previewOf({ min_spend: 100_000 })).count).toBe(2);
    expect((await previewOf({ last_purchase_within_days: 30 })).count).toBe(3);
    expect((await previewOf({ last_purchase_before_days: 30 })).count).toBe(0);
  });

  it('saves, changes and deletes a segment, with audit, for accounts that may broadcast', async () => {
    const created = await ok(supervisor.client.post('/api/customers/segments', { name: '重点客户群', rule: { tag_ids: [tags.vip] } }), 201);
    expect(created.segment).toMatchObject({ name: '重点客户群', rule: { tag_ids: [tags.vip] } });
    expect(created.preview.count).toBe(2);
    const id = created.segment.id;
    expect((await ok(agent.client.get('/api/customers/segments'))).segments.map((s: { id: number }) => s.id)).toContain(id);
    expect((await ok(agent.client.get(`/api/customers/segments/${id}`))).preview.count).toBe(2);

    const changed = await ok(supervisor.client.patch(`/api/customers/segments/${id}`, { rule: { tag_ids: [tags.vip], min_spend: 100_000 } }));
    expect(changed.preview.count).toBe(1);

    await refused(shop.owner.request('DELETE', `/api/customers/tags/${tags.vip}`), 409, 'TAG_IN_USE');
    await refused(agent.client.post('/api/customers/segments', { name: 'x', rule: { min_spend: 1 } }), 403, 'PERMISSION_DENIED');
    await refused(supervisor.client.post('/api/customers/segments', { name: '重点客户群', rule: { min_spend: 1 } }), 409, 'SEGMENT_NAME_TAKEN');
    await refused(supervisor.client.post('/api/customers/segments', { name: '空', rule: {} }), 400, 'SEGMENT_RULE_EMPTY');
    await refused(supervisor.client.post('/api/customers/segments', { name: '错', rule: { levels: ['钻石'] } }), 400, 'LEVEL_NOT_FOUND');
    await refused(supervisor.client.post('/api/customers/segments', { name: '错', rule: { tag_ids: [999_999_999] } }), 404, 'TAG_NOT_FOUND');
    await refused(supervisor.client.post('/api/customers/segments', { name: '错', rule: { colour: 'red' } }), 400, 'VALIDATION_FAILED');
    await refused(supervisor.client.post('/api/customers/segments', { name: '错', rule: { min_spend: 9, max_spend: 1 } }), 400, 'SEGMENT_RULE_INVALID');

    await ok(supervisor.client.request('DELETE', `/api/customers/segments/${id}`));
    await refused(agent.client.get(`/api/customers/segments/${id}`), 404, 'SEGMENT_NOT_FOUND');
    const actions = (await ok(shop.owner.get('/api/audit?limit=200'))).entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['customer.segment.add', 'customer.segment.update', 'customer.segment.delete']));
  });

  it('keeps segments to their shop', async () => {
    const other = await newShop(app);
    const { segment } = await ok(supervisor.client.post('/api/customers/segments', { name: '本店的', rule: { min_spend: 1 } }), 201);
    await refused(other.owner.get(`/api/customers/segments/${segment.id}`), 404, 'SEGMENT_NOT_FOUND');
    await refused(other.owner.patch(`/api/customers/segments/${segment.id}`, { name: '抢走' }), 404, 'SEGMENT_NOT_FOUND');
    await refused(other.owner.request('DELETE', `/api/customers/segments/${segment.id}`), 404, 'SEGMENT_NOT_FOUND');
    await refused(other.owner.post('/api/customers/segments/preview', { rule: { tag_ids: [tags.vip] } }), 404, 'TAG_NOT_FOUND');
  });
});
