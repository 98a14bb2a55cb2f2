import { Command, Option } from 'commander';
import { createApp } from './app.ts';
import { loadConfig, type ProcessRole } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { backupToFile, moveToPostgres, restoreFromFile } from './db/transfer-cli.ts';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { generateTrades } from './seed/generate.ts';
import { importFile, IMPORT_KINDS, type ImportKind } from './modules/customers/index.ts';
import { recomputeAllShops, recomputeDay } from './modules/stats/index.ts';

const program = new Command('xiaoer').description('Xiaoer (店小二): customer-service workbench and trade back-office');

const roles = new Option('--roles <list>', 'what this process does: api,realtime,worker')
  .argParser((v) => v.split(',').map((r) => r.trim()) as ProcessRole[]);

program
  .command('start')
  .description('serve the API (and run timers); PGlite in XIAOER_DATA_DIR unless DATABASE_URL is set')
  .option('--demo', 'load the demo shops, accounts and trades first (idempotent) and print the log-ins')
  .option('--port <n>', 'port to listen on (default PORT or 3000)')
  .addOption(roles)
  .action(async (opts: { demo?: boolean; port?: string; roles?: ProcessRole[] }) => {
    const config = loadConfig({ port: opts.port ? Number(opts.port) : undefined, roles: opts.roles });
    const app = await createApp({ config });
    if (opts.demo) printLogins(await seedDemo(app.ctx.database, { progress: true }));
    if (config.roles.includes('worker')) {
      app.jobs.start(config.jobPollMs);
      app.chat.sweeper.start(config.routingSweepMs);
    }
    await app.http.listen({ port: config.port, host: config.host });
    const stop = async () => {
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply the migrations not yet applied')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrate(database);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
    await database.close();
  });

program
  .command('seed')
  .description('load demo data, or generate a large believable shop for benchmarks')
  .option('--demo', 'the demo shops, accounts, products and trades (idempotent)')
  .option('--trades <n>', 'generate N trades in shop --shop', (v) => Number(v))
  .option('--buyers <n>', 'spread the generated trades over N buyers', (v) => Number(v))
  .option('--shop <name>', 'shop to generate into (created if missing)', 'bench')
  .action(async (opts: { demo?: boolean; trades?: number; buyers?: number; shop: string }) => {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await migrate(database);
    if (opts.demo || !opts.trades) printLogins(await seedDemo(database, { progress: true }));
    if (opts.trades) {
      const result = await generateTrades(database, { shop: opts.shop, trades: opts.trades, buyers: opts.buyers, progress: true });
      console.log(JSON.stringify(result));
    }
    await database.close();
  });

program
  .command('import')
  .description('import customers or historical trades of a shop from a CSV file (a seller moving in)')
  .argument('<file>', 'CSV file, UTF-8 or GB18030 (as Excel saves it)')
  .requiredOption('--shop <name>', 'the shop to import into')
  .addOption(new Option('--kind <kind>', 'what the file holds; read from its header when absent').choices(IMPORT_KINDS))
  .action(async (file: string, opts: { shop: string; kind?: ImportKind }) => {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await migrate(database);
    try {
      const result = await importFile(config, database, { file, shop: opts.shop, kind: opts.kind });
      for (const e of result.errors) console.error(`  line ${e.line}: ${e.reason}`);
      console.log(JSON.stringify({ ...result, errors: result.errors.length }));
    } finally {
      await database.close();
    }
  });

program
  .command('stats')
  .description('team performance figures (绩效统计)')
  .command('recompute')
  .description("rebuild one day's figures from the raw messages, trades and ratings (the shop's calendar day)")
  .requiredOption('--day <YYYY-MM-DD>', 'the day to rebuild')
  .option('--shop <id>', 'only this shop (its id); every shop when absent', (v) => {
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`--shop takes a shop id, not "${v}"`);
    return Number(v);
  })
  .action(async (opts: { day: string; shop?: number }) => {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    await migrate(database);
    try {
      const results = opts.shop ? [await recomputeDay(database.db, opts.shop, opts.day)] : await recomputeAllShops(database.db, opts.day);
      for (const r of results) console.log(JSON.stringify(r));
    } catch (err) {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('move')
  .description('move the embedded database (XIAOER_DATA_DIR) into an empty PostgreSQL database, and check the counts')
  .requiredOption('--to <url>', 'the PostgreSQL database, e.g. postgres://user@host:5432/xiaoer')
  .action(async (opts: { to: string }) => moveToPostgres(loadConfig(), opts.to));

program
  .command('backup')
  .description('write the whole database (embedded or DATABASE_URL) to a file, in one consistent snapshot')
  .argument('<file>', 'the backup file to write, e.g. xiaoer-2026-12-01.jsonl.gz')
  .action(async (file: string) => backupToFile(loadConfig(), file));

program
  .command('restore')
  .description('load a backup into an empty database (embedded or DATABASE_URL), from either engine')
  .argument('<file>', 'a file written by backup')
  .action(async (file: string) => restoreFromFile(loadConfig(), file));

function printLogins(logins: { shop: string; account: string; role: string }[]) {
  console.log(`\nXiaoer demo log-ins (password ${DEMO_PASSWORD} for all):`);
  // The account goes last: Chinese names are double width and would break any column after them.
  console.log(`  ${'role'.padEnd(12)} ${'shop'.padEnd(12)} log-in`);
  for (const l of logins) console.log(`  ${l.role.padEnd(12)} ${l.shop.padEnd(12)} ${l.account}`);
  console.log('  web: http://localhost:' + (process.env.PORT ?? 3000) + '/  storefront: /shop/demo');
  console.log('');
}

try {
  await program.parseAsync();
} catch (err) {
  // A refused command (a target that is not empty, a file that is not a backup) reads as a sentence, not a trace.
  console.error(`xiaoer: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
}
