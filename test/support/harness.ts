import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createApp, type XiaoerApp } from '../../src/app.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

let shared: Promise<Database> | undefined;

/** The worker's one database: in-memory PGlite, or the run's PostgreSQL database (test/support/postgres-setup.ts). */
export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    if (process.env.XIAOER_TEST_ENGINE === 'postgres') return openDatabase({ url: inject('pgUrl'), poolSize: 8 });
    const database = await openDatabase({});
    await migrate(database);
    return database;
  })();
  return shared;
}

export interface TestApp extends XiaoerApp {
  clock: ManualClock;
}

/** A whole app on the worker's database, with a clock the test moves; `overrides` change its settings. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const clock = new ManualClock();
  const app = await createApp({
    // Every test signs shops and buyers up from one address.
    config: loadConfig({ logLevel: 'silent', signupsPerMinute: 100_000, ...overrides }, {}),
    database: await testDatabase(),
    bus: new MemoryBus(),
    clock,
  });
  return Object.assign(app, { clock });
}

/** A name no other test has used: tests share one database and stay apart by their own shops. */
export const uniqueName = (prefix = 's') => `${prefix}${randomBytes(5).toString('hex')}`;
