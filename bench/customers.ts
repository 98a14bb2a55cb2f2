import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database, Engine } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { withBenchDatabase } from './databases.ts';
import { generateTrades } from '../src/seed/generate.ts';
import { customerQueries, type SortKey } from './customers-queries.ts';

/**
 * `npm run bench -- customers [--trades N] [--buyers N] [--samples N] [--engine pglite|postgres]`: a shop of N
 * generated trades (default 1,000,000 over 200,000 buyers), then p50/p99 of the customer list (客户列表) as the
 * back-office asks for it — sorted by last purchase or spend, filtered by level, nick prefix, tag, item bought — and of
 * the repurchase statistics. One JSON line per engine on stdout; everything else on stderr.
 */
const SHOP = 'bench';
const WARM_UP = 5;

export async function run(argv: string[] = []) {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      trades: { type: 'string', default: '1000000' },
      buyers: { type: 'string' },
      samples: { type: 'string', default: '50' },
      engine: { type: 'string', multiple: true },
    },
  });
  const trades = Number(values.trades);
  const opts = { trades, buyers: values.buyers ? Number(values.buyers) : Math.max(1, Math.round(trades / 5)), samples: Number(values.samples) };
  const chosen = (values.engine ?? []).filter((e): e is Engine => e === 'pglite' || e === 'postgres');
  let failed = false;
  for (const engine of chosen.length ? chosen : ['pglite', 'postgres'] as Engine[]) {
    try {
      console.log(JSON.stringify(await withBenchDatabase(engine, (database) => measure(engine, database, opts))));
    } catch (err) {
      failed = true;
      console.error(`[${engine}] failed:`, err);
    }
  }
  return failed ? 1 : 0;
}

type Opts = { trades: number; buyers: number; samples: number };

async function measure(engine: Engine, database: Database, opts: Opts) {
  const log = (...a: unknown[]) => console.error(`[${engine}]`, ...a);
  await migrate(database);
  log(`generating ${opts.trades} trades over ${opts.buyers} buyers… (load average ${loadavg()[0].toFixed(2)})`);
  const seeded = await generateTrades(database, { shop: SHOP, trades: opts.trades, buyers: opts.buyers, progress: true });
  log('seeded', seeded);
  // A shop open for months has been vacuumed: its pages are settled before the first query reads them.
  await sql`vacuum (analyze) trades, orders, customers, customer_items`.execute(database.db);
  const queries = await customerQueries(database.db, SHOP);
  log(`customers: ${queries.customers}`);

  const p50: Record<string, number> = {};
  const p99: Record<string, number> = {};
  for (const [kind, query] of Object.entries(queries.run) as [SortKey, (i: number) => Promise<unknown>][]) {
    for (let i = 0; i < WARM_UP; i++) await query(i);
    const times: number[] = [];
    for (let i = 0; i < opts.samples; i++) {
      const t0 = performance.now();
      await query(WARM_UP + i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    p50[kind] = round(times[Math.floor(times.length * 0.5)]);
    p99[kind] = round(times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]);
    log(`${kind}: p50 ${p50[kind]} ms, p99 ${p99[kind]} ms`);
  }
  return { bench: 'customers', engine, trades: seeded.trades, customers: queries.customers, seed_trades_s: seeded.trades_s, p50_ms: p50, p99_ms: p99 };
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await run(process.argv.slice(2)));
}

export default run;
