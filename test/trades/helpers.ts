import { expect } from 'vitest';
import type { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade, RECEIVER } from '../support/factories.ts';
import type { TestApp } from '../support/harness.ts';

type Res = { status: number; body: any };

/** A refusal as every client sees it: the status, a stable code, and a message in Chinese and in English. */
export async function refused(promise: Promise<Res>, status: number, code?: string) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.code).toBe(code);
  expect(res.body.code).toMatch(/^[A-Z0-9_]+$/);
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.message_en).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(res.body.message_en.length).toBeGreaterThan(0);
  return res.body;
}

/**
 * Everything a trade action may touch, read straight from the database: the trade, its sub-orders, the stock of
 * their SKUs, its audit rows, timers and escrow. A refused action must leave all of it as it was.
 */
export async function snapshot(app: TestApp, tid: number) {
  const db = app.ctx.database.db;
  const trade = await db.selectFrom('trades').selectAll().where('tid', '=', tid).executeTakeFirstOrThrow();
  const orders = await db.selectFrom('orders').selectAll().where('tid', '=', tid).orderBy('oid').execute();
  const stock = await db.selectFrom('skus').select(['sku_id', 'quantity'])
    .where('sku_id', 'in', orders.map((o) => o.sku_id)).orderBy('sku_id').execute();
  const audit = await db.selectFrom('audit_log').selectAll()
    .where('entity', '=', 'trade').where('entity_id', '=', String(tid)).orderBy('id').execute();
  const jobs = await db.selectFrom('jobs').select(['kind', 'run_at', 'done_at', 'attempts'])
    .where('key', '=', String(tid)).orderBy('kind').execute();
  const escrow = await db.selectFrom('escrow_payments').selectAll().where('tid', '=', tid).execute();
  return { trade, orders, stock, audit, jobs, escrow };
}

/** Asserts that a request is refused and that the trade, its orders, stock, audit, timers and escrow are unchanged. */
export async function refusedUnchanged(app: TestApp, tid: number, request: () => Promise<Res>, status: number, code?: string) {
  const before = await snapshot(app, tid);
  const body = await refused(request(), status, code);
  expect(await snapshot(app, tid)).toEqual(before);
  return body;
}

export async function stockOf(app: TestApp, skuIds: number[]) {
  const rows = await app.ctx.database.db.selectFrom('skus').select(['sku_id', 'quantity'])
    .where('sku_id', 'in', skuIds).orderBy('sku_id').execute();
  return skuIds.map((id) => rows.find((r) => r.sku_id === id)!.quantity);
}

export async function auditOf(app: TestApp, tid: number) {
  return app.ctx.database.db.selectFrom('audit_log').selectAll()
    .where('entity', '=', 'trade').where('entity_id', '=', String(tid)).orderBy('id').execute();
}

/**
 * A C-shop (or mall shop) with one item of two SKUs (红色 100.00 ×10, 蓝色 50.00 ×10), a buyer, and an unpaid trade
 * of 2 red + 1 blue: 250.00 yuan, no postage (the shop has no template).
 */
export async function unpaidTrade(app: TestApp, type: 'C' | 'B' = 'C') {
  const shop = await newShop(app, type);
  const item = await newItem(shop);
  const buyer = await newBuyer(app);
  const tid = await placeTrade(shop, buyer, item);
  return { shop, item, buyer, tid, skuIds: item.skus.map((s) => s.sku_id) };
}

/**
 * Shops, their teams and buyers made once per test file (signing up hashes a password, which is slow);
 * each test then places its own trades on fresh items with `tradeIn`.
 */
export async function world(app: TestApp) {
  const shop = await newShop(app, 'C');
  const mall = await newShop(app, 'B');
  return {
    shop,
    mall,
    agent: await newSubAccount(app, shop, 'service'),
    warehouse: await newSubAccount(app, shop, 'warehouse'),
    supervisor: await newSubAccount(app, shop, 'supervisor'),
    aftersales: await newSubAccount(app, shop, 'aftersales'),
    finance: await newSubAccount(app, shop, 'finance'),
    mallAgent: await newSubAccount(app, mall, 'service'),
    buyer: await newBuyer(app),
    stranger: await newBuyer(app),
  };
}
export type World = Awaited<ReturnType<typeof world>>;

/** A fresh item (红色 100.00 ×10, 蓝色 50.00 ×10) and the buyer's unpaid trade of 2 red + 1 blue (250.00 yuan). */
export async function tradeIn(shop: { name: string; owner: Client }, buyer: { client: Client }) {
  const item = await newItem(shop);
  const tid = await placeTrade(shop, buyer, item);
  return { item, tid, skuIds: item.skus.map((s) => s.sku_id) };
}

export async function pay(buyer: { client: Client }, tid: number, payment?: number) {
  return (await ok(buyer.client.post(`/api/buyer/trades/${tid}/pay`, payment === undefined ? {} : { payment }))).trade;
}

export async function ship(account: Client, tid: number, company_code = 'SF', out_sid = 'SF1234567890') {
  return (await ok(account.post(`/api/trades/${tid}/ship`, { company_code, out_sid }))).trade;
}

export const trade = async (client: Client, tid: number) => (await ok(client.get(`/api/trades/${tid}`))).trade;

export const OTHER_RECEIVER = {
  ...RECEIVER,
  receiver_name: '李四',
  receiver_mobile: '13900139000',
  receiver_state: '江苏省',
  receiver_city: '南京市',
  receiver_district: '鼓楼区',
  receiver_address: '中山路 1 号',
};
