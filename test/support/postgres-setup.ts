import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/** A fresh database for this run on the server of TEST_DATABASE_URL, migrated once, dropped at the end. */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `xiaoer_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect(); // fails loudly when the server is down: a set URL never skips
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await migrate(database);
  await database.close();
  project.provide('pgUrl', url.toString());
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
