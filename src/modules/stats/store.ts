import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { COUNTER_KEYS, type AttributionRule, type Counters, type KpiTarget } from './rules.ts';

/** The reports' SQL: sums of the kept per-day rows, never of raw messages or trades. */
type Q = Kysely<DB> | Trx;

const sums = sql.join(COUNTER_KEYS.map((k) => sql`coalesce(sum(${sql.ref(k)}), 0)::bigint as ${sql.ref(k)}`));

export type CounterRow = Counters & { agent_id: number };

/** Each agent's counters over the days `from`–`to` (inclusive); one agent's only with `agentId`. */
export async function agentCounters(q: Q, shopId: number, from: string, to: string, agentId?: number) {
  const { rows } = await sql<CounterRow>`
    select agent_id, ${sums} from stats_agent_days
    where shop_id = ${shopId} and day between ${from}::date and ${to}::date
      ${agentId === undefined ? sql`` : sql`and agent_id = ${agentId}`}
    group by agent_id`.execute(q);
  return rows.map((r) => numbers(r));
}

/** Per day: one agent's counters, or the whole team's (summed over agents). */
export async function dailyCounters(q: Q, shopId: number, from: string, to: string, agentId?: number) {
  const { rows } = await sql<Counters & { day: string }>`
    select day::text as day, ${sums} from stats_agent_days
    where shop_id = ${shopId} and day between ${from}::date and ${to}::date
      ${agentId === undefined ? sql`` : sql`and agent_id = ${agentId}`}
    group by day order by day`.execute(q);
  return rows.map((r) => numbers(r));
}

function numbers<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const k of COUNTER_KEYS) if (k in out) out[k] = Number(out[k]);
  return out as T;
}

/** The shop's accounts, disabled ones too: their past figures stay theirs. */
export function accounts(q: Q, shopId: number) {
  return q.selectFrom('accounts').select(['id', 'login', 'display_name', 'role', 'disabled'])
    .where('shop_id', '=', shopId).orderBy('id').execute();
}

export interface ShopDay {
  day: string; trades: number; ordered_buyers: number; paid_trades: number; paid_buyers: number; sales: number; items: number;
  refunded_trades: number; refund_fee: number; agent_sales: number;
}

/** The shop's days with the sales credited to agents beside them (the rest is 静默销售额). */
export async function shopDays(q: Q, shopId: number, from: string, to: string): Promise<ShopDay[]> {
  const { rows } = await sql<ShopDay>`
    select d.day::date::text as day, coalesce(s.trades, 0) as trades, coalesce(s.ordered_buyers, 0) as ordered_buyers,
      coalesce(s.paid_trades, 0) as paid_trades, coalesce(s.paid_buyers, 0) as paid_buyers, coalesce(s.sales, 0)::bigint as sales,
      coalesce(s.items, 0) as items, coalesce(s.refunded_trades, 0) as refunded_trades, coalesce(s.refund_fee, 0)::bigint as refund_fee,
      coalesce(a.sales, 0)::bigint as agent_sales
    from generate_series(${from}::date, ${to}::date, interval '1 day') as d(day)
    left join stats_shop_days s on s.shop_id = ${shopId} and s.day = d.day::date
    left join (select day, sum(sales) as sales from stats_agent_days where shop_id = ${shopId}
               and day between ${from}::date and ${to}::date group by day) a on a.day = d.day::date
    order by d.day`.execute(q);
  return rows.map((r) => ({ ...r, sales: Number(r.sales), refund_fee: Number(r.refund_fee), agent_sales: Number(r.agent_sales) }));
}

/** Distinct buyers over the whole range (a buyer who paid on two days is one buyer). */
export async function shopBuyers(q: Q, shopId: number, from: string, to: string) {
  const { rows } = await sql<{ ordered: number; paid: number }>`
    select (count(distinct buyer_id) filter (where ordered > 0))::int as ordered, (count(distinct buyer_id) filter (where paid > 0))::int as paid
    from stats_buyer_days where shop_id = ${shopId} and day between ${from}::date and ${to}::date`.execute(q);
  return rows[0] ?? { ordered: 0, paid: 0 };
}

export async function productTotals(q: Q, shopId: number, from: string, to: string, limit: number) {
  const { rows } = await sql<{ num_iid: number; title: string | null; paid_trades: number; items: number; sales: number }>`
    select p.num_iid, pr.title, p.paid_trades::int, p.items::int, p.sales::bigint as sales
    from (select num_iid, sum(paid_trades) as paid_trades, sum(items) as items, sum(sales) as sales from stats_product_days
          where shop_id = ${shopId} and day between ${from}::date and ${to}::date group by num_iid) p
    left join products pr on pr.num_iid = p.num_iid
    order by p.sales desc, p.num_iid limit ${limit}`.execute(q);
  return rows.map((r) => ({ ...r, sales: Number(r.sales) }));
}

// ——— settings and targets ———

export async function getSettings(q: Q, shopId: number) {
  const row = await q.selectFrom('stats_settings').select(['attribution_days', 'attribution_rule', 'version', 'updated_at'])
    .where('shop_id', '=', shopId).executeTakeFirst();
  return {
    attribution_days: row?.attribution_days ?? 3,
    attribution_rule: (row?.attribution_rule ?? 'order_first') as AttributionRule,
    // A shop that never changed them has the defaults, as version 1 (the row made when first changed).
    version: row?.version ?? 1,
  };
}

/** Locks the shop's settings row (made if missing) for the rest of the transaction. */
export async function lockSettings(trx: Trx, shopId: number) {
  await trx.insertInto('stats_settings').values({ shop_id: shopId }).onConflict((oc) => oc.column('shop_id').doNothing()).execute();
  return trx.selectFrom('stats_settings').selectAll().where('shop_id', '=', shopId).forUpdate().executeTakeFirstOrThrow();
}

export async function saveSettings(trx: Trx, shopId: number, patch: { attribution_days?: number; attribution_rule?: AttributionRule }, now: Date) {
  return trx.updateTable('stats_settings').set({ ...patch, version: sql`version + 1`, updated_at: now })
    .where('shop_id', '=', shopId).returning(['attribution_days', 'attribution_rule', 'version']).executeTakeFirstOrThrow();
}

export async function getTargets(q: Q, shopId: number, month: string) {
  const row = await q.selectFrom('stats_kpi_targets').select(['targets', 'version', 'updated_at', 'updated_by'])
    .where('shop_id', '=', shopId).where('month', '=', `${month}-01`).executeTakeFirst();
  return row ? { targets: row.targets as KpiTarget[], version: row.version, updated_at: row.updated_at, updated_by: row.updated_by }
    : { targets: [] as KpiTarget[], version: 0, updated_at: null, updated_by: null };
}

/** Locks the month's targets for the rest of the transaction; a month without any gets an empty row (version 0) to lock. */
export async function lockTargets(trx: Trx, shopId: number, month: string, now: Date) {
  await sql`insert into stats_kpi_targets (shop_id, month, targets, version, updated_at)
    values (${shopId}, ${`${month}-01`}::date, '[]', 0, ${now}) on conflict (shop_id, month) do nothing`.execute(trx);
  const { rows } = await sql<{ targets: KpiTarget[]; version: number }>`
    select targets, version from stats_kpi_targets where shop_id = ${shopId} and month = ${`${month}-01`}::date for update`.execute(trx);
  return rows[0];
}

export async function saveTargets(trx: Trx, shopId: number, month: string, targets: KpiTarget[], by: number, now: Date) {
  return trx.insertInto('stats_kpi_targets')
    .values({ shop_id: shopId, month: `${month}-01`, targets: JSON.stringify(targets), updated_by: by, updated_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'month']).doUpdateSet({
      targets: JSON.stringify(targets), updated_by: by, updated_at: now, version: sql`stats_kpi_targets.version + 1`,
    }))
    .returning(['version']).executeTakeFirstOrThrow();
}

export async function shopTimezone(q: Q, shopId: number) {
  const row = await q.selectFrom('shops').select('timezone').where('id', '=', shopId).executeTakeFirst();
  return row?.timezone ?? 'Asia/Shanghai';
}
