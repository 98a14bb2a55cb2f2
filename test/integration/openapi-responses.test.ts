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
