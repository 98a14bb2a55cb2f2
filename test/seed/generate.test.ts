import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { DAY, HOUR } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { inTransaction, type Trx } from '../../src/db/transaction.ts';
import type { AccountActor, Role } from '../../src/modules/accounts/index.ts';
import { calculatePostage, type ShippingTemplate } from '../../src/modules/logistics/index.ts';
import { sandboxEscrow } from '../../src/modules/payments/index.ts';
import { changePrice, closeTrade, finishTrade, shipTrade, updateMemo } from '../../src/modules/trades/actions.ts';
import { TRADE_STATUSES } from '../../src/modules/trades/rules.ts';
import { generateTrades, type GenerateResult } from '../../src/seed/generate.ts';
import { NICK_FIRST } from '../../src/seed/people.ts';
import { testDatabase, uniqueName } from '../support/harness.ts';

/*
 * Far in the future, so that the generated timers are never due for another test's timer runner
 * (the test database is shared, and a runner fires every due timer in it).
 */
const NOW = new Date('2091-06-01T12:00:00Z');
const N = 2000;
const SEED = 20_240_601;

let database: Database;
let shop: string;
let shopId: number;
let result: GenerateResult;
let indexesBefore: string[];
beforeAll(async () => {
  database = await testDatabase();
  indexesBefore = await indexesOfLoadedTables();
  shop = uniqueName('gen');
  result = await generateTrades(database, { shop, trades: N, seed: SEED, now: NOW });
  shopId = (await database.db.selectFrom('shops').select('id').where('name', '=', shop).executeTakeFirstOrThrow()).id;
});

async function indexesOfLoadedTables() {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_indexdef(indexrelid) as definition from pg_index
    where indrelid in ('trades'::regclass, 'orders'::regclass, 'escrow_payments'::regclass) order by 1`.execute(database.db);
  return rows.map((r) => r.definition);
}

/** The generated shop's main account, as the trade commands see it. */
async function shopOwner(): Promise<AccountActor> {
  const main = await database.db.selectFrom('accounts').selectAll().where('login', '=', shop).executeTakeFirstOrThrow();
  return {
    kind: 'account', id: main.id, shopId, login: main.login, role: main.role as Role, isMain: true,
    permissions: main.permissions, maxDiscountPct: main.max_discount_pct,
  };
}

const tradesOf = (id: number) => database.db.selectFrom('trades').selectAll().where('shop_id', '=', id).orderBy('tid').execute();

/** A digest of what a seller sees of every trade of the shop, in order. */
async function digest(name: string) {
  const { rows } = await sql<{ line: string }>`
    select concat_ws('|', t.buyer_nick, t.status, t.total_fee, t.post_fee, t.payment, t.flag, t.memo, t.created, t.pay_time,
      t.consign_time, t.end_time, t.receiver_name, t.receiver_state, t.receiver_address, t.close_reason, t.company_code,
      (select string_agg(concat_ws(':', o.title, o.sku_properties_name, o.num, o.price), ',' order by o.oid)
       from orders o where o.tid = t.tid)) as line
    from trades t join shops s on s.id = t.shop_id where s.name = ${name} order by t.tid`.execute(database.db);
  return createHash('sha256').update(rows.map((r) => r.line).join('\n')).digest('hex');
}

describe('the trade generator', () => {
  it('leaves every index of the tables it loads as it found it (a load into a small table builds them after)', async () => {
    expect(indexesBefore.length).toBeGreaterThan(8);
    expect(await indexesOfLoadedTables()).toEqual(indexesBefore);
    // The planner uses them again: a buyer's trades are an index range, not a scan of the table.
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select * from trades where shop_id = ${shopId} and buyer_nick = 'x' order by created desc limit 40`.execute(database.db);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('trades_shop_nick');
  });

  it('makes exactly the trades asked for, in every status, with one to three sub-orders each', async () => {
    expect(result).toMatchObject({ shop, trades: N, buyers: N / 5 });
    const trades = await tradesOf(shopId);
    expect(trades).toHaveLength(N);
    const statuses = new Set(trades.map((t) => t.status));
    for (const s of TRADE_STATUSES) expect(statuses, s).toContain(s);
    // Most trades are long finished; only a small share is still open.
    const share = (s: string) => trades.filter((t) => t.status === s).length / N;
    expect(share('TRADE_FINISHED')).toBeGreaterThan(0.6);
    for (const s of ['WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'TRADE_CLOSED']) expect(share(s)).toBeLessThan(0.1);

    const { rows } = await sql<{ tid: number; n: number; items: number; open_items: number; statuses: string[] }>`
      select o.tid, count(*)::int as n, sum(o.total_fee)::int as items,
        coalesce(sum(o.total_fee) filter (where o.status <> 'TRADE_CLOSED_BY_TAOBAO'), 0)::int as open_items,
        array_agg(distinct o.status) as statuses
      from orders o join trades t on t.tid = o.tid where t.shop_id = ${shopId} group by o.tid`.execute(database.db);
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(result.orders);
    const byTid = new Map(rows.map((r) => [r.tid, r]));
    for (const t of trades) {
      const o = byTid.get(t.tid)!;
      expect(o.n).toBeGreaterThanOrEqual(1);
      expect(o.n).toBeLessThanOrEqual(3);
      expect(o.statuses).toEqual([t.status]);
      expect(t.total_fee).toBe(o.open_items);
      expect(t.payment).toBe(t.status === 'TRADE_CLOSED_BY_TAOBAO' ? 0 : t.total_fee + t.post_fee);
    }
  });

  it('spreads the trades over the last 90 days, numbered in the order they were placed, with consistent times', async () => {
    const trades = await tradesOf(shopId);
    const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);
    for (let i = 1; i < trades.length; i++) expect(ms(trades[i].created)!).toBeGreaterThanOrEqual(ms(trades[i - 1].created)!);
    expect(ms(trades[0].created)!).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY);
    for (const t of trades) {
      const times = [t.created, t.pay_time, t.consign_time, t.end_time].map(ms).filter((x): x is number => x !== null);
      expect(times, String(t.tid)).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
      expect(ms(t.modified)).toBe(Math.max(...times));
      expect(t.pay_time === null).toBe(t.status === 'WAIT_BUYER_PAY' || t.status === 'TRADE_CLOSED_BY_TAOBAO');
      if (t.pay_time) expect(t.alipay_no).toMatch(/^\d{26}$/);
      if (t.consign_time) expect(t.out_sid).toMatch(/^[A-Z0-9]{6,40}$/);
      // An unpaid trade is younger than the shop's limit, or its timer would have closed it.
      if (t.status === 'WAIT_BUYER_PAY') expect(NOW.getTime() - ms(t.created)!).toBeLessThan(24 * HOUR);
    }
    expect(trades.some((t) => t.flag === 1 && t.status === 'WAIT_SELLER_SEND_GOODS' && t.memo)).toBe(true);
  });

  it('leaves the live timers the use cases would have: auto-close when unpaid, auto-finish when shipped', async () => {
    const trades = await tradesOf(shopId);
    const jobs = await database.db.selectFrom('jobs').selectAll().where('shop_id', '=', shopId).execute();
    const jobOf = new Map(jobs.map((j) => [`${j.kind}/${j.key}`, j]));
    const unpaid = trades.filter((t) => t.status === 'WAIT_BUYER_PAY');
    const shipped = trades.filter((t) => t.status === 'WAIT_BUYER_CONFIRM_GOODS');
    expect(jobs).toHaveLength(unpaid.length + shipped.length);
    for (const t of unpaid) {
      const job = jobOf.get(`trade.auto_close/${t.tid}`)!;
      expect(job.done_at).toBeNull();
      expect(new Date(job.run_at).getTime()).toBe(new Date(t.created).getTime() + 24 * HOUR);
    }
    for (const t of shipped) {
      const job = jobOf.get(`trade.auto_finish/${t.tid}`)!;
      expect(new Date(job.run_at).getTime()).toBe(new Date(t.consign_time!).getTime() + (10 + t.receive_delay_days) * DAY);
      expect(job.run_at.getTime()).toBeGreaterThan(NOW.getTime());
    }
  });

  it('charges the postage of the shop template, as placing the trade would', async () => {
    const template = await database.db.selectFrom('shipping_templates').selectAll().where('shop_id', '=', shopId)
      .executeTakeFirstOrThrow();
    const t = { ...template, region_fees: template.region_fees as ShippingTemplate['region_fees'] };
    const { rows } = await sql<{ tid: number; state: string; post_fee: number; items: number; weight: number }>`
      select t.tid, t.receiver_state as state, t.post_fee, sum(o.original_price * o.num)::int as items,
        sum(coalesce(k.weight_g, p.weight_g) * o.num)::int as weight
      from trades t join orders o on o.tid = t.tid join skus k on k.sku_id = o.sku_id join products p on p.num_iid = o.num_iid
      where t.shop_id = ${shopId} group by t.tid`.execute(database.db);
    for (const r of rows) {
      expect(r.post_fee, String(r.tid)).toBe(calculatePostage(t, { weightG: r.weight, itemsTotal: r.items, state: r.state }));
    }
    expect(rows.some((r) => r.post_fee > 800)).toBe(true);
  });

  it('gives every buyer a unique Chinese nick', async () => {
    const { rows } = await sql<{ nick: string; n: number }>`
      select buyer_nick as nick, count(*)::int as n from trades where shop_id = ${shopId} group by buyer_nick`.execute(database.db);
    expect(rows.length).toBeGreaterThan(N / 10);
    expect(rows.length).toBeLessThanOrEqual(N / 5);
    for (const { nick } of rows) expect(NICK_FIRST.some((f) => nick.startsWith(f)) && /\d+$/.test(nick)).toBe(true);
    const ids = await sql<{ ids: number }>`select count(distinct buyer_id)::int as ids from trades where shop_id = ${shopId}`
      .execute(database.db);
    expect(ids.rows[0].ids).toBe(rows.length);
  });

  it('makes the same shop from the same seed, and another from another seed', async () => {
    const again = uniqueName('gen');
    const other = uniqueName('gen');
    await generateTrades(database, { shop: again, trades: N, seed: SEED, now: NOW });
    await generateTrades(database, { shop: other, trades: N, seed: SEED + 1, now: NOW });
    const first = await digest(shop);
    expect(await digest(again)).toBe(first);
    expect(await digest(other)).not.toBe(first);
  });

  it("leaves each buyer's customer row as the trades count it: trades, purchases, spend and what was bought", async () => {
    const { rows } = await sql<{ nick: string; trades: number; paid: number; spend: number; items: number }>`
      select t.buyer_nick as nick, count(*)::int as trades,
        (count(*) filter (where t.pay_time is not null and t.status in ('WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED')))::int as paid,
        coalesce(sum(t.payment) filter (where t.pay_time is not null and t.status in ('WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED')), 0)::bigint as spend,
        (select count(distinct o.num_iid)::int from trades t2 join orders o on o.tid = t2.tid
         where t2.shop_id = t.shop_id and t2.buyer_nick = t.buyer_nick and t2.pay_time is not null
           and o.status in ('WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED')) as items
      from trades t where t.shop_id = ${shopId} group by t.shop_id, t.buyer_nick order by nick`.execute(database.db);
    const stored = await sql<{ nick: string; trades: number; paid: number; spend: number; items: number }>`
      select c.nick, c.trade_count as trades, c.paid_trade_count as paid, c.total_spend as spend,
        (select count(*)::int from customer_items i where i.customer_id = c.id) as items
      from customers c where c.shop_id = ${shopId} order by c.nick`.execute(database.db);
    expect(rows.length).toBeGreaterThan(100);
    expect(stored.rows.map((r) => ({ ...r, spend: Number(r.spend) }))).toEqual(rows.map((r) => ({ ...r, spend: Number(r.spend) })));
  });

  it('makes trades the use cases work on: change a price, ship, close and finish on the timers', async () => {
    const actor = await shopOwner();
    const trades = await tradesOf(shopId);
    const [unpaid, another] = trades.filter((t) => t.status === 'WAIT_BUYER_PAY');
    const paid = trades.find((t) => t.status === 'WAIT_SELLER_SEND_GOODS')!;
    const shipped = trades.find((t) => t.status === 'WAIT_BUYER_CONFIRM_GOODS')!;
    const ctx = { database, bus: new MemoryBus() };
    const timer = { kind: 'system' as const, name: 'timer' };
    const order = await database.db.selectFrom('orders').selectAll().where('tid', '=', unpaid.tid).orderBy('oid')
      .executeTakeFirstOrThrow();

    await inTransaction(ctx, async (uow) => {
      const after = await changePrice(uow, actor, unpaid.tid, { oid: order.oid, price: order.price - 100 }, NOW);
      expect(after.payment).toBe(unpaid.payment - 100 * order.num);
      expect((await shipTrade(uow, actor, paid.tid, { company_code: 'SF', out_sid: 'SF1234567890' }, NOW)).status)
        .toBe('WAIT_BUYER_CONFIRM_GOODS');
      const closeAt = new Date(new Date(another.created).getTime() + 24 * HOUR);
      expect((await closeTrade(uow, timer, another.tid, '未及时付款', undefined, closeAt, shopId)).status).toBe('TRADE_CLOSED_BY_TAOBAO');
      const due = new Date(new Date(shipped.consign_time!).getTime() + (10 + shipped.receive_delay_days) * DAY);
      expect((await finishTrade(uow, timer, shipped.tid, sandboxEscrow, due, shopId)).status).toBe('TRADE_FINISHED');
    });
    const escrow = await database.db.selectFrom('escrow_payments').selectAll().where('tid', '=', shipped.tid).executeTakeFirstOrThrow();
    expect(escrow).toMatchObject({ status: 'released', amount: shipped.payment });
  });

  it('leaves room in its pages, so a change of the trade that no index covers rewrites none of its indexes', async () => {
    const actor = await shopOwner();
    // Trades each in a page of its own that nothing has written to since the load (every row in it was made by the
    // load's transaction): the room each one finds is the room the load left.
    const { rows: chosen } = await sql<{ tid: number; flag: number }>`
      with t as (select tid, flag, xmin::text as made_by, (ctid::text::point)[0]::int as page from trades where shop_id = ${shopId}),
      load as (select made_by from t group by made_by order by count(*) desc limit 1),
      untouched as (select page from t group by page having bool_and(made_by = (select made_by from load)))
      select * from (select distinct on (t.page) t.tid, t.flag from t join untouched using (page) order by t.page, t.tid) x
      order by tid limit 8`.execute(database.db);
    expect(chosen).toHaveLength(8);
    // This transaction's own counts: an update PostgreSQL kept in the row's page, without new index entries, is HOT.
    const updates = async (trx: Trx) => {
      const { rows } = await sql<{ upd: number; hot: number }>`
        select n_tup_upd::int as upd, n_tup_hot_upd::int as hot from pg_stat_xact_user_tables where relname = 'trades'`.execute(trx);
      return rows[0] ?? { upd: 0, hot: 0 };
    };
    await inTransaction({ database, bus: new MemoryBus() }, async (uow) => {
      const before = await updates(uow.trx);
      // A memo (the flag kept): like a price, postage, address or receipt change, it touches no indexed column.
      for (const t of chosen) await updateMemo(uow, actor, Number(t.tid), '顾客要求周末送货', t.flag, NOW);
      const after = await updates(uow.trx);
      expect({ upd: after.upd - before.upd, hot: after.hot - before.hot }).toEqual({ upd: 8, hot: 8 });
    });
  });
});
