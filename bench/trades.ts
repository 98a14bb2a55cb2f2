import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { MemoryBus } from '../src/bus/memory-bus.ts';
import type { Database, Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openBareWrite } from './bare-write.ts';
import { withBenchDatabase } from './databases.ts';
import { measurePauses } from './machine-pauses.ts';
import type { AccountActor, Role } from '../src/modules/accounts/index.ts';
import { repriceTrade } from '../src/modules/trades/actions.ts';
import { searchTrades, type TradeSearch } from '../src/modules/trades/store.ts';
import { generateTrades } from '../src/seed/generate.ts';
import { mulberry32 } from '../src/seed/random.ts';

/**
 * `npm run bench -- trades [--trades N] [--buyers N] [--samples N] [--engine pglite|postgres] [--explain]`:
 * a shop of N generated trades (default 1,000,000 over 200,000 buyers), on PGlite in a fresh data folder and on
 * PostgreSQL in a scratch database; the seeding rate, then p50/p99 of what the back-office does all day: search by
 * buyer nick, by trade number, the warehouse's queue (paid, oldest payment first), and a price change, with the
 * round trips (statements, transaction control included) each one takes. On PostgreSQL the price change is timed in
 * turn with a bare client's two-round-trip write (bare-write.ts), and before measuring the bench notes how often its
 * own thread is paused (machine-pauses.ts): the floor that the machine sets under the tail.
 * One JSON line per engine on stdout; everything else on stderr.
 */
const SHOP = 'bench';
const PAGE = 40;
/**
 * Runs of each measured operation before its samples are timed. A server that has served the back-office all day runs
 * its code compiled; a fresh process spends its first few thousand runs of a path in V8's interpreter and compilers,
 * which on two cores compile beside the database. Timed from cold, that start-up set the p99 (a bare pg client's
 * lookup by key here: p99 2.7–3.3 ms over its first 2,000 runs, 0.5–0.7 ms after 4,000).
 */
const WARM_UP_RUNS = 2000;
/**
 * The buyers, trades and unpaid trades the warm-up goes over again and again: the timed samples are others, so the
 * database has no more of them in its cache than of any trade.
 */
const WARM_UP_POOL = 20;

type Kind = 'nick' | 'tid' | 'queue' | 'price';

export async function run(argv: string[] = []) {
  const { values } = parseArgs({
    args: argv,
    // Run with every other benchmark, it is handed their options too.
    strict: false,
    options: {
      trades: { type: 'string', default: '1000000' },
      buyers: { type: 'string' },
      samples: { type: 'string', default: '500' },
      engine: { type: 'string', multiple: true },
      seed: { type: 'string', default: '1' },
      explain: { type: 'boolean', default: false },
    },
  });
  const trades = Number(values.trades);
  const opts = {
    trades,
    buyers: values.buyers ? Number(values.buyers) : Math.max(1, Math.round(trades / 5)),
    samples: Number(values.samples),
    seed: Number(values.seed),
    explain: values.explain === true,
  };
  const chosen = (values.engine ?? []).filter((e): e is Engine => e === 'pglite' || e === 'postgres');
  const engines: Engine[] = chosen.length ? chosen : ['pglite', 'postgres'];
  if (engines.length > 1) return eachInItsOwnProcess(engines, argv);
  let failed = false;
  for (const engine of engines) {
    try {
      const line = await withBenchDatabase(engine, (database, url) => measure(engine, database, opts, url), countStatements);
      console.log(JSON.stringify(line));
    } catch (err) {
      failed = true;
      console.error(`[${engine}] failed:`, err);
    }
  }
  return failed ? 1 : 0;
}

/**
 * PGlite holds its whole database in the memory of its process (hundreds of MB for a large shop): each engine is
 * measured in a process of its own, as it runs in production, so neither carries what the other left behind.
 */
async function eachInItsOwnProcess(engines: Engine[], argv: string[]) {
  const rest = argv.filter((a, i) => !a.startsWith('--engine') && argv[i - 1] !== '--engine');
  let failed = 0;
  for (const engine of engines) {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...rest, '--engine', engine],
      { stdio: 'inherit' });
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
    if (code !== 0) failed++;
  }
  return failed ? 1 : 0;
}

/** Statements sent to the database, counted by Kysely's log hook. */
let statements = 0;
const countStatements = () => {
  statements++;
};

interface Opts {
  trades: number;
  buyers: number;
  samples: number;
  seed: number;
  explain: boolean;
}

async function measure(engine: Engine, database: Database, opts: Opts, url?: string) {
  const log = (...a: unknown[]) => console.error(`[${engine}]`, ...a);
  await migrate(database);
  log(`generating ${opts.trades} trades over ${opts.buyers} buyers… (load average ${loadavg()[0].toFixed(2)})`);
  const seeded = await generateTrades(database, {
    shop: SHOP, trades: opts.trades, buyers: opts.buyers, seed: opts.seed, progress: true,
  });
  log('seeded', seeded);
  // A shop that has been open for months has been vacuumed and checkpointed: its pages are settled before the first
  // query reads them, and writing the seed back to disk does not run under the measurement.
  const settling = performance.now();
  await sql`vacuum (analyze) trades, orders`.execute(database.db);
  await sql`checkpoint`.execute(database.db);
  log(`vacuumed and checkpointed in ${Math.round(performance.now() - settling)} ms`);

  const db = database.db;
  const main = await db.selectFrom('accounts').selectAll().where('login', '=', SHOP).executeTakeFirstOrThrow();
  const shopId = main.shop_id;
  const random = mulberry32(opts.seed);
  const range = await db.selectFrom('trades').select([sql<number>`min(tid)`.as('lo'), sql<number>`max(tid)`.as('hi')])
    .where('shop_id', '=', shopId).executeTakeFirstOrThrow();
  // The first WARM_UP_POOL of every list warm up; the measured samples are the others.
  const someTids = Array.from({ length: opts.samples + WARM_UP_POOL }, () => range.lo + Math.floor(random() * (range.hi - range.lo + 1)));
  const sampled = await db.selectFrom('trades').select(['tid', 'buyer_nick']).where('shop_id', '=', shopId)
    .where('tid', '=', sql<number>`any(${someTids}::bigint[])`).execute();
  const nicks = sampled.map((t) => t.buyer_nick);
  const tids = sampled.map((t) => t.tid);
  // Each price change needs a trade of its own that is still unpaid.
  const unpaid = await sql<{ tid: number; oid: number; price: number }>`
    select distinct on (o.tid) o.tid, o.oid, o.price
    from (select tid from trades where shop_id = ${shopId} and status = 'WAIT_BUYER_PAY' order by random() limit ${opts.samples + WARM_UP_POOL}) t
    join orders o on o.tid = t.tid
    order by o.tid, o.oid`.execute(db);
  const actor: AccountActor = {
    kind: 'account', id: main.id, shopId, login: main.login, role: main.role as Role, isMain: main.is_main,
    permissions: main.permissions, maxDiscountPct: main.max_discount_pct,
  };
  const bus = new MemoryBus();

  const search = (s: Partial<TradeSearch>) => searchTrades(db, { shopId, sort: 'created_desc', offset: 0, limit: PAGE, ...s });
  const queries: Record<Kind, (i: number) => Promise<unknown>> = {
    nick: (i) => search({ buyerNick: nicks[i % nicks.length] }),
    tid: (i) => search({ tid: tids[i % tids.length] }),
    queue: () => search({ status: 'WAIT_SELLER_SEND_GOODS', sort: 'pay_time_asc' }),
    // As the API's price route runs it (its own transactions).
    price: (i) => {
      const t = unpaid.rows[i];
      return repriceTrade({ database, bus }, actor, t.tid, { oid: t.oid, price: Math.max(0, t.price - 100) }, new Date());
    },
  };
  if (opts.explain) await explain(db, shopId, nicks[0], tids[0], log);

  const bare = url ? await openBareWrite(url) : undefined;
  const bareTimes: number[] = [];

  // Other processes on the machine show in the tails: say how busy it was, and how often this thread was paused.
  log(`load average before measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const pauses = measurePauses();
  log(`paused ${pauses.per_s} times a second, ${pauses.lost_pct} % of the time, longest ${pauses.max_ms} ms`);
  const p50: Record<string, number> = {};
  const p99: Record<string, number> = {};
  const roundTrips: Record<string, number> = {};
  for (const kind of Object.keys(queries) as Kind[]) {
    const available = { nick: nicks.length, tid: tids.length, queue: Infinity, price: unpaid.rows.length }[kind];
    const n = Math.min(opts.samples, Math.max(0, available - WARM_UP_POOL));
    if (n === 0) {
      log(`${kind}: nothing to measure`);
      continue;
    }
    const beside = kind === 'price' ? bare : undefined;
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      statements = 0;
      await queries[kind](run % WARM_UP_POOL);
      roundTrips[kind] = statements;
      await beside?.run(run);
    }
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await queries[kind](WARM_UP_POOL + i);
      times.push(performance.now() - t0);
      if (!beside) continue;
      const t1 = performance.now();
      await beside.run(i);
      bareTimes.push(performance.now() - t1);
    }
    ({ p50: p50[kind], p99: p99[kind] } = summary(times));
    log(`${kind}: ${n} samples, p50 ${p50[kind]} ms, p99 ${p99[kind]} ms, max ${round(times[times.length - 1])} ms, ${roundTrips[kind]} round trips`);
  }
  log(`load average after measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await bare?.close();
  const bareWrite = bareTimes.length ? summary(bareTimes) : undefined;
  if (bareWrite) log(`bare two-round-trip write beside the price change: p50 ${bareWrite.p50} ms, p99 ${bareWrite.p99} ms`);
  return {
    bench: 'trades', engine, trades: seeded.trades, seed_trades_s: seeded.trades_s, customers_rebuild_s: seeded.customers_seconds, p50_ms: p50, p99_ms: p99, round_trips: roundTrips,
    ...(bareWrite ? { bare_write_ms: bareWrite } : {}), machine_pauses: pauses,
  };
}

/** The plans of the measured searches, to see which index serves each. */
async function explain(db: Database['db'], shopId: number, nick: string, tid: number, log: (...a: unknown[]) => void) {
  const plans = {
    nick: sql`explain (analyze, buffers) select * from trades where shop_id = ${shopId} and buyer_nick = ${nick}
      order by created desc, tid desc limit ${PAGE + 1}`,
    tid: sql`explain (analyze, buffers) select * from trades where shop_id = ${shopId} and tid = ${tid}
      order by created desc, tid desc limit ${PAGE + 1}`,
    queue: sql`explain (analyze, buffers) select * from trades where shop_id = ${shopId} and status = 'WAIT_SELLER_SEND_GOODS'
      order by pay_time asc, tid asc limit ${PAGE + 1}`,
  };
  for (const [kind, q] of Object.entries(plans)) {
    const rows = (await q.execute(db)).rows as { 'QUERY PLAN': string }[];
    log(`${kind} plan:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

/** Nearest rank: the smallest sample with at least `p` of the samples at or below it. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 1000) / 1000;
/** p50 and p99 of these times, in ms to the µs (sorts them). */
function summary(times: number[]) {
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await run(process.argv.slice(2)));
}

export default run;
