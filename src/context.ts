import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from './bus/bus.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

/** What every use case is handed: the database, the bus, the clock. Nothing global. */
export interface AppContext {
  config: Config;
  database: Database;
  bus: Bus;
  clock: Clock;
  log: FastifyBaseLogger;
}
