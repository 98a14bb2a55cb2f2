import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Whole-database copies, the same on both engines: rows travel as `row_to_json` text and land through
 * `json_populate_recordset`, so every type (jsonb, bytea, timestamptz, arrays) round-trips through its own text form
 * and nothing is parsed on the way. Used to move an embedded database into PostgreSQL, and by backup and restore.
 */

export interface TableInfo {
  name: string;
  /** Columns written on the way in: generated columns are left to the database. */
  columns: string[];
  hasIdentity: boolean;
}

export interface SequenceValue { name: string; last_value: number | null; is_called: boolean }

/** Rows are read and written this many at a time: a few MB of JSON per statement. */
export const CHUNK_ROWS = 2000;
const ENGINE_TABLES = new Set(['schema_migrations']);

/** The application's tables, parents before children (by foreign key), so a copy with checks on would also hold. */
export async function listTables(db: Kysely<DB> | Kysely<any>): Promise<TableInfo[]> {
  const cols = await sql<{ table: string; column: string; identity: boolean; generated: boolean }>`
    select c.relname as table, a.attname as column, a.attidentity <> '' as identity, a.attgenerated <> '' as generated
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname, a.attnum`.execute(db);
  const fks = await sql<{ child: string; parent: string }>`
    select distinct c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`.execute(db);

  const tables = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    if (ENGINE_TABLES.has(r.table)) continue;
    const t = tables.get(r.table) ?? { name: r.table, columns: [], hasIdentity: false };
    if (!r.generated) t.columns.push(r.column);
    t.hasIdentity ||= r.identity;
    tables.set(r.table, t);
  }
  const parents = new Map<string, string[]>();
  for (const f of fks.rows) parents.set(f.child, [...(parents.get(f.child) ?? []), f.parent]);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name) || !tables.has(name)) return;
    path.add(name);
    for (const p of parents.get(name) ?? []) place(p, path);
    placed.add(name);
    ordered.push(tables.get(name)!);
  };
  for (const name of [...tables.keys()].sort()) place(name, new Set());
  return ordered;
}

export async function countRows(db: Kysely<any>, tables: TableInfo[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t.name)}`.execute(db);
    counts.set(t.name, Number(rows[0]!.n));
  }
  return counts;
}

export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Every chunk of every table, read inside the caller's transaction (one snapshot), as JSON texts. */
export async function* readRows(trx: Kysely<any>, tables: TableInfo[]): AsyncGenerator<{ table: TableInfo; rows: string[] }> {
  for (const table of tables) {
    const cursor = `transfer_${table.name}`;
    await sql`declare ${sql.id(cursor)} no scroll cursor for select row_to_json(t)::text as j from ${sql.table(table.name)} t`.execute(trx);
    for (;;) {
      const { rows } = await sql<{ j: string }>`fetch ${sql.raw(String(CHUNK_ROWS))} from ${sql.id(cursor)}`.execute(trx);
      if (!rows.length) break;
      yield { table, rows: rows.map((r) => r.j) };
      if (rows.length < CHUNK_ROWS) break;
    }
    await sql`close ${sql.id(cursor)}`.execute(trx);
  }
}

export async function readSequences(db: Kysely<any>): Promise<SequenceValue[]> {
  const { rows } = await sql<SequenceValue>`
    select sequencename as name, last_value, last_value is not null as is_called
    from pg_sequences where schemaname = 'public' order by sequencename`.execute(db);
  return rows.map((r) => ({ ...r, last_value: r.last_value === null ? null : Number(r.last_value) }));
}

/**
 * Prepares a transaction on the target to take rows as they are: triggers and foreign-key checks are off for it
 * (session_replication_role), since the rows arrive already computed (counters, profiles) and in a consistent state.
 */
export async function beginLoad(trx: Kysely<any>) {
  await sql`set local session_replication_role = replica`.execute(trx);
}

export async function writeRows(trx: Kysely<any>, table: TableInfo, rows: string[]) {
  const cols = sql.join(table.columns.map((c) => sql.id(c)));
  await sql`insert into ${sql.table(table.name)} (${cols}) ${sql.raw(table.hasIdentity ? 'overriding system value' : '')}
    select ${cols} from json_populate_recordset(null::${sql.table(table.name)}, ${'[' + rows.join(',') + ']'}::json)`.execute(trx);
}

export async function writeSequences(trx: Kysely<any>, sequences: SequenceValue[]) {
  for (const s of sequences) {
    if (s.last_value === null) continue;
    await sql`select setval(${s.name}::regclass, ${s.last_value}, ${s.is_called})`.execute(trx);
  }
}

/** Refuses a target that already holds data: a move or a restore never merges into a live database. */
export async function assertEmpty(db: Kysely<any>, tables: TableInfo[]) {
  for (const t of tables) {
    const { rows } = await sql`select 1 from ${sql.table(t.name)} limit 1`.execute(db);
    if (rows.length) throw new Error(`the target database is not empty (table ${t.name} has rows); use a new, empty database`);
  }
}

export interface TransferReport { tables: { name: string; source: number; target: number }[]; rows: number; ok: boolean }

export function compareCounts(source: Map<string, number>, target: Map<string, number>): TransferReport {
  const tables = [...source].map(([name, n]) => ({ name, source: n, target: target.get(name) ?? 0 }));
  return { tables, rows: tables.reduce((a, t) => a + t.source, 0), ok: tables.every((t) => t.source === t.target) };
}

/**
 * Copies everything from one database into another, empty one at the same migrations, in one transaction on each
 * side: a snapshot of the source, all or nothing on the target. Then counts both sides.
 */
export async function copyDatabase(from: Database, to: Database, onRows: (copied: number, total: number) => void = () => {}) {
  const [fromMigrations, toMigrations] = [await appliedMigrations(from.db), await appliedMigrations(to.db)];
  if (fromMigrations.join() !== toMigrations.join()) {
    throw new Error(`the two databases are at different migrations (${fromMigrations.at(-1)} and ${toMigrations.at(-1)}); migrate both first`);
  }
  const tables = await listTables(from.db);
  await assertEmpty(to.db, tables);
  let sourceCounts = new Map<string, number>();
  await from.db.transaction().setIsolationLevel('repeatable read').execute(async (source) => {
    sourceCounts = await countRows(source, tables);
    const total = [...sourceCounts.values()].reduce((a, n) => a + n, 0);
    let copied = 0;
    onRows(0, total);
    await to.db.transaction().execute(async (target) => {
      await beginLoad(target);
      for await (const chunk of readRows(source, tables)) {
        await writeRows(target, chunk.table, chunk.rows);
        onRows((copied += chunk.rows.length), total);
      }
      await writeSequences(target, await readSequences(source));
    });
  });
  return compareCounts(sourceCounts, await countRows(to.db, tables));
}
