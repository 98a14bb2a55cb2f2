import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
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

export async function openDatabase(opts: { url?: string; dataDir?: string; poolSize?: number }): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPGlite(opts.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    close: () => db.destroy(),
  };
}

/** `dataDir` undefined means in memory (tests); otherwise the folder is created and kept. */
async function openPGlite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, { parsers: { [INT8]: (v: string) => Number(v) } });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  return {
    engine: 'pglite',
    db,
    close: () => db.destroy(),
  };
}

export async function ping(database: Database) {
  await sql`select 1`.execute(database.db);
}
