import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './database.ts';

/** What one round did to one table. */
export interface Maintained {
  table: string;
  vacuumed: boolean;
  analyzed: boolean;
  ms: number;
}

/**
 * The tables past autovacuum's thresholds, by the database's own settings (PostgreSQL's relation_needs_vacanalyze):
 * dead rows or rows inserted since the last vacuum beyond a base plus a share of the table, transaction ids older
 * than the freeze age, rows changed since the last analyze beyond theirs. A table never vacuumed counts as empty.
 */
async function due(database: Database) {
  // The counters the backend has not yet published (it does so at most once a second) count too.
  await sql`select pg_stat_force_next_flush()`.execute(database.db);
  const { rows } = await sql<{ table: string; vacuum: boolean; analyze: boolean }>`
    with s as (
      select current_setting('autovacuum_vacuum_threshold')::float8 as vac_base,
             current_setting('autovacuum_vacuum_scale_factor')::float8 as vac_share,
             current_setting('autovacuum_vacuum_insert_threshold')::float8 as ins_base,
             current_setting('autovacuum_vacuum_insert_scale_factor')::float8 as ins_share,
             current_setting('autovacuum_analyze_threshold')::float8 as an_base,
             current_setting('autovacuum_analyze_scale_factor')::float8 as an_share,
             current_setting('autovacuum_freeze_max_age')::float8 as freeze_age
    )
    select t.relname as table,
      t.n_dead_tup > s.vac_base + s.vac_share * greatest(c.reltuples, 0)
        or t.n_ins_since_vacuum > s.ins_base + s.ins_share * greatest(c.reltuples, 0)
        or age(c.relfrozenxid) > s.freeze_age as vacuum,
      t.n_mod_since_analyze > s.an_base + s.an_share * greatest(c.reltuples, 0) as analyze
    from pg_stat_user_tables t join pg_class c on c.oid = t.relid, s
    where t.schemaname = current_schema()
    order by t.relname`.execute(database.db);
  return rows.filter((r) => r.vacuum || r.analyze);
}

/** One round: every table that is due, one statement each (each holds the single connection while it runs). */
export async function maintainEmbedded(database: Database): Promise<Maintained[]> {
  const done: Maintained[] = [];
  for (const { table, vacuum, analyze } of await due(database)) {
    const t0 = performance.now();
    const what = vacuum && analyze ? sql`vacuum (analyze)` : vacuum ? sql`vacuum` : sql`analyze`;
    await sql`${what} ${sql.table(table)}`.execute(database.db);
    done.push({ table, vacuumed: vacuum, analyzed: analyze, ms: Math.round(performance.now() - t0) });
  }
  return done;
}

/**
 * The embedded database runs PostgreSQL as one standalone backend, without the autovacuum daemon: left alone, dead
 * rows would never be reclaimed, the planner's statistics never refreshed, and after about two billion transactions
 * PostgreSQL would stop accepting writes for want of frozen ones. Xiaoer does autovacuum's work, every `everyMs`.
 * On PostgreSQL the server's own autovacuum does it.
 */
export function startEmbeddedMaintenance(database: Database, log: FastifyBaseLogger, everyMs: number) {
  let running: Promise<void> | undefined;
  const round = async () => {
    try {
      const done = await maintainEmbedded(database);
      if (done.length) log.info({ maintained: done }, 'embedded database: vacuumed and analyzed what was due');
    } catch (err) {
      log.warn({ err }, 'embedded database: maintenance failed; it is tried again next round');
    }
  };
  const timer = setInterval(() => {
    running ??= round().finally(() => {
      running = undefined;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
