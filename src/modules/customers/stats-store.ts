import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Period } from './rules.ts';

/** Repurchase (复购) counts: all time from the customer rows, per period from the purchases themselves. */

export async function shopTotals(db: Kysely<DB>, shopId: number) {
  const r = await sql<{ customers: number; buyers: number; repeat_buyers: number; spend: string }>`
    select count(*)::int as customers,
      (count(*) filter (where paid_trade_count >= 1))::int as buyers,
      (count(*) filter (where paid_trade_count >= 2))::int as repeat_buyers,
      coalesce(sum(total_spend), 0)::text as spend
    from customers where shop_id = ${shopId}`.execute(db);
  const row = r.rows[0];
  return { customers: row.customers, buyers: row.buyers, repeatBuyers: row.repeat_buyers, spend: Number(row.spend) };
}

// A purchase is paid within the unpaid-close limit of its creation (at most 72 hours), so the trades created from
// three days before the range on hold every payment in it, and the index on (shop, created) finds them.
const PAY_WINDOW = sql`interval '72 hours'`;

const purchases = (shopId: number, from: Date, to: Date) => sql`
  select buyer_nick as nick, pay_time, payment::bigint as payment from trades
  where shop_id = ${shopId} and created >= ${from}::timestamptz - ${PAY_WINDOW} and created < ${to}
    and pay_time >= ${from} and pay_time < ${to} and customer_trade_counts(status, pay_time)
  union all
  select nick, pay_time, payment from customer_history_trades
  where shop_id = ${shopId} and pay_time >= ${from} and pay_time < ${to} and customer_trade_counts(status, pay_time)`;

/**
 * Buyers with a purchase paid in [from, to) and those with two or more, for the whole range and per period of the
 * shop's calendar (a buyer counts in each period they bought in; periods without a purchase are absent). One pass
 * over the purchases: the periods are summed up per buyer for the range.
 */
export async function repurchaseStats(db: Kysely<DB>, shopId: number, from: Date, to: Date, period: Period, timeZone: string) {
  const r = await sql<{ start: Date | null; buyers: number; repeat_buyers: number; spend: string | null }>`
    with per_buyer as materialized (
      select (date_trunc(${period}, pay_time at time zone ${timeZone}) at time zone ${timeZone}) as start, nick,
        count(*) as n, sum(payment) as spend
      from (${purchases(shopId, from, to)}) p group by 1, 2
    ),
    in_range as (select nick, sum(n) as n, sum(spend) as spend from per_buyer group by nick)
    select null::timestamptz as start, count(*)::int as buyers, (count(*) filter (where n >= 2))::int as repeat_buyers,
      sum(spend)::text as spend from in_range
    union all
    select start, count(*)::int, (count(*) filter (where n >= 2))::int, sum(spend)::text from per_buyer group by start`
    .execute(db);
  const shape = (row: (typeof r.rows)[number]) => ({ buyers: row.buyers, repeatBuyers: row.repeat_buyers, spend: Number(row.spend ?? 0) });
  const range = r.rows.find((row) => row.start === null)!;
  const periods = r.rows.filter((row) => row.start !== null).map((p) => ({ start: new Date(p.start!), ...shape(p) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  return { range: shape(range), periods };
}
