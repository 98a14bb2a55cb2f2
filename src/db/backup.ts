import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import {
  appliedMigrations, assertEmpty, beginLoad, CHUNK_ROWS, compareCounts, countRows, listTables, readRows, readSequences,
  writeRows, writeSequences, type SequenceValue, type TableInfo, type TransferReport,
} from './transfer.ts';

/**
 * A backup is one gzip file of JSON lines, the same for both engines (so a backup of the embedded database restores
 * into PostgreSQL and back): a header, then for each table a `#table` line and its rows one per line, then the
 * `#sequences` line. Taken in one repeatable-read snapshot, so PostgreSQL can be backed up while it serves.
 */
// Rows are JSON objects, so a line starting with # is always one of these markers.
const TABLE = '#table ';
const SEQUENCES = '#sequences ';

interface Header { xiaoer_backup: 1; created_at: string; engine: string; migrations: string[]; counts: Record<string, number> }

export async function backupDatabase(database: Database, file: string, onRows: (done: number, total: number) => void = () => {}) {
  const out = createGzip();
  const done = finished(out.pipe(createWriteStream(file)));
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await once(out, 'drain');
  };
  const tables = await listTables(database.db);
  let counts = new Map<string, number>();
  await database.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    counts = await countRows(trx, tables);
    const header: Header = {
      xiaoer_backup: 1, created_at: new Date().toISOString(), engine: database.engine,
      migrations: await appliedMigrations(trx), counts: Object.fromEntries(counts),
    };
    await write(JSON.stringify(header));
    const total = [...counts.values()].reduce((a, n) => a + n, 0);
    let copied = 0;
    let current: string | undefined;
    for await (const chunk of readRows(trx, tables)) {
      if (chunk.table.name !== current) await write(`${TABLE}${(current = chunk.table.name)}`);
      for (const row of chunk.rows) await write(row);
      onRows((copied += chunk.rows.length), total);
    }
    await write(`${SEQUENCES}${JSON.stringify(await readSequences(trx))}`);
  });
  out.end();
  await done;
  return { tables: tables.length, rows: [...counts.values()].reduce((a, n) => a + n, 0) };
}

/**
 * Restores a backup into an empty database: its schema is brought to the backup's migrations, the rows go in in one
 * transaction, then any newer migrations run over them as they would over a live database. Counts are compared.
 */
export async function restoreDatabase(database: Database, file: string, onRows: (done: number, total: number) => void = () => {}): Promise<TransferReport> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = first.done ? undefined : (JSON.parse(first.value) as Header);
  if (header?.xiaoer_backup !== 1) throw new Error(`${file} is not a Xiaoer backup`);
  const wanted = new Set(header.migrations);
  await migrate(database, undefined, (name) => wanted.has(name));
  const applied = await appliedMigrations(database.db);
  if (applied.join() !== header.migrations.join()) {
    throw new Error(`the backup needs migrations this version does not have (${header.migrations.filter((m) => !applied.includes(m)).join(', ')})`);
  }
  const tables = new Map((await listTables(database.db)).map((t) => [t.name, t]));
  await assertEmpty(database.db, [...tables.values()]);
  const total = Object.values(header.counts).reduce((a, n) => a + n, 0);
  let copied = 0;
  onRows(0, total);
  await database.db.transaction().execute(async (trx) => {
    await beginLoad(trx);
    let table: TableInfo | undefined;
    let rows: string[] = [];
    let sequences: SequenceValue[] = [];
    const flush = async () => {
      if (!table || !rows.length) return;
      await writeRows(trx, table, rows);
      onRows((copied += rows.length), total);
      rows = [];
    };
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (line.startsWith(TABLE)) {
        await flush();
        const name = line.slice(TABLE.length);
        table = tables.get(name);
        if (!table) throw new Error(`the backup holds a table this version does not know: ${name}`);
      } else if (line.startsWith(SEQUENCES)) {
        await flush();
        sequences = JSON.parse(line.slice(SEQUENCES.length)) as SequenceValue[];
      } else {
        rows.push(line);
        if (rows.length >= CHUNK_ROWS) await flush();
      }
    }
    await flush();
    await writeSequences(trx, sequences);
  });
  const report = compareCounts(new Map(Object.entries(header.counts)), await countRows(database.db, [...tables.values()]));
  await migrate(database);
  return report;
}
