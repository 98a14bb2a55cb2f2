import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import * as dayStore from './day-store.ts';
import { creditOf, foldDay } from './day-fold.ts';
import { replayConversation } from './fold.ts';
import { StatsFolder } from './folder.ts';
import { checkDay } from './rules.ts';

// Any fixed number: with the shop id it names the lock that keeps two recomputes of a shop apart.
const RECOMPUTE_LOCK = 734_217;

export interface RecomputeResult {
  shop_id: number;
  day: string;
  contacts: number;
  agents: number;
  trades: number;
  seconds: number;
}

/**
 * Rebuilds one day of a shop from the raw rows — messages, assignments, trades, refunds, ratings — with the
 * definitions of rules.ts (fold.ts), replacing what the triggers kept for that day. Meant for days that are over:
 * events of the same day arriving while it runs may be counted by both.
 */
export async function recomputeDay(db: Kysely<DB>, shopId: number, day: string): Promise<RecomputeResult> {
  checkDay(day);
  const started = performance.now();
  // What is due is folded in first: the day rebuilt from raw rows must not meet those messages again later.
  await new StatsFolder(db).fold();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${RECOMPUTE_LOCK}, ${shopId}::int)`.execute(trx);
    const c = await dayStore.dayContext(trx, shopId, day);
    if (!c) throw new AppError('SHOP_NOT_FOUND', 404, '店铺不存在', 'No such shop', { shop_id: shopId });
    const { from, to } = c.range;
    const histories = await dayStore.histories(trx, shopId, from, to);
    const contacts = [...histories.values()].flatMap((h) => replayConversation(h, c.range));
    const trades = await dayStore.dayTrades(trx, shopId, from, to, c.windowDays);
    const asked = [...new Set(contacts.filter((x) => x.buyerMsgs > 0).map((x) => x.buyerId))];
    const payments = new Map<number, { agentId: number | null; payTime: Date }[]>();
    for (const t of await dayStore.paymentsBy(trx, shopId, asked, from, to, c.windowDays)) {
      payments.set(t.buyerId, [...(payments.get(t.buyerId) ?? []), { agentId: creditOf(t, c.rule), payTime: t.payTime! }]);
    }
    const result = foldDay({
      range: c.range, rule: c.rule, windowDays: c.windowDays, contacts, trades,
      tradesCreatedByBuyer: await dayStore.tradesCreatedBy(trx, shopId, asked, from, to, c.windowDays),
      paymentsByBuyer: payments,
      ratings: await dayStore.dayRatings(trx, shopId, from, to),
    });
    await dayStore.writeDay(trx, shopId, day, result, trades, (t) => creditOf(t, c.rule));
    return {
      shop_id: shopId, day, contacts: result.contacts.length, agents: result.agents.size, trades: trades.length,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  });
}

/** Every shop's day (the command without --shop). */
export async function recomputeAllShops(db: Kysely<DB>, day: string) {
  checkDay(day);
  const shops = await db.selectFrom('shops').select('id').orderBy('id').execute();
  const out: RecomputeResult[] = [];
  for (const s of shops) out.push(await recomputeDay(db, s.id, day));
  return out;
}
