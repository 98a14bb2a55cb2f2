import pg from 'pg';

/**
 * pg's Client, with `query(text, values)` (the promise form Kysely calls) run through pg's callback form.
 *
 * Why: the promise form builds the query first and attaches its callback afterwards. On Node 20 that path makes V8
 * pretenure the query's objects (allocation-site pretenuring), and the dead ones in the old generation then keep each
 * result's rows alive through the next young-generation collections: with pages of 40 trades, a third of what was
 * allocated survived every scavenge (3–4 MB copied, 10–60 ms paused on this machine, once every ~60 pages), which
 * was the p99 of the trade list. Through the callback form the same pages die young (~2 KB survive a scavenge).
 */
export class Client extends pg.Client {
  // One signature over pg's overloads: everything but (text, values) goes to pg unchanged.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && callback === undefined && typeof values !== 'function') {
      return new Promise<pg.QueryResult>((resolve, reject) => {
        super.query(config, values, (err: Error | null, result: pg.QueryResult) => (err ? reject(err) : resolve(result)));
      });
    }
    return super.query(config, values, callback);
  }
}
