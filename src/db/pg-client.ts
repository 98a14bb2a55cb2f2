import pg from 'pg';

/** Named statements each keep a plan in the server's memory: a connection keeps at most this many. */
const MAX_PREPARED = 200;
/** Texts seen once and not (yet) prepared: one-off texts (lists of varying length) are forgotten past this. */
const MAX_SEEN = 10_000;

type Done = (err: (Error & { code?: string }) | null, result: pg.QueryResult) => void;

/** What pg's Result learns from a RowDescription: the columns, their parsers and the empty row it copies per row. */
interface RowShape {
  fields: unknown[];
  _parsers: unknown[];
  _prebuiltEmptyResultObject: Record<string, null>;
}

/**
 * pg's Query, for a named statement: the first run asks PostgreSQL to describe its rows (pg does so on every run) and
 * keeps the answer; the runs after send no Describe and read their rows with the kept shape. pg would otherwise read
 * a RowDescription and build a field and a parser per column on every run: for a 45-column trade row that was half
 * of what a price change allocated, and it halved a lookup's median time. PostgreSQL refuses to run a prepared
 * statement whose columns changed (0A000), so a kept shape never reads rows of another shape.
 */
class NamedQuery extends (pg.Query as unknown as new (config: pg.QueryConfig, values: undefined, done: Done) => any) {
  constructor(config: pg.QueryConfig, done: Done, private readonly shapes: Map<string, RowShape>) {
    super(config, undefined, done);
  }

  prepare(connection: { describe(): void }) {
    const shape = this.shapes.get(this.name);
    if (!shape) return super.prepare(connection);
    Object.assign(this._result, shape);
    this._accumulateRows = true;
    // pg's own steps (parse once, bind, execute, sync), with the Describe left out.
    return super.prepare(Object.create(connection, { describe: { value: () => {} } }));
  }

  handleRowDescription(message: unknown) {
    super.handleRowDescription(message);
    const { fields, _parsers, _prebuiltEmptyResultObject } = this._result as RowShape;
    this.shapes.set(this.name, { fields, _parsers, _prebuiltEmptyResultObject });
  }
}

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
 * keeps its plan when a generic plan is as good as one made for the values (plan_cache_mode auto). Its rows are
 * described once too (NamedQuery).
 * A connection pooler in transaction mode must pass named statements through (PgBouncer ≥ 1.21, max_prepared_statements).
 */
export class Client extends pg.Client {
  /** Statement text → its name: prepared on this connection, the second time it ran. */
  #named = new Map<string, string>();
  /** Texts that ran once so far. */
  #seenOnce = new Set<string>();
  /** Texts whose prepared statement went stale: they run unnamed. */
  #unnamed = new Set<string>();
  #names = 0;
  /** Prepared statement name → the shape of its rows (NamedQuery). */
  #shapes = new Map<string, RowShape>();

  // One signature over pg's overloads: everything but (text, values) goes to pg unchanged.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && callback === undefined && typeof values !== 'function') {
      const name = Array.isArray(values) && values.length ? this.#nameFor(config) : undefined;
      return new Promise<pg.QueryResult>((resolve, reject) => {
        const done: Done = (err, result) => {
          // A table's columns changed under a prepared `select *` (a newer node migrated): the name is given up, and
          // the text runs unnamed from now on. This statement still fails; its transaction is lost either way.
          if (err && name && err.code === '0A000') {
            this.#named.delete(config);
            this.#shapes.delete(name);
            this.#unnamed.add(config);
          }
          if (err) reject(err);
          else resolve(result);
        };
        if (name) super.query(new NamedQuery({ name, text: config, values }, done, this.#shapes) as unknown as pg.Submittable);
        else super.query(config, values, done);
      });
    }
    return super.query(config, values, callback);
  }

  /** The text's statement name, when it is (or is now) prepared on this connection. */
  #nameFor(text: string): string | undefined {
    const named = this.#named.get(text);
    if (named || this.#unnamed.has(text)) return named;
    if (!this.#seenOnce.delete(text)) {
      if (this.#seenOnce.size >= MAX_SEEN) this.#seenOnce.clear();
      this.#seenOnce.add(text);
      return undefined;
    }
    if (this.#named.size >= MAX_PREPARED) return undefined;
    // Names are never reused: one given up stays prepared on the server, under its old text.
    const name = `xiaoer_${++this.#names}`;
    this.#named.set(text, name);
    return name;
  }
}
