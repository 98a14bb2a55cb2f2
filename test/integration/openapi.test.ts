import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';

let app: TestApp;
let doc: any;
beforeAll(async () => {
  app = await createTestApp();
  doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => app.close());

const operations = () => Object.entries(doc.paths as Record<string, Record<string, any>>)
  .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op, id: op.operationId as string })));

describe('the OpenAPI document', () => {
  it('names every operation once', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((id) => typeof id !== 'string' || !id)).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('gives every operation its error answers, with the shared error body and their codes', () => {
    expect(doc.components.schemas.Error.required).toEqual(['code', 'message', 'message_en']);
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.responses['400'], where).toBeDefined();
      for (const [status, r] of Object.entries(op.responses as Record<string, any>)) {
        if (/^[45]/.test(status)) {
          expect(r.content['application/json'].schema.$ref, where).toBe('#/components/schemas/Error');
          expect(r['x-error-codes'].length, where).toBeGreaterThan(0);
        } else {
          // JSON for most; an image or a CSV file for the few that answer a file.
          expect(Object.values(r.content ?? {}).some((c: any) => c.schema), `${where} ${status}`).toBe(true);
        }
      }
      if (path.includes('{')) expect(op.responses['404'], where).toBeDefined();
      if (path.startsWith('/api/trades')) {
        expect(op.responses['401'], where).toBeDefined();
        expect(op.responses['403'], where).toBeDefined();
      }
    }
    expect(doc.paths['/api/auth/login'].post.responses['429']).toBeDefined();
    expect(doc.paths['/api/conversations/{id}/uploads'].post.responses['429']).toBeDefined();
  });

  it('describes the request of every operation that takes one, and how it is authenticated', () => {
    for (const { path, method, op } of operations()) {
      const params = (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
      expect(declared.sort(), `${method} ${path}`).toEqual(params.sort());
    }
    const memo = doc.paths['/api/trades/{tid}/memo'].post;
    expect(Object.keys(memo.requestBody.content['application/json'].schema.properties)).toEqual(['memo', 'flag']);
    expect(memo['x-scope']).toBe('trades:write');
    expect(memo.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(doc.paths['/api/trades'].get['x-scope']).toBe('trades:read');
    expect(doc.paths['/api/buyer/trades'].get.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toBeUndefined();
    expect(doc.paths['/api/integration/tokens'].post['x-scope']).toBeNull();
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('declares the answers of the integration operations in full', () => {
    const add = doc.paths['/api/integration/tokens'].post;
    expect(Object.keys(add.responses['201'].content['application/json'].schema.properties)).toEqual(['token', 'secret']);
    const log = doc.paths['/api/integration/webhooks/{id}/deliveries'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(log.properties.deliveries.items.properties)).toEqual(expect.arrayContaining(['status', 'attempts', 'last_status_code']));
  });
});

describe('the API page', () => {
  it('is served at /api/docs, self-contained, over the OpenAPI document', async () => {
    const res = await app.http.inject({ url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.body).toContain("fetch('/api/openapi.json')");
    expect(res.body).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });
});

/**
 * The operations whose success is not a JSON object, each with the media types it documents instead: an image as
 * stored, and the CSV exports (the quick replies' export answers JSON too, with `format=json`).
 */
const NOT_JSON: Record<string, string[]> = {
  'chat.upload.get': ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  'stats.agents.export': ['text/csv'],
  'replies.export': ['application/json', 'text/csv'],
};

/** What the document says when a route declares no answer of its own: an object of anything. */
const isPlaceholder = (schema: any) =>
  schema?.type === 'object' && schema.additionalProperties === true && !schema.properties;

describe('the OpenAPI document: success answers', () => {
  it('documents one 2xx answer with its schema for every operation', () => {
    const missing: string[] = [];
    for (const { path, method, op, id } of operations()) {
      const where = `${method.toUpperCase()} ${path} (${id})`;
      const success = Object.entries(op.responses as Record<string, any>).filter(([status]) => /^2/.test(status));
      if (success.length !== 1) {
        missing.push(`${where}: ${success.length} success answers`);
        continue;
      }
      const [status, answer] = success[0];
      const content = (answer.content ?? {}) as Record<string, { schema?: any }>;
      const types = Object.keys(content);
      const expected = NOT_JSON[id] ?? ['application/json'];
      if (types.sort().join() !== [...expected].sort().join()) missing.push(`${where} ${status}: media types ${types.join(', ')}`);
      for (const [type, { schema }] of Object.entries(content)) {
        if (!schema || isPlaceholder(schema)) missing.push(`${where} ${status} ${type}: no schema of its own`);
        else if (type === 'application/json' && !(schema.type === 'object' && schema.properties)) {
          missing.push(`${where} ${status}: the JSON answer is not an object with its fields`);
        }
      }
      if (answer.description === 'Default Response') missing.push(`${where} ${status}: no description`);
    }
    expect(operations().length).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('names the fields of the answers, with their types, dates as date-time strings', () => {
    const json = (path: string, method: string, status = '200') =>
      doc.paths[path][method].responses[status].content['application/json'].schema;

    const trade = json('/api/trades/{tid}', 'get').properties.trade;
    expect(trade.properties).toMatchObject({
      tid: { type: 'integer' }, payment: { type: 'integer' }, created: { type: 'string', format: 'date-time' },
      pay_time: { type: 'string', format: 'date-time', nullable: true },
    });
    expect(Object.keys(trade.properties)).toEqual(expect.arrayContaining(['orders', 'allowed_actions', 'escrow', 'timeout_action_time']));

    const refund = json('/api/buyer/trades/{tid}/refunds', 'post', '201').properties.refund;
    expect(Object.keys(refund.properties)).toEqual(expect.arrayContaining(['refund_id', 'status', 'refund_fee', 'allowed_actions']));

    const messages = json('/api/conversations/{id}/messages', 'get');
    expect(Object.keys(messages.properties)).toEqual(['messages', 'has_more']);
    expect(json('/api/auth/logout', 'post').properties.ok).toMatchObject({ enum: [true] });
  });
});
