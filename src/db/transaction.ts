import type { Transaction } from 'kysely';
import type { BusEvent } from '../bus/bus.ts';
import type { AppContext } from '../context.ts';
import type { DB } from './schema.ts';

export type Trx = Transaction<DB>;

export interface UnitOfWork {
  trx: Trx;
  /** Records an event in the outbox of this transaction; it is published once the transaction commits. */
  emit(event: BusEvent): void;
}

/** One path for every write: state, audit rows and events commit together; listeners hear only what committed. */
export async function inTransaction<T>(ctx: Pick<AppContext, 'database' | 'bus'>, work: (uow: UnitOfWork) => Promise<T>) {
  const events: BusEvent[] = [];
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const value = await work({ trx, emit: (e) => events.push(e) });
    if (events.length) {
      await trx
        .insertInto('outbox')
        .values(events.map((e) => ({ shop_id: e.shopId, type: e.type, payload: JSON.stringify(e.payload) })))
        .execute();
    }
    return value;
  });
  for (const event of events) await ctx.bus.publish(event);
  return result;
}
