import { describe, expect, it } from 'vitest';
import { openPGliteThread } from '../../src/db/pglite-thread.ts';

describe('the embedded database on its own thread', () => {
  it('returns rows with their types, and the database errors with their codes, as PGlite does in process', async () => {
    const lite = await openPGliteThread(undefined);
    try {
      await lite.exec('create table t (id bigint primary key, at timestamptz, doc jsonb, bin bytea, fen int)');
      const at = new Date('2026-11-01T02:00:00Z');
      await lite.query('insert into t values ($1, $2, $3, $4, $5)', [9_007_199_254_740_000, at, { text: '在吗' }, new Uint8Array([1, 2]), 1999]);
      const { rows } = await lite.query<Record<string, unknown>>('select * from t', []);
      expect(rows).toEqual([{ id: 9_007_199_254_740_000, at, doc: { text: '在吗' }, bin: new Uint8Array([1, 2]), fen: 1999 }]);

      const refused = await lite.query('insert into t (id) values ($1)', [9_007_199_254_740_000]).catch((e) => e);
      expect(refused).toBeInstanceOf(Error);
      expect(refused).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
      // The thread goes on after an error, and a script of statements runs as one.
      expect((await lite.exec('select 1 as a; select 2 as b')).rows).toEqual([{ b: 2 }]);
    } finally {
      await lite.close();
    }
    await expect(lite.query('select 1', [])).rejects.toThrow(/database thread stopped/);
  });
});
