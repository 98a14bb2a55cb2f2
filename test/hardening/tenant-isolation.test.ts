import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/modules/integration/index.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { newToken } from '../integration/helpers.ts';
import {
  example, isAccountOperation, isBuyerOperation, loadOperations, send, shopChecksum, shopTables, VOLATILE_TABLES, type Operation,
} from './support.ts';

/**
 * Shop B (its owner's session, and an API token with every scope) tries every operation on shop A's ids: every
 * write is refused, no read shows anything of A's (most answer 404; a report scoped to B's shop may answer with B's
 * own, empty, figures), and A's data is exactly as before. Another buyer tries every buyer operation on A's buyer's
 * trade.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** Which table an `{id}` of a path names; other paths are tried with every id shop A owns. */
const ID_TABLES: [RegExp, string][] = [
  [/^\/api\/customers\/tags\//, 'customer_tags'], [/^\/api\/customers\/segments\//, 'customer_segments'],
  [/^\/api\/customers\/imports\//, 'customer_imports'], [/^\/api\/knowledge\/entries\//, 'knowledge_entries'],
  [/^\/api\/replies\/groups\//, 'reply_groups'], [/^\/api\/replies\//, 'quick_replies'],
  [/^\/api\/routing\/agents\//, 'accounts'], [/^\/api\/accounts\//, 'accounts'],
  [/^\/api\/routing\/suspend-requests\//, 'suspend_requests'], [/^\/api\/routing\/groups\//, 'service_groups'],
  [/^\/api\/conversations\//, 'conversations'], [/^\/api\/broadcasts\//, 'broadcasts'],
  [/^\/api\/integration\/webhooks\//, 'webhooks'], [/^\/api\/integration\/tokens\//, 'api_tokens'],
  [/^\/api\/logistics\/templates\//, 'shipping_templates'],
];

/** Bodies that pass validation, so the refusal comes from the shop check and not from the schema. */
function bodyFor(o: Operation, a: { oid: number }) {
  const known: Record<string, unknown> = {
    'trade.memo.update': { memo: 'B was here', flag: 0 },
    'trade.close': { close_reason: '缺货' },
    'trade.price.update': { oid: a.oid, price: 1 },
    'trade.postage.update': { post_fee: 0 },
    'trade.shippingaddress.update': RECEIVER,
    'trade.bought.address.update': RECEIVER,
    'logistics.offline.send': { company_code: 'SF', out_sid: 'SF12345678' },
    'trade.receivetime.delay': { days: 3 },
    'crm.customer.update': { notes: 'B was here' },
    'trade.pay': {},
  };
  return known[o.id] ?? example(o.body);
}

async function idsOf(shopId: number, tables: string[]) {
  const ids = new Set<number>();
  for (const table of tables) {
    const hasId = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns
      where table_name = ${table} and column_name = 'id' and table_schema = current_schema()`.execute(app.ctx.database.db);
    if (!hasId.rows[0].n) continue;
    const r = await sql<{ id: number }>`select id from ${sql.table(table)} where shop_id = ${shopId}`.execute(app.ctx.database.db);
    for (const row of r.rows) if (typeof row.id === 'number') ids.add(row.id);
  }
  return ids;
}

describe('tenant isolation', () => {
  it("refuses every operation of shop B on shop A's ids, with B's session and with B's token", async () => {
    const marker = `ALPHA${randomBytes(4).toString('hex')}`;
    const a = await newShop(app);
    const item = await ok(a.owner.post('/api/items', { title: `${marker} 衬衫`, skus: [{ properties_name: '颜色:白', price: 1000, quantity: 5 }] }), 201);
    const stock = await newItem(a);
    const buyer = await newBuyer(app);
    const tid = await placeTrade(a, buyer, stock);
    await ok(a.owner.post(`/api/trades/${tid}/memo`, { memo: marker, flag: 1 }));
    const trade = await ok(a.owner.get(`/api/trades/${tid}`));
    const oid = trade.trade.orders[0].oid as number;
    await ok(buyer.client.get(`/api/buyer/chat/${a.name}`));
    await ok(a.owner.patch(`/api/customers/${encodeURIComponent(buyer.nick)}`, { notes: marker }));
    await ok(a.owner.post('/api/customers/tags', { name: marker.slice(0, 20) }), 201);
    await ok(a.owner.post('/api/knowledge/entries', { question: `${marker} 洗涤`, answer: `${marker} 冷水手洗` }), 201);
    const group = await ok(a.owner.post('/api/replies/groups', { scope: 'team', name: marker }), 201);
    await ok(a.owner.post('/api/replies', { scope: 'team', group_id: group.group.id, text: `${marker} 亲，在的` }), 201);
    await ok(a.owner.post('/api/routing/groups', { name: marker }), 201);
    const agent = await newSubAccount(app, a, 'service');
    await ok(agent.client.post('/api/routing/status', { status: 'online' }));
    await ok(agent.client.post('/api/routing/suspend-requests', { reason: `${marker} 吃饭` }), 201);
    await ok(a.owner.post('/api/integration/webhooks', { url: 'http://127.0.0.1:9/x', events: ['trade.*'], description: marker }), 201);
    await newToken(app, a.owner, ['trades:read']);

    const b = await newShop(app);
    const bToken = await newToken(app, b.owner, [...SCOPES]);
    const otherBuyer = await newBuyer(app);

    const tables = await shopTables(app);
    const aIds = await idsOf(a.shopId, tables);
    const bIds = await idsOf(b.shopId, tables);
    const tableIds = new Map<string, number[]>();
    for (const [, table] of ID_TABLES) tableIds.set(table, [...(await idsOf(a.shopId, [table]))]);
    const before = await shopChecksum(app, a.shopId, VOLATILE_TABLES);

    const { operations } = await loadOperations(app);
    const problems: string[] = [];
    let tried = 0;
    const values = (o: Operation, name: string): (string | number)[] => {
      if (name === 'tid') return [tid];
      if (name === 'num_iid') return [item.item.num_iid, stock.num_iid];
      if (name === 'nick') return [buyer.nick];
      if (name === 'oid') return [oid];
      if (name === 'shop') return [a.name];
      if (name === 'company_code') return ['SF'];
      const known = ID_TABLES.find(([re]) => re.test(o.path));
      const pool = known ? tableIds.get(known[1])! : [...aIds];
      // An id B owns in another table is B's own business, not A's.
      return pool.filter((id) => known || !bIds.has(id));
    };

    for (const o of operations) {
      if (o.id === 'auth.logout' || o.id === 'buyer.logout') continue;
      const account = isAccountOperation(o);
      const buyerSide = isBuyerOperation(o);
      if (!account && !buyerSide) continue;
      // A buyer may favourite, subscribe to and chat with any shop: only a buyer's own trades and refunds are private.
      if (buyerSide && !o.pathParams.some((p) => ['tid', 'refund_id', 'id'].includes(p.name))) continue;
      // A courier code names no row of a shop: the operation is on B's own settings.
      if (o.pathParams.length && o.pathParams.every((p) => p.name === 'company_code')) continue;
      const body = o.body ? JSON.stringify(bodyFor(o, { oid })) : undefined;
      const callers = account
        ? [{ who: 'B session', cookie: b.owner.cookie }, { who: 'B token', token: bToken.secret }]
        : [{ who: 'other buyer', cookie: otherBuyer.client.cookie }];
      if (!o.pathParams.length) {
        if (o.method !== 'GET' || buyerSide) continue;
        for (const c of callers) {
          const res = await send(app, { method: 'GET', url: o.path, ...c });
          tried++;
          if (res.status >= 500 || res.raw.includes(marker)) problems.push(`${c.who} ${o.id}: ${res.status} ${res.raw.slice(0, 120)}`);
        }
        continue;
      }
      // Each path parameter in turn takes A's values; the others take A's first value.
      for (const p of o.pathParams) {
        for (const value of values(o, p.name)) {
          const url = o.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            encodeURIComponent(String(name === p.name ? value : values(o, name)[0] ?? 1)));
          for (const c of callers) {
            const res = await send(app, { method: o.method, url, ...c, payload: body, contentType: body ? 'application/json' : undefined });
            tried++;
            // A read scoped to B's shop may answer with B's (empty) view; a write must be refused.
            const answered = res.status < 400 && (o.method !== 'GET' || res.raw.includes(marker));
            if (answered || res.status >= 500 || res.raw.includes(marker)) {
              problems.push(`${c.who} ${o.method} ${url} (${o.id}): ${res.status} ${res.raw.slice(0, 120)}`);
            }
          }
        }
      }
    }

    // References to A's rows inside a body of B's.
    const segment = await send(app, { method: 'POST', url: '/api/customers/segments', cookie: b.owner.cookie,
      payload: JSON.stringify({ name: 'x', rule: { tag_ids: [...tableIds.get('customer_tags')!] } }), contentType: 'application/json' });
    const calc = await send(app, { method: 'POST', url: '/api/tools/calculator', token: bToken.secret, contentType: 'application/json',
      payload: JSON.stringify({ orders: [{ num_iid: stock.num_iid, sku_id: stock.skus[0].sku_id, num: 1 }], receiver_state: '浙江省' }) });
    for (const [name, res] of [['segment with A tags', segment], ['calculator with A item', calc]] as const) {
      if (res.status < 400 || res.status >= 500 || res.raw.includes(marker)) problems.push(`${name}: ${res.status} ${res.raw.slice(0, 120)}`);
    }

    expect(tried).toBeGreaterThan(150);
    expect(problems).toEqual([]);
    expect(await shopChecksum(app, a.shopId, VOLATILE_TABLES)).toEqual(before);
  }, 120_000);
});
