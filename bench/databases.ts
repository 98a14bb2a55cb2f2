import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogConfig } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../src/db/database.ts';

/**
 * A fresh, empty database of either engine for one benchmark run, removed afterwards: PGlite in a temporary folder,
 * PostgreSQL as a new database beside the one DATABASE_URL (or TEST_DATABASE_URL) names (its URL is handed over too,
 * for a client of the benchmark's own).
 */
export async function withBenchDatabase<T>(
  engine: Engine, use: (database: Database, url?: string) => Promise<T>, log?: LogConfig,
): Promise<T> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'xiaoer-bench-'));
    try {
      const database = await openDatabase({ dataDir: dir, log });
      try {
        return await use(database);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `xiaoer_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    const url = postgresUrl(name);
    const database = await openDatabase({ url, log });
    try {
      return await use(database, url);
    } finally {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/** The PostgreSQL that DATABASE_URL (or TEST_DATABASE_URL) names, or the database `name` beside it. */
function postgresUrl(name?: string) {
  const url = new URL(process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  if (name) url.pathname = `/${name}`;
  return url.toString();
}
