import pg from 'pg';

/**
 * The least a two-round-trip write can cost on this machine: a bare pg client (no pool, no query builder, no
 * Xiaoer code) reads one row by key and then commits a one-row update, against the same PostgreSQL. Timed in turn
 * with the price change, it sees the same moments of the machine.
 */
export async function openBareWrite(url: string, rows = 1000) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table if not exists bench_bare (id int primary key, n int not null)');
  await client.query('insert into bench_bare select g, 0 from generate_series(1, $1::int) g on conflict do nothing', [rows]);
  const read = { name: 'bare_read', text: 'select * from bench_bare where id = $1' };
  const write = { name: 'bare_write', text: 'update bench_bare set n = n + 1 where id = $1' };
  return {
    async run(i: number) {
      const id = (i % rows) + 1;
      await client.query({ ...read, values: [id] });
      await client.query({ ...write, values: [id] });
    },
    async close() {
      await client.query('drop table bench_bare');
      await client.end();
    },
  };
}
