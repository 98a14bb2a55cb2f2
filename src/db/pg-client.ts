import pg from 'pg';

/** A statement text seen this often on one connection is prepared there, under a name, for the connection's life. */
const PREPARE_AT = 2;
/** Named statements each keep a plan in the server's memory: a connection keeps at most this many. */
const MAX_PREPARED = 200;
/** Texts counted but not (yet) prepared: one-off texts (lists of varying length) are forgotten past this. */
const MAX_COUNTED = 10_000;

/**
 * pg's Client, with `query(text, values)` (the promise form Kysely calls) run through pg's callback form, and the
 * statements a connection runs again and again prepared once.
 *
 * Why the callback form: the promise form builds the query first and attaches its callback afterwards. On Node 20
 * that path makes V8 pretenure the query's objects (allocation-site pretenuring), and the dead ones in the old
 * generation then keep each result's rows alive through the next young-generation collections: with pages of 40
 * trades, a third of what was allocated survived every scavenge (3–4 MB copied, 10–60 ms paused on this machine, once
 * every ~60 pages), which was the p99 of the trade list. Through the callback form the same pages die young.
 *
 * Why prepared: an unnamed statement is parsed and planned on every run, which took as long as running it for the
 * back-office's lookups (a trade by number: 0.3 ms of 0.5). A named one is parsed once per connection, and PostgreSQL
 * keeps its plan when a generic plan is as good as one made for the values (plan_cache_mode auto).
 * A connection pooler in transaction mode must pass named statements through (PgBouncer ≥ 1.21, max_prepared_statements).
 */
export class Client extends pg.Client {
  /** Statement text → its name once prepared, or how often it was seen before. */
  #statements = new Map<string, string | number>();
  #prepared = 0;

  // One signature over pg's overloads: everything but (text, values) goes to pg unchanged.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && callback === undefined && typeof values !== 'function') {
      const name = Array.isArray(values) && values.length ? this.#nameFor(config) : undefined;
      return new Promise<pg.QueryResult>((resolve, reject) => {
        const done = (err: (Error & { code?: string }) | null, result: pg.QueryResult) => {
          // A table's columns changed under a prepared `select *` (a newer node migrated): the name is given up, and
          // the text runs unnamed from now on. This statement still fails; its transaction is lost either way.
          if (err && name && err.code === '0A000') this.#statements.set(config, -Infinity);
          if (err) reject(err);
          else resolve(result);
        };
        if (name) super.query({ name, text: config, values }, done);
        else super.query(config, values, done);
      });
    }
    return super.query(config, values, callback);
  }

  #nameFor(text: string): string | undefined {
    const seen = this.#statements.get(text) ?? 0;
    if (typeof seen === 'string') return seen;
    if (seen + 1 < PREPARE_AT || this.#prepared >= MAX_PREPARED) {
      if (this.#statements.size >= MAX_COUNTED) this.#forgetCounted();
      this.#statements.set(text, seen + 1);
      return undefined;
    }
    const name = `xiaoer_${++this.#prepared}`;
    this.#statements.set(text, name);
    return name;
  }

  #forgetCounted() {
    for (const [text, seen] of this.#statements) if (typeof seen === 'number' && seen > -Infinity) this.#statements.delete(text);
  }
}
