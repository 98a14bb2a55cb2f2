import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { Client } from '../../src/db/pg-client.ts';

// The PostgreSQL connection's own behaviour: it runs only where the tests have a PostgreSQL server.
describe.runIf(process.env.XIAOER_TEST_ENGINE === 'postgres')('a PostgreSQL connection', () => {
  let client: Client;
  const prepared = async () =>
    (await client.query('select statement from pg_prepared_statements where $1::int = 1', [1])).rows.map((r: { statement: string }) => r.statement);

  beforeAll(async () => {
    client = new Client({ connectionString: inject('pgUrl') });
    await client.connect();
    await client.query('create temp table probe (id int primary key, label text)');
    await client.query("insert into probe values (1, 'one'), (2, 'two')");
  });
  afterAll(() => client?.end());

  it('prepares a statement it runs again, and answers the same through it', async () => {
    const text = 'select * from probe where id = $1';
    const first = await client.query(text, [1]);
    expect(await prepared()).not.toContain(text);
    const second = await client.query(text, [2]);
    const third = await client.query(text, [1]);
    expect(await prepared()).toContain(text);
    expect(first.rows).toEqual([{ id: 1, label: 'one' }]);
    expect(second.rows).toEqual([{ id: 2, label: 'two' }]);
    expect(third.rows).toEqual(first.rows);
  });

  it('asks for the rows\' description of a prepared statement once, and reads its later rows with it', async () => {
    const text = 'select id, label, id * 10 as tens from probe where id = any($1::int[]) order by id';
    let described = 0;
    const count = () => described++;
    client.connection.on('rowDescription', count);
    try {
      const runs = [];
      for (const ids of [[1], [2], [1, 2], [2]]) runs.push((await client.query(text, [ids])).rows);
      expect(runs).toEqual([
        [{ id: 1, label: 'one', tens: 10 }],
        [{ id: 2, label: 'two', tens: 20 }],
        [{ id: 1, label: 'one', tens: 10 }, { id: 2, label: 'two', tens: 20 }],
        [{ id: 2, label: 'two', tens: 20 }],
      ]);
      // The first run (unnamed) and the first prepared run are described; the two after are not.
      expect(described).toBe(2);
    } finally {
      client.connection.off('rowDescription', count);
    }
  });

  it('gives a prepared statement up when its table changes shape under it, and runs the text unnamed after', async () => {
    const text = 'select * from probe where id = $1 and true';
    await client.query(text, [1]);
    await client.query(text, [1]);
    expect(await prepared()).toContain(text);
    await client.query("alter table probe add column note text default 'n'");
    await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, label: 'one', note: 'n' }]);
    expect((await client.query(text, [2])).rows).toEqual([{ id: 2, label: 'two', note: 'n' }]);
  });

  it('leaves statements without parameters unnamed (transaction control, one-offs)', async () => {
    for (let i = 0; i < 3; i++) await client.query('select count(*)::int as n from probe');
    expect(await prepared()).not.toContain('select count(*)::int as n from probe');
  });
});
