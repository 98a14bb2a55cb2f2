import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { DayResult, TradeFacts } from './day-fold.ts';
import type { ConversationHistory, ContactFacts, FoldMark, FoldMessage } from './fold.ts';
import { ATTRIBUTION_DAYS, COUNTER_KEYS, type AttributionRule } from './rules.ts';

/** The raw rows one day of a shop is computed from (recompute), and the writing of that day's figures. */
type Q = Kysely<DB> | Trx;

// Trades are paid within the shop's unpaid limit (at most 72 h) of being placed; those paid later (a timer that did
// not run) are found through the payment times the triggers copy.
const PAY_LAG = '4 days';

export async function dayContext(q: Q, shopId: number, day: string) {
  const { rows } = await sql<{ tz: string; from: Date; to: Date; days: number | null; rule: AttributionRule | null }>`
    select s.timezone as tz, (${day}::date)::timestamp at time zone s.timezone as "from",
      (${day}::date + 1)::timestamp at time zone s.timezone as "to", ss.attribution_days as days, ss.attribution_rule as rule
    from shops s left join stats_settings ss on ss.shop_id = s.id where s.id = ${shopId}`.execute(q);
  const r = rows[0];
  if (!r) return undefined;
  return {
    tz: r.tz, range: { from: new Date(r.from), to: new Date(r.to) },
    windowDays: r.days ?? ATTRIBUTION_DAYS.default, rule: r.rule ?? 'order_first' as AttributionRule,
  };
}

/**
 * The conversations served during the range, each from the end of the assignment before the first one that served
 * during the range: from there on, every message the day's contacts depend on is read.
 */
export async function histories(q: Q, shopId: number, from: Date, to: Date): Promise<Map<number, ConversationHistory>> {
  const { rows: bounds } = await sql<{ conversation_id: number; buyer_id: number; p: number; waiting: Date | null }>`
    with rel as (
      select conversation_id from stats_assignment_marks where shop_id = ${shopId} and assigned_at >= ${from} and assigned_at < ${to}
      union select conversation_id from stats_assignment_marks where shop_id = ${shopId} and ended_at >= ${from} and assigned_at < ${to}
      union select conversation_id from stats_assignment_marks where shop_id = ${shopId} and end_seq is null and assigned_at < ${to}
    ),
    marks as (
      select k.conversation_id, k.assigned_at < ${to} and (k.end_seq is null or k.ended_at >= ${from}) as relevant,
        lag(coalesce(k.end_seq, k.start_seq)) over (partition by k.conversation_id order by k.start_seq, k.assignment_id) as prev_end
      from stats_assignment_marks k where k.conversation_id in (select conversation_id from rel)
    ),
    b as (
      select conversation_id, coalesce(min(coalesce(prev_end, 0)) filter (where relevant), 0) as p from marks group by conversation_id
    )
    select b.conversation_id, c.buyer_id, b.p,
      (select case when x.sender_kind = 'buyer' then x.created_at end from messages x
       where x.conversation_id = b.conversation_id and x.seq <= b.p and x.sender_kind <> 'system' order by x.seq desc limit 1) as waiting
    from b join conversations c on c.id = b.conversation_id`.execute(q);
  const out = new Map<number, ConversationHistory>();
  if (!bounds.length) return out;
  for (const b of bounds) out.set(b.conversation_id, { buyerId: b.buyer_id, messages: [], marks: [], waitingSince: b.waiting && new Date(b.waiting) });
  const ids = bounds.map((b) => b.conversation_id);
  const ps = bounds.map((b) => b.p);
  const { rows: messages } = await sql<{ conversation_id: number; seq: number; sender_kind: 'buyer' | 'agent'; sender_id: number | null; created_at: Date }>`
    select m.conversation_id, m.seq, m.sender_kind, m.sender_id, m.created_at
    from unnest(${ids}::bigint[], ${ps}::bigint[]) as b(conversation_id, p)
    cross join lateral (
      select x.* from messages x where x.conversation_id = b.conversation_id and x.seq > b.p and x.created_at < ${to}
        and x.sender_kind <> 'system' offset 0
    ) m
    order by m.conversation_id, m.seq`.execute(q);
  for (const m of messages) {
    const msg: FoldMessage = { seq: Number(m.seq), sender: m.sender_kind, agentId: m.sender_kind === 'agent' ? m.sender_id : null, at: new Date(m.created_at) };
    out.get(m.conversation_id)!.messages.push(msg);
  }
  const { rows: marks } = await sql<{ conversation_id: number; agent_id: number; start_seq: number; end_seq: number | null; assigned_at: Date }>`
    select k.conversation_id, k.agent_id, k.start_seq, k.end_seq, k.assigned_at
    from unnest(${ids}::bigint[], ${ps}::bigint[]) as b(conversation_id, p)
    cross join lateral (
      select y.* from stats_assignment_marks y where y.conversation_id = b.conversation_id
        and coalesce(y.end_seq, y.start_seq + 1) > b.p and y.assigned_at < ${to} offset 0
    ) k
    order by k.conversation_id, k.start_seq, k.assignment_id`.execute(q);
  for (const k of marks) {
    const mark: FoldMark = { agentId: k.agent_id, startSeq: Number(k.start_seq), endSeq: k.end_seq === null ? null : Number(k.end_seq), assignedAt: new Date(k.assigned_at) };
    out.get(k.conversation_id)!.marks.push(mark);
  }
  return out;
}

interface TradeRow {
  tid: number; buyer_id: number; created: Date; pay_time: Date | null; payment: number; order_agent: number | null;
  pay_agent: number | null; items: number; lines: { num_iid: number; num: number; total_fee: number }[] | null; refund_fee: number | null;
}

/**
 * Trades with who they are credited to, from the raw messages (stats_last_agent, as the triggers do): the agent whose
 * message to the buyer came last within the window before the trade was placed, and before it was paid.
 */
async function creditedTrades(q: Q, tids: number[], windowDays: number): Promise<TradeFacts[]> {
  if (!tids.length) return [];
  const { rows } = await sql<TradeRow>`
    select t.tid, t.buyer_id, t.created, t.pay_time, t.payment,
      stats_last_agent(t.shop_id, t.buyer_id, t.created, ${windowDays}::int) as order_agent,
      case when t.pay_time is not null then stats_last_agent(t.shop_id, t.buyer_id, t.pay_time, ${windowDays}::int) end as pay_agent,
      coalesce((select sum(o.num) from orders o where o.tid = t.tid and o.status <> 'TRADE_CLOSED_BY_TAOBAO'), 0)::int as items,
      (select json_agg(json_build_object('num_iid', o.num_iid, 'num', o.num, 'total_fee', o.total_fee))
       from orders o where o.tid = t.tid and o.status <> 'TRADE_CLOSED_BY_TAOBAO') as lines,
      (select sum(r.refund_fee)::int from refunds r where r.tid = t.tid and r.status = 'SUCCESS' and r.dispute_type <> 'EXCHANGE') as refund_fee
    from trades t
    where t.tid = any(${tids}::bigint[])`.execute(q);
  return rows.map((r) => ({
    tid: r.tid, buyerId: r.buyer_id, created: new Date(r.created), payTime: r.pay_time && new Date(r.pay_time),
    orderAgentId: r.order_agent, payAgentId: r.pay_agent, payment: r.payment, items: r.items,
    lines: (r.lines ?? []).map((l) => ({ numIid: Number(l.num_iid), num: l.num, totalFee: l.total_fee })),
    refunded: r.refund_fee !== null, refundFee: r.refund_fee ?? 0,
  }));
}

/** The day's trades (placed or paid in the range), credited. */
export async function dayTrades(q: Q, shopId: number, from: Date, to: Date, windowDays: number) {
  const { rows } = await sql<{ tid: number }>`
    select tid from trades where shop_id = ${shopId} and created >= ${from} and created < ${to}
    union
    select tid from trades where shop_id = ${shopId} and created >= ${from}::timestamptz - interval '${sql.raw(PAY_LAG)}'
      and created < ${to} and pay_time >= ${from} and pay_time < ${to}
    union
    select t.tid from stats_trades s join trades t on t.tid = s.tid
    where s.shop_id = ${shopId} and s.pay_time >= ${from} and s.pay_time < ${to} and t.pay_time >= ${from} and t.pay_time < ${to}`.execute(q);
  return creditedTrades(q, rows.map((r) => r.tid), windowDays);
}

/** For 询单: each buyer's trades placed from a window before the range to its end. */
export async function tradesCreatedBy(q: Q, shopId: number, buyerIds: number[], from: Date, to: Date, windowDays: number) {
  const out = new Map<number, Date[]>();
  if (!buyerIds.length) return out;
  const { rows } = await sql<{ buyer_id: number; created: Date }>`
    select t.buyer_id, t.created from trades t
    where t.buyer_id = any(${buyerIds}::bigint[]) and t.shop_id = ${shopId}
      and t.created >= ${from}::timestamptz - make_interval(hours => ${windowDays * 24}) and t.created < ${to}`.execute(q);
  for (const r of rows) out.set(r.buyer_id, [...(out.get(r.buyer_id) ?? []), new Date(r.created)]);
  return out;
}

/** For 询单转化: the buyers' payments from the range's start to a window after its end, credited. */
export async function paymentsBy(q: Q, shopId: number, buyerIds: number[], from: Date, to: Date, windowDays: number) {
  if (!buyerIds.length) return [];
  const { rows } = await sql<{ tid: number }>`
    select t.tid from trades t
    where t.buyer_id = any(${buyerIds}::bigint[]) and t.shop_id = ${shopId}
      and t.pay_time >= ${from} and t.pay_time < ${to}::timestamptz + make_interval(hours => ${windowDays * 24})`.execute(q);
  return creditedTrades(q, rows.map((r) => r.tid), windowDays);
}

export async function dayRatings(q: Q, shopId: number, from: Date, to: Date) {
  const rows = await q.selectFrom('chat_ratings').select(['agent_id', 'score', 'created_at'])
    .where('shop_id', '=', shopId).where('created_at', '>=', from).where('created_at', '<', to).where('agent_id', 'is not', null).execute();
  return rows.map((r) => ({ agentId: r.agent_id!, score: r.score, at: new Date(r.created_at) }));
}

/** Replaces the day's figures with `r`; the trades it credited keep who they are credited to. */
export async function writeDay(trx: Trx, shopId: number, day: string, r: DayResult, trades: TradeFacts[], credit: (t: TradeFacts) => number | null) {
  for (const table of ['stats_contacts', 'stats_agent_days', 'stats_shop_days', 'stats_buyer_days', 'stats_product_days'] as const) {
    await sql`delete from ${sql.table(table)} where shop_id = ${shopId} and day = ${day}::date`.execute(trx);
  }
  const cs = r.contacts;
  if (cs.length) {
    const col = <T>(f: (c: ContactFacts) => T) => cs.map(f);
    await sql`
      insert into stats_contacts (shop_id, agent_id, day, buyer_id, buyer_msgs, agent_msgs, first_buyer_at, first_agent_at,
        last_agent_at, responses, response_ms, first_response_ms, inquiry, converted, ordered, paid)
      select ${shopId}, agent_id, ${day}::date, buyer_id, bm, am, fb, fa, la, rn, rms, frms, inq, conv, ord, paid
      from unnest(${col((c) => c.agentId)}::bigint[], ${col((c) => c.buyerId)}::bigint[], ${col((c) => c.buyerMsgs)}::int[],
        ${col((c) => c.agentMsgs)}::int[], ${col((c) => c.firstBuyerAt)}::timestamptz[], ${col((c) => c.firstAgentAt)}::timestamptz[],
        ${col((c) => c.lastAgentAt)}::timestamptz[], ${col((c) => c.responses)}::int[], ${col((c) => c.responseMs)}::bigint[],
        ${col((c) => c.firstResponseMs)}::bigint[], ${col((c) => c.inquiry)}::boolean[], ${col((c) => c.converted)}::boolean[],
        ${col((c) => c.ordered)}::int[], ${col((c) => c.paid)}::int[])
        as t(agent_id, buyer_id, bm, am, fb, fa, la, rn, rms, frms, inq, conv, ord, paid)`.execute(trx);
  }
  if (r.agents.size) {
    const ids = [...r.agents.keys()];
    const values = COUNTER_KEYS.map((k) => sql`${ids.map((id) => r.agents.get(id)![k])}::bigint[]`);
    await sql`
      insert into stats_agent_days (shop_id, day, agent_id, ${sql.join(COUNTER_KEYS.map((k) => sql.ref(k)))})
      select ${shopId}, ${day}::date, * from unnest(${ids}::bigint[], ${sql.join(values)})`.execute(trx);
  }
  const s = r.shop;
  if (Object.values(s).some((v) => v !== 0)) {
    await sql`
      insert into stats_shop_days (shop_id, day, trades, ordered_buyers, paid_trades, paid_buyers, sales, items, refunded_trades, refund_fee)
      values (${shopId}, ${day}::date, ${s.trades}, ${s.ordered_buyers}, ${s.paid_trades}, ${s.paid_buyers}, ${s.sales}, ${s.items},
        ${s.refunded_trades}, ${s.refund_fee})`.execute(trx);
  }
  if (r.buyers.size) {
    const ids = [...r.buyers.keys()];
    await sql`
      insert into stats_buyer_days (shop_id, day, buyer_id, ordered, paid)
      select ${shopId}, ${day}::date, * from unnest(${ids}::bigint[], ${ids.map((id) => r.buyers.get(id)!.ordered)}::int[],
        ${ids.map((id) => r.buyers.get(id)!.paid)}::int[])`.execute(trx);
  }
  if (r.products.size) {
    const ids = [...r.products.keys()];
    const p = (k: 'paid_trades' | 'items' | 'sales') => ids.map((id) => r.products.get(id)![k]);
    await sql`
      insert into stats_product_days (shop_id, day, num_iid, paid_trades, items, sales)
      select ${shopId}, ${day}::date, * from unnest(${ids}::bigint[], ${p('paid_trades')}::int[], ${p('items')}::int[], ${p('sales')}::bigint[])`
      .execute(trx);
  }
  if (trades.length) {
    const col = <T>(f: (t: TradeFacts) => T) => trades.map(f);
    await sql`
      insert into stats_trades as s (tid, shop_id, buyer_id, created, order_agent_id, pay_time, pay_agent_id, credited_agent_id,
        payment, items, refunded, refund_fee)
      select t.tid, ${shopId}, t.buyer_id, t.created, t.order_agent, t.pay_time, t.pay_agent,
        case when t.pay_time is null then null else t.credited end, case when t.pay_time is null then 0 else t.payment end,
        case when t.pay_time is null then 0 else t.items end, t.refunded and t.pay_time is not null,
        case when t.pay_time is null then 0 else t.refund_fee end
      from unnest(${col((t) => t.tid)}::bigint[], ${col((t) => t.buyerId)}::bigint[], ${col((t) => t.created)}::timestamptz[],
        ${col((t) => t.orderAgentId)}::bigint[], ${col((t) => t.payTime)}::timestamptz[], ${col((t) => t.payAgentId)}::bigint[],
        ${col(credit)}::bigint[], ${col((t) => t.payment)}::int[], ${col((t) => t.items)}::int[], ${col((t) => t.refunded)}::boolean[],
        ${col((t) => t.refundFee)}::int[])
        as t(tid, buyer_id, created, order_agent, pay_time, pay_agent, credited, payment, items, refunded, refund_fee)
      on conflict (tid) do update set order_agent_id = excluded.order_agent_id, pay_time = excluded.pay_time,
        pay_agent_id = excluded.pay_agent_id, credited_agent_id = excluded.credited_agent_id, payment = excluded.payment,
        items = excluded.items, refunded = excluded.refunded, refund_fee = excluded.refund_fee`.execute(trx);
  }
}
