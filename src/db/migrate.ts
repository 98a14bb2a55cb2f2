import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
// Any fixed number: nodes starting together take turns applying migrations.
const MIGRATION_LOCK = 734_201;

export function listMigrations(dir = MIGRATIONS_DIR) {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies, in order, every migration not yet applied (or only those `only` accepts: a restore first rebuilds the
 * schema its backup was taken at). Returns the names it applied.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR, only: (name: string) => boolean = () => true): Promise<string[]> {
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((r) => r.name),
      );
      for (const m of listMigrations(dir)) {
        if (done.has(m.name) || !only(m.name)) continue;
        // The file name is checked by listMigrations, so it can stand in the script as it is.
        try {
          await sql.raw(`begin;\n${m.text}\n;insert into schema_migrations (name) values ('${m.name}');\ncommit;`).execute(conn);
        } catch (err) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}
