import { expect } from 'vitest';
import type { BusEvent } from '../../src/bus/bus.ts';
import type { Client } from '../support/client.ts';
import { newBuyer, newItem, newShop, newSubAccount, ok, placeTrade } from '../support/factories.ts';
import type { TestApp } from '../support/harness.ts';

export { refused } from '../trades/helpers.ts';
import { refused } from '../trades/helpers.ts';

type Res = { status: number; body: any };

/** A shop with its team (after-sales, warehouse, customer service), a buyer, and a second shop with its owner. */
export async function world(app: TestApp) {
  const shop = await newShop(app, 'C');
  const other = await newShop(app, 'C');
  return {
    shop,
    other,
    aftersales: await newSubAccount(app, shop, 'aftersales'),
    warehouse: await newSubAccount(app, shop, 'warehouse'),
    service: await newSubAccount(app, shop, 'service'),
    buyer: await newBuyer(app),
    stranger: await newBuyer(app),
  };
}
export type World = Awaited<ReturnType<typeof world>>;

/** 10.00 yuan postage on every parcel, so a trade's payment is its items plus 1000 fen. */
export async function withPostage(app: TestApp, shopId: number, fee = 1000) {
  await app.ctx.database.db.insertInto('shipping_templates').values({
    shop_id: shopId, name: '默认', is_default: true, first_weight_g: 100_000, first_fee: fee, additional_weight_g: 1000, additional_fee: 0,
  }).execute();
}

/**
 * The buyer's paid trade of 2 red (2 × 100.00 = 20000 fen, `red`) and 1 blue (50.00 = 5000 fen, `blue`) on a fresh item,
 * optionally shipped by the warehouse.
 */
export async function paidTrade(w: Pick<World, 'shop' | 'buyer'>, opts: { ship?: Client } = {}) {
  const item = await newItem(w.shop);
  const tid = await placeTrade(w.shop, w.buyer, item);
  const trade = (await ok(w.buyer.client.post(`/api/buyer/trades/${tid}/pay`, {}))).trade;
  if (opts.ship) await ok(opts.ship.post(`/api/trades/${tid}/ship`, { company_code: 'SF', out_sid: 'SF1234567890' }));
  const [red, blue] = trade.orders.map((o: { oid: number }) => o.oid) as [number, number];
  return { tid, red, blue, payment: trade.payment as number, item };
}

export const ask = (buyer: { client: Client }, tid: number, body: Record<string, unknown>) =>
  buyer.client.post(`/api/buyer/trades/${tid}/refunds`, { reason: '不想要了', ...body });

/** The buyer's request, which must be accepted: the refund as presented to the buyer. */
export async function asked(buyer: { client: Client }, tid: number, body: Record<string, unknown>) {
  return (await ok(ask(buyer, tid, body), 201)).refund;
}

export const act = async (client: Client, refundId: number, path: string, body: unknown = {}) =>
  (await ok(client.post(`/api/refunds/${refundId}/${path}`, body))).refund;
export const buyerAct = async (buyer: { client: Client }, refundId: number, path: string, body: unknown = {}) =>
  (await ok(buyer.client.post(`/api/buyer/refunds/${refundId}/${path}`, body))).refund;

/**
 * Everything a refund command may touch, read straight from the database: the trade, its sub-orders, its refunds,
 * their audit rows and timers, the trade's audit rows, and the escrow with its refund ledger.
 */
export async function snapshot(app: TestApp, tid: number) {
  const db = app.ctx.database.db;
  const trade = await db.selectFrom('trades').selectAll().where('tid', '=', tid).executeTakeFirstOrThrow();
  const orders = await db.selectFrom('orders').selectAll().where('tid', '=', tid).orderBy('oid').execute();
  const refunds = await db.selectFrom('refunds').selectAll().where('tid', '=', tid).orderBy('refund_id').execute();
  const ids = refunds.map((r) => String(r.refund_id));
  const audit = await db.selectFrom('audit_log').selectAll().where((eb) => eb.or([
    eb.and([eb('entity', '=', 'trade'), eb('entity_id', '=', String(tid))]),
    ...(ids.length ? [eb.and([eb('entity', '=', 'refund'), eb('entity_id', 'in', ids)])] : []),
  ])).orderBy('id').execute();
  const jobs = await db.selectFrom('jobs').select(['kind', 'key', 'run_at', 'done_at', 'attempts', 'last_error'])
    .where((eb) => eb.or([eb('key', '=', String(tid)), ...ids.map((id) => eb('key', 'like', `${id}:%`))])).orderBy('id').execute();
  const escrow = await db.selectFrom('escrow_payments').selectAll().where('tid', '=', tid).executeTakeFirst();
  const ledger = await db.selectFrom('escrow_refunds').selectAll().where('tid', '=', tid).orderBy('refund_id').execute();
  return { trade, orders, refunds, audit, jobs, escrow, ledger };
}

/** Asserts that a request is refused with a clear 4xx and that nothing of the trade, its refunds or its money changed. */
export async function refusedUnchanged(app: TestApp, tid: number, request: () => Promise<Res>, status: number, code?: string) {
  const before = await snapshot(app, tid);
  const body = await refused(request(), status, code);
  expect(await snapshot(app, tid)).toEqual(before);
  return body;
}

/** The escrow's books balance: paid in = refunded + released + held, the ledger agrees, nothing is negative. */
export async function escrowOf(app: TestApp, tid: number) {
  const { escrow, ledger } = await snapshot(app, tid);
  const e = escrow!;
  const held = e.amount - e.refunded - e.released;
  expect(held).toBeGreaterThanOrEqual(0);
  const refundedByLedger = ledger.filter((l) => l.status === 'refunded').reduce((s, l) => s + l.amount, 0);
  const reserved = ledger.filter((l) => l.status === 'reserved').reduce((s, l) => s + l.amount, 0);
  expect(e.refunded).toBeGreaterThanOrEqual(refundedByLedger);
  expect(reserved).toBeLessThanOrEqual(held);
  return { status: e.status, amount: e.amount, refunded: e.refunded, released: e.released, held, reserved, refundedByLedger };
}

/** Collects every event the app publishes from now on. */
export function listen(app: TestApp) {
  const events: BusEvent[] = [];
  app.ctx.bus.subscribe((e) => {
    events.push(e);
  });
  return events;
}
