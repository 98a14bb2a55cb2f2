import { sql } from 'kysely';
import type { Trx } from '../db/transaction.ts';

/** One live timer per (kind, key): scheduling again moves it, so a deadline changes without a second timer. */
export async function scheduleTimer(
  trx: Trx, t: { kind: string; key: string | number; shopId: number; runAt: Date; payload?: unknown },
) {
  await trx
    .insertInto('jobs')
    .values({
      kind: t.kind, key: String(t.key), shop_id: t.shopId, run_at: t.runAt,
      payload: JSON.stringify(t.payload ?? {}),
    })
    .onConflict((oc) =>
      oc.columns(['kind', 'key']).doUpdateSet({
        run_at: t.runAt, done_at: null, attempts: 0, last_error: null, payload: JSON.stringify(t.payload ?? {}),
      }),
    )
    .execute();
}

export async function cancelTimer(trx: Trx, kind: string, key: string | number, at: Date) {
  await trx
    .updateTable('jobs')
    .set({ done_at: at, last_error: 'cancelled' })
    .where('kind', '=', kind)
    .where('key', '=', String(key))
    .where('done_at', 'is', null)
    .execute();
}

export async function findTimer(db: Trx | import('kysely').Kysely<import('../db/schema.ts').DB>, kind: string, key: string | number) {
  return db
    .selectFrom('jobs')
    .select(['run_at', 'done_at'])
    .where('kind', '=', kind)
    .where('key', '=', String(key))
    .where(sql<boolean>`done_at is null`)
    .executeTakeFirst();
}
