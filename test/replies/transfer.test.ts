import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShop, newSubAccount, ok } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { list, refused } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const CSV = [
  'group,code,text',
  '问候,/hi,"{买家}您好，欢迎光临，有什么可以帮您？"',
  '问候,/你好,编码不合规',
  '物流,/wl,"您的订单{订单号}已发出，运单号{运单号}"',
  '物流,/hi,编码重复',
  '售后,,',
  '售后,,"收到商品有问题请拍照给我们，{客服}马上为您处理"',
].join('\n');

describe('replies.import', () => {
  it('keeps good CSV rows, reports bad ones by line, and changes nothing when the same file comes again', async () => {
    const shop = await newShop(app);
    const first = await ok(shop.owner.post('/api/replies/import', { scope: 'team', csv: CSV }));
    expect(first).toMatchObject({ imported: 3, created: 3, updated: 0, unchanged: 0, groups_created: 3 });
    expect(first.skipped.map((s: any) => [s.line, s.code])).toEqual([
      [3, 'REPLY_CODE_INVALID'], [5, 'REPLY_CODE_REPEATED'], [6, 'REPLY_TEXT_EMPTY'],
    ]);
    for (const s of first.skipped) expect(s).toMatchObject({ message: expect.any(String), message_en: expect.any(String) });

    const seen = await list(shop.owner);
    expect(seen.groups.map((g) => [g.name, g.replies.map((r) => r.code)])).toEqual([
      ['问候', ['/hi']], ['物流', ['/wl']], ['售后', [null]],
    ]);

    const again = await ok(shop.owner.post('/api/replies/import', { scope: 'team', csv: CSV }));
    expect(again).toMatchObject({ imported: 3, created: 0, updated: 0, unchanged: 3, groups_created: 0 });
    expect((await list(shop.owner)).total).toBe(3);
  });

  it('takes JSON rows, updates a known code in place, and puts rows without a group in the default one', async () => {
    const shop = await newShop(app);
    await ok(shop.owner.post('/api/replies/import', { scope: 'team', replies: [{ group: '问候', code: '/hi', text: '在的' }] }));
    const before = (await list(shop.owner)).replies[0];
    await ok(shop.owner.post(`/api/replies/${before.id}/use`, {}));
    const res = await ok(shop.owner.post('/api/replies/import', {
      scope: 'team',
      replies: [
        { group: '欢迎', code: '/hi', text: '亲，在的' },
        { code: '/ok', text: '好的亲' },
        { group: '欢迎', code: '/bad!', text: 'x' },
        { group: '欢迎', text: null },
      ],
    }));
    expect(res).toMatchObject({ imported: 2, created: 1, updated: 1, groups_created: 2 });
    expect(res.skipped.map((s: any) => [s.line, s.code])).toEqual([[3, 'REPLY_CODE_INVALID'], [4, 'REPLY_TEXT_EMPTY']]);
    const after = await list(shop.owner);
    const hi = after.replies.find((r) => r.code === '/hi')!;
    expect(hi).toMatchObject({ id: before.id, text: '亲，在的', group_name: '欢迎', used: 1 });
    expect(after.replies.find((r) => r.code === '/ok')!.group_name).toBe('常用');
  });

  it("imports an agent's own phrases; team imports need replies.manage", async () => {
    const shop = await newShop(app);
    const agent = await newSubAccount(app, shop, 'service');
    await refused(agent.client.post('/api/replies/import', { scope: 'team', csv: CSV }), 403, 'PERMISSION_DENIED');
    const res = await ok(agent.client.post('/api/replies/import', { scope: 'personal', csv: 'code,text\n/hi,小美在的\n' }));
    expect(res).toMatchObject({ imported: 1, created: 1, skipped: [] });
    expect((await list(agent.client)).replies.map((r) => [r.scope, r.group_name, r.code])).toEqual([['personal', '常用', '/hi']]);
    expect((await list(shop.owner)).total).toBe(0);
  });

  it('refuses a body that is neither rows nor CSV, broken CSV and too many rows', async () => {
    const shop = await newShop(app);
    await refused(shop.owner.post('/api/replies/import', { scope: 'team' }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/replies/import', { scope: 'team', csv: 'a', replies: [] }), 400, 'VALIDATION_FAILED');
    await refused(shop.owner.post('/api/replies/import', { csv: 'a,b,c' }), 400, 'VALIDATION_FAILED');
    const broken = await refused(shop.owner.post('/api/replies/import', { scope: 'team', csv: '问候,/hi,"没有结束的引号\n物流,/wl,x' }),
      400, 'REPLY_CSV_INVALID');
    expect(broken.message).toContain('CSV');
    const big = Array.from({ length: 2001 }, (_, i) => `组,/c${i},第${i}条`).join('\n');
    await refused(shop.owner.post('/api/replies/import', { scope: 'team', csv: big }), 400, 'REPLY_IMPORT_TOO_LARGE');
    expect((await list(shop.owner)).total).toBe(0);
    const empty = await ok(shop.owner.post('/api/replies/import', { scope: 'team', csv: '' }));
    expect(empty).toMatchObject({ imported: 0, created: 0, skipped: [] });
  });
});

describe('replies.export', () => {
  it('writes CSV and JSON that the import takes back', async () => {
    const shop = await newShop(app);
    await ok(shop.owner.post('/api/replies/import', { scope: 'team', csv: CSV }));

    const csv = await app.http.inject({ url: '/api/replies/export?format=csv', headers: { cookie: shop.owner.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('quick-replies-team.csv');
    expect(csv.body.split('\n').slice(0, 2)).toEqual(['\ufeffgroup,code,text', '问候,/hi,{买家}您好，欢迎光临，有什么可以帮您？']);

    const json = await ok(shop.owner.get('/api/replies/export?format=json'));
    expect(json).toEqual({
      scope: 'team',
      replies: [
        { group: '问候', code: '/hi', text: '{买家}您好，欢迎光临，有什么可以帮您？' },
        { group: '物流', code: '/wl', text: '您的订单{订单号}已发出，运单号{运单号}' },
        { group: '售后', code: null, text: '收到商品有问题请拍照给我们，{客服}马上为您处理' },
      ],
    });

    const copy = await newShop(app);
    expect(await ok(copy.owner.post('/api/replies/import', { scope: 'team', csv: csv.body }))).toMatchObject({ created: 3, skipped: [] });
    expect(await ok(copy.owner.post('/api/replies/import', json))).toMatchObject({ unchanged: 3 });
    expect((await ok(copy.owner.get('/api/replies/export?format=json'))).replies).toEqual(json.replies);
    await refused(copy.owner.get('/api/replies/export?format=xml'), 400, 'VALIDATION_FAILED');
  });
});
