import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/modules/integration/tokens-rules.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { refused } from '../trades/helpers.ts';
import { newToken, TokenClient } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function shopWithTrade() {
  const shop = await newShop(app);
  const item = await newItem(shop);
  const buyer = await newBuyer(app);
  const tid = await placeTrade(shop, buyer, item);
  return { ...shop, item, buyer, tid };
}

describe('API tokens', () => {
  it('are made by the main account, shown once and stored only as a hash', async () => {
    const shop = await newShop(app);
    const made = await ok(shop.owner.post('/api/integration/tokens', { name: 'ERP 同步', scopes: ['trades:read', 'chat:read'] }), 201);
    expect(made.secret).toMatch(/^xo_/);
    expect(made.token).toMatchObject({ name: 'ERP 同步', scopes: ['chat:read', 'trades:read'], status: 'active', last_used_at: null });
    expect(made.token.permissions).toContain('trade.view');
    expect(made.secret.startsWith(made.token.token_prefix)).toBe(true);

    const row = await app.ctx.database.db.selectFrom('api_tokens').selectAll().where('id', '=', made.token.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashApiToken(made.secret));
    expect(JSON.stringify(row)).not.toContain(made.secret);
    const list = await ok(shop.owner.get('/api/integration/tokens'));
    expect(JSON.stringify(list)).not.toContain(made.secret);
    expect(list.tokens.map((t: { id: number }) => t.id)).toEqual([made.token.id]);

    const audit = await ok(shop.owner.get('/api/audit?action=api_token.create'));
    expect(audit.entries[0]).toMatchObject({ entity: 'api_token', entity_id: String(made.token.id), actor_name: shop.name });
    expect(JSON.stringify(audit.entries[0])).not.toContain(made.secret);
  });

  it('are refused to sub-accounts, even a supervisor, and a token cannot make tokens', async () => {
    const shop = await newShop(app);
    const supervisor = await newSubAccount(app, shop, 'supervisor');
    await refused(supervisor.client.post('/api/integration/tokens', { name: 'x', scopes: ['trades:read'] }), 403, 'PERMISSION_DENIED');
    await refused(supervisor.client.get('/api/integration/tokens'), 403, 'PERMISSION_DENIED');
    const t = await newToken(app, shop.owner, ['trades:write']);
    await refused(t.client.post('/api/integration/tokens', { name: 'y', scopes: ['trades:write'] }), 403, 'SCOPE_REQUIRED');
    await refused(t.client.get('/api/accounts'), 403, 'SCOPE_REQUIRED');
    await refused(shop.owner.post('/api/integration/tokens', { name: 'z', scopes: ['trades:delete'] }), 400, 'VALIDATION_FAILED');
  });

  it('open only the areas and modes of their scopes, and record the last use', async () => {
    const shop = await shopWithTrade();
    const reader = await newToken(app, shop.owner, ['trades:read']);
    const list = await ok(reader.client.get('/api/trades'));
    expect(list.trades.map((t: { tid: number }) => t.tid)).toEqual([shop.tid]);
    await ok(reader.client.get(`/api/trades/${shop.tid}`));
    await ok(reader.client.post('/api/tools/calculator', { orders: [{ num_iid: shop.item.num_iid, sku_id: shop.item.skus[0].sku_id, num: 1 }], receiver_state: '浙江省' }));
    const denied = await refused(reader.client.post(`/api/trades/${shop.tid}/memo`, { memo: '加急', flag: 0 }), 403, 'SCOPE_REQUIRED');
    expect(denied.details).toEqual({ scope: 'trades:write' });
    await refused(reader.client.get('/api/items'), 403, 'SCOPE_REQUIRED');
    await refused(reader.client.get('/api/buyer/trades'), 401, 'NOT_LOGGED_IN');

    const tokens = await ok(shop.owner.get('/api/integration/tokens'));
    expect(tokens.tokens[0].last_used_at).toBe(app.clock.now().toISOString());
  });

  it("act under the same rules as a person, and sign the audit log with the token's name", async () => {
    const shop = await shopWithTrade();
    const writer = await newToken(app, shop.owner, ['trades:write'], { max_discount_pct: 10 });
    const memo = await ok(writer.client.post(`/api/trades/${shop.tid}/memo`, { memo: 'ERP：已同步', flag: 4 }));
    expect(memo.trade).toMatchObject({ memo: 'ERP：已同步', flag: 4 });
    const audit = await ok(shop.owner.get(`/api/audit?action=trade.memo.update&entity_id=${shop.tid}`));
    expect(audit.entries[0].actor_name).toBe(`token#${writer.id}:erp-trades:write`);

    // 250.00 yuan of items: more than 10 % off is beyond this token, as it would be for a sub-account.
    const trade = await ok(writer.client.get(`/api/trades/${shop.tid}`));
    const oid = trade.trade.orders[0].oid;
    await refused(writer.client.post(`/api/trades/${shop.tid}/price`, { oid, price: 1000 }), 403, 'DISCOUNT_TOO_LARGE');
    await refused(writer.client.post(`/api/trades/${shop.tid}/close`, { close_reason: '缺货', oid: 999_999_999 }), 404, 'ORDER_NOT_FOUND');
    const reader = await newToken(app, shop.owner, ['items:read', 'trades:read']);
    await refused(reader.client.post(`/api/trades/${shop.tid}/close`, { close_reason: '缺货' }), 403, 'SCOPE_REQUIRED');
  });

  it('never reach another shop', async () => {
    const a = await shopWithTrade();
    const b = await shopWithTrade();
    const tokenB = await newToken(app, b.owner, ['trades:write']);
    await refused(tokenB.client.get(`/api/trades/${a.tid}`), 404, 'TRADE_NOT_FOUND');
    await refused(tokenB.client.post(`/api/trades/${a.tid}/memo`, { memo: 'x', flag: 0 }), 404, 'TRADE_NOT_FOUND');
    const listed = await ok(tokenB.client.get('/api/trades'));
    expect(listed.trades.map((t: { tid: number }) => t.tid)).toEqual([b.tid]);
    // B's owner cannot revoke A's token either.
    const tokenA = await newToken(app, a.owner, ['trades:read']);
    await refused(b.owner.post(`/api/integration/tokens/${tokenA.id}/revoke`), 404, 'TOKEN_NOT_FOUND');
    await ok(tokenA.client.get('/api/trades'));
  });

  it('stop working when revoked or expired, and a malformed one is refused', async () => {
    const shop = await shopWithTrade();
    const t = await newToken(app, shop.owner, ['trades:read']);
    await ok(t.client.get('/api/trades'));
    const revoked = await ok(shop.owner.post(`/api/integration/tokens/${t.id}/revoke`));
    expect(revoked.token.status).toBe('revoked');
    await refused(t.client.get('/api/trades'), 401, 'TOKEN_INVALID');

    const short = await newToken(app, shop.owner, ['trades:read'], { expires_in_days: 1 });
    await ok(short.client.get('/api/trades'));
    app.clock.advance(86_400_000 + 1);
    await refused(short.client.get('/api/trades'), 401, 'TOKEN_INVALID');

    for (const bad of ['', 'xo_nope', 'x'.repeat(5000), `${t.secret}x`]) {
      await refused(new TokenClient(app, bad).get('/api/trades'), 401, 'TOKEN_INVALID');
    }
  });

  it('are revoked once when two requests race', async () => {
    const shop = await newShop(app);
    const t = await newToken(app, shop.owner, ['trades:read']);
    const results = await Promise.all([
      shop.owner.post(`/api/integration/tokens/${t.id}/revoke`),
      shop.owner.post(`/api/integration/tokens/${t.id}/revoke`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('TOKEN_ALREADY_REVOKED');
    const audit = await ok(shop.owner.get('/api/audit?action=api_token.revoke'));
    expect(audit.entries).toHaveLength(1);
  });
});
