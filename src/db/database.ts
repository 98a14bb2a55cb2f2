import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, sql, type LogConfig } from 'kysely';
import pg from 'pg';
import { Client } from './pg-client.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { openPGliteThread } from './pglite-thread.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

// bigint ids and counts fit in a JS number here (tids stay far below 2^53); read them as numbers.
const INT8 = 20;
pg.types.setTypeParser(INT8, (v) => Number(v));

/** `log`: Kysely's hook, called for every statement (transaction control included), e.g. to count round trips. */
export async function openDatabase(opts: { url?: string; dataDir?: string; poolSize?: number; log?: LogConfig }): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, opts.log);
  return openPGlite(opts.dataDir, opts.log);
}

async function openPostgres(url: string, max: number, log?: LogConfig): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, Client });
  // An idle connection the server ends (a restart, a timeout) is dropped by the pool and opened afresh when needed;
  // without a listener its error would end the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
  return {
    engine: 'postgres',
    db,
    close: () => db.destroy(),
  };
}

/** `dataDir` undefined means in memory (tests); otherwise the folder is created and kept. */
async function openPGlite(dataDir?: string, log?: LogConfig): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await openPGliteThread(dataDir);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(lite), log });
  return {
    engine: 'pglite',
    db,
    close: () => db.destroy(),
  };
}

export async function ping(database: Database) {
  await sql`select 1`.execute(database.db);
}
