import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { MemoryBus } from '../../src/bus/memory-bus.ts';
import { loadConfig } from '../../src/config.ts';
import { backupDatabase, restoreDatabase } from '../../src/db/backup.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { copyDatabase, listTables } from '../../src/db/transfer.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.ts';
import { generateTrades } from '../../src/seed/generate.ts';
import { Client } from '../support/client.ts';

/*
 * Moving a shop's embedded database into PostgreSQL, and backup and restore on both engines. Each copy is checked
 * table by table against the original: the same rows, byte for byte in their text form, and the same sequences.
 * The PostgreSQL half runs where TEST_DATABASE_URL is given, once (in the postgres project).
 */
const onPostgres = process.env.XIAOER_TEST_ENGINE === 'postgres';
const NOW = new Date('2093-03-01T08:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'xiaoer-transfer-'));
let source: Database;
const opened: Database[] = [];
const createdPg: string[] = [];

async function fresh(kind: 'pglite' | 'postgres'): Promise<Database> {
  let database: Database;
  if (kind === 'pglite') database = await openDatabase({});
  else {
    const name = `xiaoer_transfer_${process.pid}_${createdPg.length}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    createdPg.push(name);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString() });
  }
  opened.push(database);
  return database;
}

/** Each table's rows as text, in a fixed order, hashed; and every sequence's position. */
async function fingerprint(db: Kysely<any>) {
  const out: Record<string, string> = {};
  for (const t of await listTables(db)) {
    const { rows } = await sql<{ n: number; h: string | null }>`
      select count(*)::int as n, md5(string_agg(j, '|' order by j)) as h
      from (select row_to_json(t)::text as j from ${sql.table(t.name)} t) x`.execute(db);
    out[t.name] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  const seqs = await sql<{ name: string; v: string | null }>`
    select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public'`.execute(db);
  for (const s of seqs.rows) out[`seq:${s.name}`] = s.v ?? '';
  return out;
}

beforeAll(async () => {
  source = await fresh('pglite');
  await migrate(source);
  await seedDemo(source, { now: NOW });
  // Enough rows that a table travels in several chunks.
  await generateTrades(source, { shop: 'bulk', trades: 2500, buyers: 300 });
}, 180_000);

afterAll(async () => {
  for (const d of opened) await d.close().catch(() => {});
  if (createdPg.length) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const name of createdPg) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(!onPostgres)('backup and restore of the embedded database', () => {
  it('restores every row and sequence exactly, and the restored shop works: log-in, then new ids after the old ones', async () => {
    const file = join(dir, 'demo.jsonl.gz');
    const progress: number[] = [];
    const { rows } = await backupDatabase(source, file, (done) => progress.push(done));
    expect(rows).toBeGreaterThan(5000);
    expect(progress.at(-1)).toBe(rows);

    const target = await fresh('pglite');
    const report = await restoreDatabase(target, file);
    expect(report.ok).toBe(true);
    expect(await fingerprint(target.db)).toEqual(await fingerprint(source.db));

    const app = await createApp({ config: loadConfig({ logLevel: 'silent' }, {}), database: target, bus: new MemoryBus() });
    try {
      const owner = new Client(app.http);
      const login = await owner.post('/api/auth/login', { account: 'demo', password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      const before = await sql<{ id: number }>`select max(id)::int as id from shops`.execute(target.db);
      const signed = await new Client(app.http).post('/api/shops', { name: 'restored2', type: 'C', password: DEMO_PASSWORD });
      expect(signed.status).toBe(201);
      const after = await sql<{ id: number }>`select max(id)::int as id from shops`.execute(target.db);
      expect(after.rows[0]!.id).toBe(before.rows[0]!.id + 1);
    } finally {
      await app.http.close();
    }
  });

  it('refuses to restore over data, or to copy into a database that is not empty, and changes nothing', async () => {
    const file = join(dir, 'again.jsonl.gz');
    await backupDatabase(source, file);
    const before = await fingerprint(source.db);
    await expect(restoreDatabase(source, file)).rejects.toThrow(/not empty/);
    const other = await fresh('pglite');
    await migrate(other);
    await expect(copyDatabase(other, source)).rejects.toThrow(/not empty/);
    expect(await fingerprint(source.db)).toEqual(before);
  });

  it('refuses a file that is not a backup', async () => {
    const file = join(dir, 'not-a-backup.gz');
    const { createGzip } = await import('node:zlib');
    const { createWriteStream } = await import('node:fs');
    const { finished } = await import('node:stream/promises');
    const gz = createGzip();
    const done = finished(gz.pipe(createWriteStream(file)));
    gz.end('{"hello":1}\n');
    await done;
    await expect(restoreDatabase(await fresh('pglite'), file)).rejects.toThrow(/not a Xiaoer backup/);
  });
});

describe.runIf(onPostgres)('moving the embedded database into PostgreSQL', () => {
  it('copies every row and sequence exactly, and counts match', async () => {
    const target = await fresh('postgres');
    await migrate(target);
    const seen: number[] = [];
    const report = await copyDatabase(source, target, (done) => seen.push(done));
    expect(report.ok).toBe(true);
    expect(report.rows).toBeGreaterThan(5000);
    expect(seen.at(-1)).toBe(report.rows);
    expect(await fingerprint(target.db)).toEqual(await fingerprint(source.db));
  });

  it('backs PostgreSQL up and restores it into the embedded database, and the other way round', async () => {
    const pgFile = join(dir, 'pg.jsonl.gz');
    const onPg = await fresh('postgres');
    await migrate(onPg);
    await copyDatabase(source, onPg);
    await backupDatabase(onPg, pgFile);
    const back = await fresh('pglite');
    expect((await restoreDatabase(back, pgFile)).ok).toBe(true);
    expect(await fingerprint(back.db)).toEqual(await fingerprint(source.db));

    const liteFile = join(dir, 'lite.jsonl.gz');
    await backupDatabase(source, liteFile);
    const again = await fresh('postgres');
    expect((await restoreDatabase(again, liteFile)).ok).toBe(true);
    expect(await fingerprint(again.db)).toEqual(await fingerprint(source.db));
  });
});
