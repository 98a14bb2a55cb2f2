import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { copyDatabase, type TransferReport } from './transfer.ts';

/** The command-line face of move, backup and restore: a progress bar, the counts, a non-zero exit on a mismatch. */
function progress(label: string) {
  const bar = new cliProgress.SingleBar({ format: ` ${label} |{bar}| {value}/{total} rows | {duration}s`, hideCursor: true },
    cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function printReport(report: TransferReport) {
  for (const t of report.tables) {
    if (t.source || t.target) console.log(`  ${t.name.padEnd(32)} ${String(t.source).padStart(10)} ${t.source === t.target ? 'ok' : `≠ ${t.target}`}`);
  }
  console.log(report.ok ? `all ${report.rows} rows in ${report.tables.length} tables match` : 'COUNTS DIFFER: the copy is not complete');
  if (!report.ok) process.exitCode = 1;
}

async function withBar<T>(label: string, work: (onRows: (done: number, total: number) => void) => Promise<T>) {
  const bar = progress(label);
  try {
    return await work(bar.update);
  } finally {
    bar.stop();
  }
}

async function opened<T>(opts: Parameters<typeof openDatabase>[0], work: (db: Database) => Promise<T>) {
  const database = await openDatabase(opts);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** `xiaoer move --to URL`: the embedded database of XIAOER_DATA_DIR into an empty PostgreSQL database. */
export async function moveToPostgres(config: Config, url: string) {
  if (config.databaseUrl) throw new Error('DATABASE_URL is set: move copies the embedded database (XIAOER_DATA_DIR) and takes the target as --to');
  await opened({ dataDir: config.dataDir }, (from) => opened({ url }, async (to) => {
    await migrate(from);
    await migrate(to);
    const report = await withBar('迁移 move', (onRows) => copyDatabase(from, to, onRows));
    printReport(report);
    if (report.ok) console.log(`done: start Xiaoer with DATABASE_URL=${url.replace(/:[^:@/]+@/, ':***@')}`);
  }));
}

export async function backupToFile(config: Config, file: string) {
  await opened({ url: config.databaseUrl, dataDir: config.dataDir }, async (database) => {
    const r = await withBar('备份 backup', (onRows) => backupDatabase(database, file, onRows));
    console.log(`backed up ${r.rows} rows of ${r.tables} tables (${database.engine}) to ${file}`);
  });
}

export async function restoreFromFile(config: Config, file: string) {
  await opened({ url: config.databaseUrl, dataDir: config.dataDir }, async (database) => {
    printReport(await withBar('恢复 restore', (onRows) => restoreDatabase(database, file, onRows)));
  });
}
