import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { maintainEmbedded } from '../../src/db/embedded-maintenance.ts';
import { migrate } from '../../src/db/migrate.ts';

const tableStats = async (database: Database, table: string) => {
  await sql`select pg_stat_force_next_flush()`.execute(database.db);
  const { rows: [row] } = await sql<{ dead: number; vacuumed: Date | null; analyzed: Date | null; reltuples: number }>`
    select t.n_dead_tup as dead, t.last_vacuum as vacuumed, t.last_analyze as analyzed, c.reltuples
    from pg_stat_user_tables t join pg_class c on c.oid = t.relid where t.relname = ${table}`.execute(database.db);
  return row;
};

/** 200 buyers, each rewritten three times: up to 600 dead rows, past autovacuum's 50 + 20 % of a table never vacuumed. */
async function churnBuyers(database: Database, prefix: string) {
  await sql`insert into buyers (nick, password_hash) select ${prefix} || g, 'x' from generate_series(1, 200) g`.execute(database.db);
  for (let i = 0; i < 3; i++) {
    await sql`update buyers set password_hash = password_hash || 'y' where nick like ${`${prefix}%`}`.execute(database.db);
  }
}

// The embedded database has no autovacuum daemon; PostgreSQL has its own.
describe.runIf(process.env.XIAOER_TEST_ENGINE === 'pglite')('the embedded database, vacuumed and analyzed by Xiaoer', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    await migrate(database);
  });
  afterAll(() => database?.close());

  it('vacuums and analyzes a table past autovacuum thresholds, and leaves alone what is not due', async () => {
    await maintainEmbedded(database); // whatever the migrations left due
    await churnBuyers(database, 'churn');
    expect((await tableStats(database, 'buyers')).dead).toBeGreaterThan(300); // some are pruned on the way

    const done = await maintainEmbedded(database);
    expect(done.map((d) => d.table)).toEqual(['buyers']);
    expect(done[0]).toMatchObject({ vacuumed: true, analyzed: true });
    const after = await tableStats(database, 'buyers');
    expect(after.dead).toBe(0);
    expect(after.vacuumed).toBeInstanceOf(Date);
    expect(after.analyzed).toBeInstanceOf(Date);
    expect(after.reltuples).toBe(200);

    // A few more changes stay under the thresholds, which now count the table's 200 rows.
    await sql`update buyers set password_hash = 'z' where nick = 'churn1'`.execute(database.db);
    expect(await maintainEmbedded(database)).toEqual([]);
  });

  it('runs on its own in a server on the embedded database, and stops with it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xiaoer-maintenance-'));
    try {
      const app = await createApp({ config: loadConfig({ dataDir, logLevel: 'silent', embeddedMaintenanceMs: 1000 }, {}) });
      const own = app.ctx.database;
      try {
        await churnBuyers(own, 'served');
        await expect.poll(async () => (await tableStats(own, 'buyers')).dead, { timeout: 15_000, interval: 250 }).toBe(0);
        expect((await tableStats(own, 'buyers')).vacuumed).toBeInstanceOf(Date);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
