import type { Insertable, Transaction } from 'kysely';
import type { BusEvent } from '../bus/bus.ts';
import type { AppContext } from '../context.ts';
import type { DB } from './schema.ts';

export type Trx = Transaction<DB>;
export type OutboxRow = Insertable<DB['outbox']>;

export interface UnitOfWork {
  trx: Trx;
  /** Records an event in the outbox of this transaction; it is published once the transaction commits. */
  emit(event: BusEvent): void;
  /**
   * Hands over the outbox rows of the events emitted and not yet written, for the caller's next statement to write
   * along with its own change (a round trip less). They are published after commit all the same.
   */
  takeOutbox(): OutboxRow[];
}

/** An event as its outbox row. */
export const outboxRow = (e: BusEvent): OutboxRow => ({ shop_id: e.shopId, type: e.type, payload: JSON.stringify(e.payload) });

/** One path for every write: state, audit rows and events commit together; listeners hear only what committed. */
export async function inTransaction<T>(ctx: Pick<AppContext, 'database' | 'bus'>, work: (uow: UnitOfWork) => Promise<T>) {
  const events: BusEvent[] = [];
  let written = 0;
  const takeOutbox = () => {
    const rows = events.slice(written).map(outboxRow);
    written = events.length;
    return rows;
  };
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const value = await work({ trx, emit: (e) => events.push(e), takeOutbox });
    const rest = takeOutbox();
    if (rest.length) await trx.insertInto('outbox').values(rest).execute();
    return value;
  });
  for (const event of events) await ctx.bus.publish(event);
  return result;
}
