import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PERMISSIONS, type SubRole } from '../../src/modules/accounts/rules.ts';
import type { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/harness.ts';
import { example, fillPath, isAccountOperation, loadOperations, send, type Operation } from './support.ts';

/**
 * Every role (the main account and each sub-account role with its default permissions) × every guarded operation:
 * a role without the permission gets 403 PERMISSION_DENIED naming it, a role with it never does. Operations not in
 * the table are held to the same rule through what they answer: a refusal must name a permission the role lacks,
 * and the main account is never refused.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

type Fixture = Awaited<ReturnType<typeof fixtures>>;
type TradeState = 'unpaid' | 'paid' | 'shipped';
interface Guard {
  permission: string;
  trade?: TradeState;
  params?: (f: Fixture) => Record<string, string | number>;
  body?: (f: Fixture, trade?: { tid: number; oid: number; price: number }) => unknown;
}

const item = (f: Fixture) => ({ num_iid: f.item.num_iid });
const GUARDED: Record<string, Guard> = {
  'trades.sold.get': { permission: 'trade.view' },
  'trades.sold.count': { permission: 'trade.view' },
  'trade.fullinfo.get': { permission: 'trade.view', trade: 'unpaid' },
  'trade.price.update': { permission: 'trade.modify_price', trade: 'unpaid', body: (_f, t) => ({ oid: t!.oid, price: t!.price }) },
  'trade.postage.update': { permission: 'trade.modify_price', trade: 'unpaid', body: () => ({ post_fee: 0 }) },
  'trade.shippingaddress.update': { permission: 'trade.address', trade: 'unpaid', body: () => RECEIVER },
  'trade.close': { permission: 'trade.close', trade: 'unpaid', body: () => ({ close_reason: '缺货' }) },
  'trade.memo.update': { permission: 'trade.memo', trade: 'unpaid', body: () => ({ memo: '矩阵', flag: 0 }) },
  'logistics.offline.send': { permission: 'trade.ship', trade: 'paid', body: () => ({ company_code: 'SF', out_sid: 'SF12345678' }) },
  'trade.receivetime.delay': { permission: 'trade.delay_receive', trade: 'shipped', body: () => ({ days: 3 }) },
  'item.add': { permission: 'catalog.manage', body: () => ({ title: '矩阵', skus: [{ properties_name: '颜色:白', price: 100, quantity: 1 }] }) },
  'item.update': { permission: 'catalog.manage', params: item, body: () => ({ title: '矩阵' }) },
  'crm.customers.get': { permission: 'trade.view' },
  'crm.customer.get': { permission: 'trade.view', params: (f) => ({ nick: f.buyer.nick }) },
  'crm.customer.update': { permission: 'trade.memo', params: (f) => ({ nick: f.buyer.nick }), body: () => ({ notes: '矩阵' }) },
  'crm.tags.get': { permission: 'trade.view' },
  'crm.tag.add': { permission: 'setting.manage', body: () => ({ name: `t${Math.random().toString(36).slice(2, 8)}` }) },
  'crm.tag.update': { permission: 'setting.manage', params: (f) => ({ id: f.tagId }), body: () => ({ name: '矩阵' }) },
  'crm.levels.get': { permission: 'trade.view' },
  'crm.stats.get': { permission: 'trade.view' },
  'crm.segments.get': { permission: 'trade.view' },
  'crm.imports.get': { permission: 'setting.manage' },
  'crm.broadcasts.get': { permission: 'broadcast.send' },
  'knowledge.entry.add': { permission: 'catalog.manage', body: () => ({ question: '矩阵?', answer: '是' }) },
  'knowledge.entry.update': { permission: 'catalog.manage', params: (f) => ({ id: f.entryId }), body: () => ({ answer: '是的' }) },
  'knowledge.settings.update': { permission: 'setting.manage', body: () => ({ enabled: false }) },
  'routing.settings.update': { permission: 'account.manage', body: () => ({ mode: 'balanced' }) },
  'routing.group.add': { permission: 'account.manage', body: () => ({ name: `g${Math.random().toString(36).slice(2, 8)}` }) },
  'routing.group.update': { permission: 'account.manage', params: (f) => ({ id: f.groupId }), body: () => ({ name: '矩阵组' }) },
  'audit.log.get': { permission: 'audit.read' },
  'subusers.get': { permission: 'account.manage' },
  'integration.webhooks.get': { permission: 'setting.manage' },
  'integration.webhook.add': { permission: 'setting.manage', body: () => ({ url: 'http://127.0.0.1:9/x', events: ['trade.*'] }) },
  'integration.webhook.update': { permission: 'setting.manage', params: (f) => ({ id: f.webhookId }), body: () => ({ description: '矩阵' }) },
  'integration.webhook.deliveries.get': { permission: 'setting.manage', params: (f) => ({ id: f.webhookId }) },
  'integration.tokens.get': { permission: 'owner' },
  'integration.token.add': { permission: 'owner', body: () => ({ name: '矩阵', scopes: ['trades:read'] }) },
  'integration.scopes.get': { permission: 'owner' },
};

const ROLES = ['service', 'warehouse', 'aftersales', 'finance', 'supervisor'] as const;
const has = (role: SubRole | 'owner', permission: string) =>
  role === 'owner' || (permission !== 'owner' && (DEFAULT_PERMISSIONS[role] as readonly string[]).includes(permission));

async function fixtures() {
  const shop = await newShop(app);
  const stock = await newItem(shop, 1000);
  const buyer = await newBuyer(app);
  const accounts: [SubRole | 'owner', Client][] = [['owner', shop.owner]];
  for (const role of ROLES) accounts.push([role, (await newSubAccount(app, shop, role)).client]);
  await placeTrade(shop, buyer, stock);
  const tag = await ok(shop.owner.post('/api/customers/tags', { name: '矩阵标签' }), 201);
  const entry = await ok(shop.owner.post('/api/knowledge/entries', { question: '矩阵？', answer: '是' }), 201);
  const group = await ok(shop.owner.post('/api/routing/groups', { name: '矩阵' }), 201);
  const hook = await ok(shop.owner.post('/api/integration/webhooks', { url: 'http://127.0.0.1:9/x', events: ['*'] }), 201);
  return {
    shop, item: stock, buyer, accounts, tagId: tag.tag.id as number, entryId: entry.entry.id as number,
    groupId: group.group.id as number, webhookId: hook.webhook.id as number,
  };
}

async function tradeIn(f: Fixture, state: TradeState) {
  const tid = await placeTrade(f.shop, f.buyer, f.item);
  if (state !== 'unpaid') await ok(f.buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}));
  if (state === 'shipped') await ok(f.shop.owner.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: `SF${tid}0000` }));
  const detail = await ok(f.shop.owner.get(`/api/trades/${tid}`));
  return { tid, oid: detail.trade.orders[0].oid as number, price: detail.trade.orders[0].price as number };
}

/** A 500 is a bug; a 501 with a code is a feature this deployment has not configured (the language model). */
const crashed = (res: { status: number; body: any }) => res.status >= 500 && !(res.status === 501 && typeof res.body?.code === 'string');

async function call(o: Operation, client: Client, params: Record<string, string | number>, body: unknown) {
  return send(app, {
    method: o.method, url: fillPath(o.path, params), cookie: client.cookie,
    ...(o.body ? { payload: JSON.stringify(body), contentType: 'application/json' } : {}),
  });
}

describe('the permission matrix', () => {
  it('refuses each guarded operation to exactly the roles without its permission', async () => {
    const f = await fixtures();
    const { operations } = await loadOperations(app);
    const byId = new Map(operations.map((o) => [o.id, o]));
    const problems: string[] = [];
    for (const [id, guard] of Object.entries(GUARDED)) {
      const o = byId.get(id);
      if (!o) {
        problems.push(`${id}: not in the OpenAPI document`);
        continue;
      }
      const trade = guard.trade ? await tradeIn(f, guard.trade) : undefined;
      const params = { ...(trade ? { tid: trade.tid } : {}), ...guard.params?.(f) };
      const body = guard.body ? guard.body(f, trade) : example(o.body);
      // The refused first: an allowed role may change the state the others are refused in.
      const order = [...f.accounts].sort(([a], [b]) => Number(has(a, guard.permission)) - Number(has(b, guard.permission)));
      for (const [role, client] of order) {
        const res = await call(o, client, params, body);
        const denied = res.status === 403 && res.body?.code === 'PERMISSION_DENIED';
        if (has(role, guard.permission) && (denied || crashed(res))) problems.push(`${id} ${role}: ${res.status} ${res.raw.slice(0, 140)}`);
        if (!has(role, guard.permission) && (!denied || res.body.details?.permission !== guard.permission)) {
          problems.push(`${id} ${role}: expected PERMISSION_DENIED (${guard.permission}), got ${res.status} ${res.raw.slice(0, 140)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('never refuses the main account, and names a missing permission whenever it refuses a role', async () => {
    const f = await fixtures();
    const { operations } = await loadOperations(app);
    const problems: string[] = [];
    let tried = 0;
    for (const o of operations) {
      if (!isAccountOperation(o) || GUARDED[o.id] || o.id === 'auth.logout' || o.bodyType?.startsWith('multipart')) continue;
      for (const [role, client] of [...f.accounts].reverse()) {
        const res = await call(o, client, { id: 999_999_999, tid: 999_999_999, num_iid: 999_999_999, nick: 'nobody' }, example(o.body));
        tried++;
        if (crashed(res)) problems.push(`${o.id} ${role}: ${res.status} ${res.raw.slice(0, 140)}`);
        if (res.status === 403 && res.body?.code === 'PERMISSION_DENIED') {
          const named = res.body.details?.permission;
          if (role === 'owner' || typeof named !== 'string' || has(role, named)) problems.push(`${o.id} ${role}: refused naming ${named}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  }, 120_000);
});
