import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { importKnowledge } from '../../src/modules/knowledge/index.ts';
import { demoKnowledgeEntries } from '../../src/seed/knowledge-demo.ts';
import { Client } from '../support/client.ts';
import { newShop, newSubAccount, ok, PASSWORD } from '../support/factories.ts';
import { createTestApp, testDatabase, type TestApp } from '../support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const del = (c: Client, url: string) => c.request('DELETE', url);

async function importDemo(owner: Client) {
  const entries = demoKnowledgeEntries();
  const body = await ok(owner.post('/api/knowledge/entries/import', { entries }));
  return { entries, ids: body.ids as number[], body };
}

describe('knowledge.entries.import and knowledge.suggest', () => {
  it('imports entries and suggests the right one first, with a confidence', async () => {
    const shop = await newShop(app);
    const { entries, ids, body } = await importDemo(shop.owner);
    expect(body.imported).toBe(entries.length);
    expect(ids).toHaveLength(entries.length);
    expect(new Set(ids).size).toBe(entries.length);

    const res = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('亲，顺风快递能发吗')}&limit=3`));
    expect(res.suggestions.length).toBeGreaterThan(0);
    expect(res.suggestions.length).toBeLessThanOrEqual(3);
    const [best] = res.suggestions;
    expect(best).toMatchObject({ id: ids[entries.findIndex((e) => e.question === '可以发顺丰吗')], question: '可以发顺丰吗' });
    expect(best.answer).toContain('顺丰');
    const scores = res.suggestions.map((s: any) => s.score);
    expect(scores.every((s: number) => s >= 0 && s <= 1)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('replaces an entry imported again with the same question, keeping its id', async () => {
    const shop = await newShop(app);
    const first = await ok(shop.owner.post('/api/knowledge/entries/import', {
      entries: [{ question: '什么时候发货', similar: ['几天发货'], answer: '48小时内发货' }],
    }));
    const again = await ok(shop.owner.post('/api/knowledge/entries/import', {
      entries: [
        { question: '什么时候发货', similar: ['几天发货', '今天能发吗'], answer: '当天发货' },
        { question: '包邮吗', similar: [], answer: '满99包邮' },
        { question: '包邮吗', similar: ['免运费吗'], answer: '满88包邮' },
      ],
    }));
    expect(again.ids[0]).toBe(first.ids[0]);
    expect(again.ids[1]).toBe(again.ids[2]);
    expect(again.imported).toBe(2);
    const s = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('今天能发货吗')}&limit=1`));
    expect(s.suggestions[0]).toMatchObject({ id: first.ids[0], answer: '当天发货' });
    const free = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('免运费吗')}&limit=1`));
    expect(free.suggestions[0].answer).toBe('满88包邮');
  });

  it('refuses bad input with a code, in both languages, importing nothing', async () => {
    const shop = await newShop(app);
    const other = await newShop(app);
    const item = await ok(other.owner.post('/api/items', { title: '别家的杯子', skus: [{ properties_name: '颜色:白', price: 100, quantity: 1 }] }), 201);
    const foreign = await shop.owner.post('/api/knowledge/entries/import', {
      entries: [{ question: '杯子保温吗', similar: [], answer: '保温6小时', num_iid: item.item.num_iid }],
    });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'ITEM_NOT_FOUND' } });
    expect(foreign.body.message_en).toBeTruthy();
    const empty = await shop.owner.post('/api/knowledge/entries/import', { entries: [{ question: '在吗', answer: '' }] });
    expect(empty).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const list = await ok(shop.owner.get('/api/knowledge/entries'));
    expect(list.total).toBe(0);
    expect((await new Client(app.http).get('/api/knowledge/suggest?q=x')).status).toBe(401);
  });

  it('is written by seeds through the module contract too', async () => {
    const shop = await newShop(app);
    const ids = await importKnowledge(app.ctx, shop.shopId, demoKnowledgeEntries());
    const res = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('能开发漂吗')}&limit=1`));
    expect(res.suggestions[0]).toMatchObject({ id: ids[demoKnowledgeEntries().findIndex((e) => e.question === '可以开发票吗')] });
  });

  it('keeps shops apart', async () => {
    const a = await newShop(app);
    const b = await newShop(app);
    await importDemo(a.owner);
    const res = await ok(b.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('包邮吗')}`));
    expect(res.suggestions).toEqual([]);
    expect((await ok(b.owner.get('/api/knowledge/entries'))).total).toBe(0);
  });
});

describe('the knowledge base editor', () => {
  it('adds, finds, changes and deletes entries, each change audited and searchable at once', async () => {
    const shop = await newShop(app);
    await importDemo(shop.owner);
    const added = await ok(shop.owner.post('/api/knowledge/entries', {
      question: '可以开收据吗', similar: ['能给个收据吗', '可以开收据吗', ' '], answer: '可以开收据，下单时留言抬头',
    }), 201);
    expect(added.entry.similar).toEqual(['能给个收据吗']);
    const id = added.entry.id;
    const dup = await shop.owner.post('/api/knowledge/entries', { question: '可以开收据吗', answer: 'x' });
    expect(dup).toMatchObject({ status: 409, body: { code: 'KNOWLEDGE_QUESTION_TAKEN' } });

    const found = await ok(shop.owner.get(`/api/knowledge/entries?q=${encodeURIComponent('收据')}`));
    expect(found.entries[0].id).toBe(id);

    await ok(shop.owner.patch(`/api/knowledge/entries/${id}`, { answer: '可以开收据，确认收货后联系客服' }));
    const s = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('给开个收据不')}&limit=1`));
    expect(s.suggestions[0]).toMatchObject({ id, answer: '可以开收据，确认收货后联系客服' });

    await ok(del(shop.owner, `/api/knowledge/entries/${id}`));
    const after = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('给开个收据不')}&limit=5`));
    expect(after.suggestions.map((x: any) => x.id)).not.toContain(id);
    expect((await del(shop.owner, `/api/knowledge/entries/${id}`)).body.code).toBe('KNOWLEDGE_ENTRY_NOT_FOUND');

    const audit = await ok(shop.owner.get(`/api/audit?entity_id=${id}`));
    expect(audit.entries.map((e: any) => e.action)).toEqual(['knowledge.entry.delete', 'knowledge.entry.update', 'knowledge.entry.add']);
  });

  it('lets any account of the shop read and ask, and only catalogue managers edit', async () => {
    const shop = await newShop(app);
    await importDemo(shop.owner);
    const agent = await newSubAccount(app, shop, 'service');
    const res = await ok(agent.client.get(`/api/knowledge/suggest?q=${encodeURIComponent('能开发票吗')}`));
    expect(res.suggestions[0].question).toBe('可以开发票吗');
    expect((await ok(agent.client.get('/api/knowledge/entries?page_size=5'))).entries).toHaveLength(5);
    const refused = await agent.client.post('/api/knowledge/entries', { question: '新问题', answer: '新答案' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'PERMISSION_DENIED', details: { permission: 'catalog.manage' } } });
    const imp = await agent.client.post('/api/knowledge/entries/import', { entries: [{ question: 'a', answer: 'b' }] });
    expect(imp.status).toBe(403);
  });
});

describe('product knowledge', () => {
  it('answers from the product in view, and notices catalogue edits', async () => {
    const shop = await newShop(app);
    await importDemo(shop.owner);
    const item = (await ok(shop.owner.post('/api/items', {
      title: '加厚珊瑚绒睡衣套装', material: '珊瑚绒（100% 聚酯纤维）', care: '建议手洗，不可高温烘干',
      skus: [{ properties_name: '尺码:M', price: 12900, quantity: 5 }],
    }), 201)).item;
    const q = (text: string) => `/api/knowledge/suggest?q=${encodeURIComponent(text)}&num_iid=${item.num_iid}`;
    const res = await ok(shop.owner.get(q('这个是什么材质的')));
    expect(res.suggestions[0]).toMatchObject({ id: `${item.num_iid}:material`, source: 'product', num_iid: item.num_iid });
    expect(res.suggestions[0].answer).toContain('珊瑚绒（100% 聚酯纤维）');
    const named = await ok(shop.owner.get(`/api/knowledge/suggest?q=${encodeURIComponent('珊瑚绒睡衣能机洗吗')}`));
    expect(named.suggestions[0].answer).toContain('建议手洗');

    await ok(shop.owner.patch(`/api/items/${item.num_iid}`, { material: '法兰绒' }));
    app.clock.advance(11_000);
    const changed = await ok(shop.owner.get(q('这个是什么材质的')));
    expect(changed.suggestions[0].answer).toContain('法兰绒');
  });
});

describe('auto-reply settings', () => {
  it('are off by default, changed by a settings manager, and checked', async () => {
    const shop = await newShop(app);
    const got = await ok(shop.owner.get('/api/knowledge/settings'));
    expect(got.settings).toMatchObject({ enabled: false, when_nobody_online: true, prefix: '【自动回复】' });
    expect(got.llm).toBeNull();
    const set = await ok(shop.owner.patch('/api/knowledge/settings', { enabled: true, threshold: 0.8 }));
    expect(set.settings).toMatchObject({ enabled: true, threshold: 0.8, offline_threshold: 0.7 });
    const bad = await shop.owner.patch('/api/knowledge/settings', { offline_threshold: 0.95 });
    expect(bad).toMatchObject({ status: 400, body: { code: 'AUTO_REPLY_THRESHOLDS' } });
    const agent = await newSubAccount(app, shop, 'service');
    expect((await agent.client.patch('/api/knowledge/settings', { enabled: false })).status).toBe(403);
    expect((await ok(agent.client.get('/api/knowledge/settings'))).settings.enabled).toBe(true);
  });

  it('has no language model unless one is configured', async () => {
    const shop = await newShop(app);
    const res = await shop.owner.post('/api/knowledge/draft', { q: '包邮吗' });
    expect(res).toMatchObject({ status: 501, body: { code: 'LLM_NOT_CONFIGURED' } });
  });
});

describe('several nodes', () => {
  it("hears another node's changes through the bus", async () => {
    const bus = new MemoryBus();
    const database = await testDatabase();
    const config = loadConfig({ logLevel: 'silent', signupsPerMinute: 100_000 }, {});
    const [a, b] = await Promise.all([0, 1].map(() => createApp({ config, database, bus, clock: new ManualClock() })));
    try {
      const shop = await newShop({ ...a, clock: new ManualClock() });
      const onB = new Client(b.http);
      await ok(onB.post('/api/auth/login', { account: shop.name, password: PASSWORD }));
      await importDemo(shop.owner);
      const url = `/api/knowledge/suggest?q=${encodeURIComponent('可以开收据吗')}&limit=1`;
      expect((await ok(onB.get(url))).suggestions[0]?.question).not.toBe('可以开收据吗'); // b's index is built now
      const added = await ok(shop.owner.post('/api/knowledge/entries', { question: '可以开收据吗', answer: '可以' }), 201);
      expect((await ok(onB.get(url))).suggestions[0]).toMatchObject({ id: added.entry.id, answer: '可以' });
      await ok(del(shop.owner, `/api/knowledge/entries/${added.entry.id}`));
      expect((await ok(onB.get(url))).suggestions[0]?.id).not.toBe(added.entry.id);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the OpenAPI document', () => {
  it('names the knowledge operations', async () => {
    const doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/knowledge/entries/import'].post.operationId).toBe('knowledge.entries.import');
    expect(doc.paths['/api/knowledge/suggest'].get.operationId).toBe('knowledge.suggest');
  });
});
