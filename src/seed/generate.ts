import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Trx } from '../db/transaction.ts';
import { hashPassword, SHOP_NAME } from '../modules/accounts/index.ts';
import type { ShippingTemplate } from '../modules/logistics/index.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { buyersSql, chunkSql, NICK_SPACE, type ChunkParams } from './generate-sql.ts';
import { benchCatalog } from './products.ts';
import { addProducts, addShippingTemplate, createShop } from './shop.ts';
import { mulberry32 } from './random.ts';

export interface GenerateOptions {
  shop: string;
  trades: number;
  /** How many buyers the trades are spread over (default trades / 5). */
  buyers?: number;
  progress?: boolean;
  /** The same seed (and `now`) gives a fresh shop the same trades, buyers and addresses. */
  seed?: number;
  now?: Date;
}

export interface GenerateResult {
  shop: string;
  trades: number;
  orders: number;
  buyers: number;
  seconds: number;
  trades_s: number;
  /** The shop's customer rows, derived from the trades once they are in (not part of trades_s). */
  customers_seconds: number;
}

// Each statement hashes every buyer once to join them: fewer, larger chunks do that less often. This size still
// moves the progress bar every few seconds and keeps a chunk within work_mem.
const CHUNK = 200_000;
// The generated tables: written in bulk below, so the planner must learn about them before the first query.
const TABLES = ['buyers', 'trades', 'orders', 'jobs', 'escrow_payments'] as const;
// The tables a load fills with as many rows as it makes trades, whose indexes it may build after the rows.
const INDEXED_AFTER = ['trades', 'orders', 'escrow_payments'];

/**
 * Fills a shop (created if missing) with a believable 90-day history of trades for benchmarks: buyers with
 * addresses, sub-orders from a fifty-item catalogue, every status in its usual share, flags and memos on some,
 * and the live timers the trade use cases would have left. Rows are generated inside the database in one
 * transaction, a chunk per statement.
 */
export async function generateTrades(database: Database, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const seed = opts.seed ?? 1;
  const trades = opts.trades;
  const buyers = opts.buyers ?? Math.max(1, Math.round(trades / 5));
  if (!SHOP_NAME.test(opts.shop)) throw new Error(`Bad shop name: ${opts.shop}`);
  if (!Number.isSafeInteger(trades) || trades < 0) throw new Error(`Bad number of trades: ${trades}`);
  if (!Number.isSafeInteger(buyers) || buyers < 1 || buyers > NICK_SPACE) throw new Error(`Buyers must be 1…${NICK_SPACE}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 31) throw new Error('The seed is an integer in [0, 2^31)');

  const bar = opts.progress
    ? new cliProgress.SingleBar({ format: ' {stage} |{bar}| {value}/{total} | {duration}s', hideCursor: true },
      cliProgress.Presets.shades_classic)
    : undefined;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  let orders = 0;
  let customersMs = 0;
  try {
    ({ total: orders } = await database.db.transaction().execute(async (trx) => {
      const buildIndexes = await dropIndexesForLoad(trx, INDEXED_AFTER, trades);
      await sql`set local work_mem = '128MB'`.execute(trx);
      // Compiling these long expressions costs more than running them.
      await sql`set local jit = off`.execute(trx);
      await skipForeignKeyChecks(trx);
      // Customers are rebuilt once at the end (customers_rebuild) instead of by a trigger on every statement.
      await sql`select set_config('xiaoer.bulk_load', 'on', true)`.execute(trx);
      // The shop opened before the first generated trade.
      const opened = new Date(now.getTime() - 120 * 86_400_000);
      const shop = await findOrCreateShop(trx, opts.shop, passwordHash, opened);
      const skus = await loadSkus(trx, shop.id, seed, opened);
      const template = await defaultTemplate(trx, shop.id);
      bar?.start(buyers, 0, { stage: '买家 buyers' });
      await sql.raw(buyersSql(seed, buyers, template)).execute(trx);
      await sql`
        insert into buyers (nick, password_hash, mobile, created_at)
        select nick, ${passwordHash}, receiver_mobile, ${now}::timestamptz - (interval '90 days') - (k % 730) * interval '1 day'
        from gen_person order by nick -- in index order, so the unique index on nick is written page after page
        on conflict (nick) do nothing`.execute(trx);
      // A nick taken before (the same seed in another shop) is the same platform member buying here too.
      await sql`create temp table gen_buyer on commit drop as
        select p.*, b.id from gen_person p join buyers b on b.nick = p.nick`.execute(trx);
      // Only its join key matters to the plan of the trades (and the address columns are most of ANALYZE's work).
      await sql`analyze gen_buyer (k)`.execute(trx);
      bar?.update(buyers);
      bar?.stop();

      const params: ChunkParams = {
        seed, shopId: shop.id, trades, buyers, now: Math.floor(now.getTime() / 1000),
        unpaidCloseHours: shop.unpaid_close_hours, template, skus,
      };
      bar?.start(trades, 0, { stage: '交易 trades' });
      let total = 0;
      for (let lo = 1; lo <= trades; lo += CHUNK) {
        const hi = Math.min(trades, lo + CHUNK - 1);
        const { rows } = await sql.raw<{ trades: number; orders: number }>(chunkSql(params, lo, hi)).execute(trx);
        total += rows[0].orders;
        bar?.update(hi);
      }
      bar?.stop();
      await buildIndexes();
      // Customers are derived in one grouping pass once the trades are in, rather than by their triggers on every
      // statement; timed apart, since trades_s is the rate of the trades themselves.
      const derived = performance.now();
      await sql`select customers_rebuild(${shop.id})`.execute(trx);
      customersMs = performance.now() - derived;
      return { total, shopId: shop.id };
    }));
  } finally {
    bar?.stop();
  }
  for (const table of TABLES) await sql`analyze ${sql.table(table)}`.execute(database.db);
  const seconds = (performance.now() - started - customersMs) / 1000;
  const analyzed = performance.now();
  for (const table of ['customers', 'customer_items']) await sql`analyze ${sql.table(table)}`.execute(database.db);
  customersMs += performance.now() - analyzed;
  return {
    shop: opts.shop, trades, orders, buyers,
    seconds: Math.round(seconds * 100) / 100,
    trades_s: Math.round(trades / seconds),
    customers_seconds: Math.round(customersMs / 10) / 100,
  };
}

/**
 * The generated rows reference only rows made or read in this same transaction, so the per-row foreign-key
 * checks (half the cost of an insert) are left out when the role may, and when no other trigger would be skipped:
 * the customers' triggers are replaced by customers_rebuild, and the statistics' stand aside under xiaoer.bulk_load
 * (a generated shop's figures come from `stats recompute`).
 */
async function skipForeignKeyChecks(trx: Trx) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_trigger
    where tgrelid in ('trades'::regclass, 'orders'::regclass, 'jobs'::regclass, 'escrow_payments'::regclass, 'buyers'::regclass)
      and not tgisinternal and tgname not like 'customers\_%' and tgname not like 'stats\_%'`.execute(trx);
  return rows[0].n === 0 && trySet(trx, sql`set local session_replication_role = replica`);
}

/**
 * A load that at least doubles these tables builds their secondary indexes once, after the rows are in: sorting a
 * million keys costs a fraction of putting them one at a time into random places of a B-tree (a buyer's nick, a
 * buyer), and inserts into a table without them go at twice the speed. The indexes are dropped inside the load's
 * transaction, so no other session ever sees the tables without them: it waits for the load instead. The lock is the
 * load's first, so it never waits for it while holding another. Indexes that back a constraint (primary and unique
 * keys) stay and check every row as it comes. Returns what builds the dropped ones again.
 */
async function dropIndexesForLoad(trx: Trx, tables: string[], adding: number): Promise<() => Promise<void>> {
  // The planner's estimate, which takes no lock; never analyzed (-1) is a table nobody has loaded in bulk.
  const { rows: [size] } = await sql<{ rows: number }>`
    select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'trades'::regclass`.execute(trx);
  if (size.rows >= adding) return async () => {};
  await sql`lock table ${sql.join(tables.map((t) => sql.table(t)))} in access exclusive mode`.execute(trx);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any(${tables}::regclass[])
      and not exists (select from pg_constraint c where c.conindid = i.indexrelid)
    order by name`.execute(trx);
  for (const index of indexes) await sql`drop index ${sql.raw(index.name)}`.execute(trx);
  return async () => {
    // Each build sorts its keys in memory rather than in temporary files.
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
  };
}

/** A setting this role may not change is left as it is, without spoiling the transaction. */
async function trySet(trx: Trx, statement: ReturnType<typeof sql>) {
  await sql`savepoint try_set`.execute(trx);
  try {
    await statement.execute(trx);
    await sql`release savepoint try_set`.execute(trx);
    return true;
  } catch {
    await sql`rollback to savepoint try_set`.execute(trx);
    return false;
  }
}

async function findOrCreateShop(trx: Trx, name: string, passwordHash: string, opened: Date) {
  const existing = await trx.selectFrom('shops').selectAll().where('name', '=', name).executeTakeFirst();
  if (existing) return existing;
  const { shop } = await createShop(trx, { name, title: `${name} 生活馆`, type: 'C', passwordHash, now: opened });
  await addShippingTemplate(trx, shop.id);
  await addProducts(trx, shop.id, benchCatalog(), opened);
  return shop;
}

/** The shop's SKUs on sale, in an order of popularity fixed by the seed; a shop without any gets the catalogue. */
async function loadSkus(trx: Trx, shopId: number, seed: number, opened: Date) {
  const query = () => trx
    .selectFrom('skus')
    .innerJoin('products', 'products.num_iid', 'skus.num_iid')
    .select(['skus.sku_id', 'skus.num_iid', 'products.title', 'skus.properties_name', 'skus.price',
      sql<number>`coalesce(skus.weight_g, products.weight_g)`.as('weight_g')])
    .where('skus.shop_id', '=', shopId)
    .where('products.approve_status', '=', 'onsale')
    .orderBy('skus.sku_id')
    .execute();
  let skus = await query();
  if (!skus.length) {
    await addProducts(trx, shopId, benchCatalog(), opened);
    skus = await query();
  }
  const random = mulberry32(seed);
  for (let i = skus.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [skus[i], skus[j]] = [skus[j], skus[i]];
  }
  await sql`create temp table gen_sku (i int primary key, sku_id bigint, num_iid bigint, title text,
    properties_name text, price int) on commit drop`.execute(trx);
  await sql`
    insert into gen_sku select * from unnest(
      ${skus.map((_, i) => i)}::int[], ${skus.map((s) => s.sku_id)}::bigint[], ${skus.map((s) => s.num_iid)}::bigint[],
      ${skus.map((s) => s.title)}::text[], ${skus.map((s) => s.properties_name)}::text[], ${skus.map((s) => s.price)}::int[])`
    .execute(trx);
  await sql`analyze gen_sku`.execute(trx);
  return skus;
}

async function defaultTemplate(trx: Trx, shopId: number): Promise<ShippingTemplate | undefined> {
  const t = await trx.selectFrom('shipping_templates').selectAll().where('shop_id', '=', shopId)
    .orderBy('is_default', 'desc').orderBy('id').limit(1).executeTakeFirst();
  return t && { ...t, region_fees: t.region_fees as ShippingTemplate['region_fees'] };
}
