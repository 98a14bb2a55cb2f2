import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShop } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/harness.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('the OpenAPI document', () => {
  it('names the operations after the Taobao Open Platform and uses its field names', async () => {
    const res = await app.http.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    for (const id of [
      'trades.sold.get', 'trade.fullinfo.get', 'trade.price.update', 'trade.postage.update', 'trade.shippingaddress.update',
      'trade.close', 'trade.memo.update', 'trade.receivetime.delay', 'logistics.offline.send', 'trade.confirm',
      'trade.add', 'trade.pay', 'items.onsale.get',
    ]) expect(operations).toContain(id);
    const add = doc.paths['/api/storefront/{shop}/trades'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(add.properties)).toEqual(expect.arrayContaining(['orders', 'receiver_name', 'receiver_state']));
    expect(Object.keys(add.properties.orders.items.properties)).toEqual(['num_iid', 'sku_id', 'num']);
    expect(Object.keys(doc.paths['/api/trades/{tid}/close'].post.requestBody.content['application/json'].schema.properties))
      .toEqual(['close_reason', 'oid']);
  });
});

describe('refusals', () => {
  it('answer malformed JSON, unknown routes and missing sessions with a code and both languages', async () => {
    const shop = await newShop(app);
    const malformed = await app.http.inject({
      method: 'POST', url: '/api/trades/1/memo', headers: { cookie: shop.owner.cookie, 'content-type': 'application/json' },
      payload: '{"memo": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: expect.any(String), message: expect.any(String), message_en: expect.any(String) });

    const unknown = await app.http.inject({ url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ROUTE_NOT_FOUND');

    const anonymous = await app.http.inject({ url: '/api/trades' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'NOT_LOGGED_IN', message: '请先登录', message_en: 'Please log in first' });

    const huge = await app.http.inject({
      method: 'POST', url: '/api/trades/1/memo', headers: { cookie: shop.owner.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ memo: 'x'.repeat(2 * 1024 * 1024), flag: 1 }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBeTruthy();
  });
});
