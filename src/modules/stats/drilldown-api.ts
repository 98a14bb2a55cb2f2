import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { checkRange, dayIn, METRIC_KEYS, seesTeam, teamOnly, type MetricKey } from './rules.ts';
import { DrilldownSchema } from './schemas.ts';
import { shopTimezone } from './store.ts';

/**
 * 数据下钻: the contacts, trades or ratings behind a figure of the reports, read from the same kept rows
 * (stats_contacts, stats_trades, chat_ratings) with the same conditions, so their count is the figure.
 */
type Db = Kysely<DB>;

/** The shop report's figures, beside the agents' (METRICS). */
export const SHOP_FIGURES = ['silent_sales', 'shop_trades', 'shop_paid', 'shop_refunds'] as const;
export type DrillFigure = MetricKey | (typeof SHOP_FIGURES)[number];
export type DrillKind = 'contacts' | 'ordered' | 'paid' | 'ratings';

/** Which rows stand behind each figure, and which of them a contact must have. */
const CONTACTS: Partial<Record<DrillFigure, ReturnType<typeof sql>>> = {
  consulted: sql`c.buyer_msgs > 0`,
  reply_rate: sql`c.buyer_msgs > 0`,
  received: sql`c.buyer_msgs > 0 and c.agent_msgs > 0`,
  inquired: sql`c.buyer_msgs > 0 and c.agent_msgs > 0 and c.inquiry`,
  conversion_rate: sql`c.buyer_msgs > 0 and c.agent_msgs > 0 and c.inquiry`,
  first_response_s: sql`c.responses > 0`,
  avg_response_s: sql`c.responses > 0`,
  answer_ratio: sql`(c.buyer_msgs > 0 or c.agent_msgs > 0)`,
};

export function drillKind(figure: DrillFigure): DrillKind {
  if (CONTACTS[figure]) return 'contacts';
  if (figure === 'satisfaction') return 'ratings';
  if (figure === 'ordered_buyers' || figure === 'shop_trades') return 'ordered';
  return 'paid';
}

const isShopFigure = (f: DrillFigure) => (SHOP_FIGURES as readonly string[]).includes(f);

interface Scope { shopId: number; from: string; to: string; tz: string; agentId?: number; limit: number }

/** The instants that begin the shop's day `from` and end its day `to`. */
const bounds = (s: Scope) => ({
  start: sql`(${s.from}::date)::timestamp at time zone ${s.tz}`,
  end: sql`(${s.to}::date + 1)::timestamp at time zone ${s.tz}`,
});

async function contacts(db: Db, s: Scope, where: ReturnType<typeof sql>) {
  const { rows } = await sql<{
    day: string; agent_id: number; agent_name: string; buyer_id: number; buyer_nick: string; conversation_id: number | null;
    buyer_msgs: number; agent_msgs: number; responses: number; response_ms: string; first_response_ms: string | null;
    inquiry: boolean; converted: boolean; ordered: number; paid: number;
  }>`
    select c.day::text as day, c.agent_id, a.display_name as agent_name, c.buyer_id, coalesce(cv.buyer_nick, b.nick) as buyer_nick,
      cv.id as conversation_id, c.buyer_msgs, c.agent_msgs, c.responses, c.response_ms, c.first_response_ms, c.inquiry, c.converted,
      c.ordered, c.paid
    from stats_contacts c
    join accounts a on a.id = c.agent_id
    join buyers b on b.id = c.buyer_id
    left join conversations cv on cv.shop_id = c.shop_id and cv.buyer_id = c.buyer_id
    where c.shop_id = ${s.shopId} and c.day between ${s.from}::date and ${s.to}::date and ${where}
      ${s.agentId === undefined ? sql`` : sql`and c.agent_id = ${s.agentId}`}
    order by c.day desc, c.agent_id, c.buyer_id
    limit ${s.limit + 1}`.execute(db);
  return rows.map((r) => ({
    day: r.day, agent: { id: r.agent_id, name: r.agent_name }, buyer_id: r.buyer_id, buyer_nick: r.buyer_nick,
    conversation_id: r.conversation_id, buyer_msgs: r.buyer_msgs, agent_msgs: r.agent_msgs, received: r.buyer_msgs > 0 && r.agent_msgs > 0,
    responses: r.responses, first_response_s: r.first_response_ms === null ? null : Number(r.first_response_ms) / 1000,
    avg_response_s: r.responses > 0 ? Math.round(Number(r.response_ms) / r.responses / 100) / 10 : null,
    inquiry: r.inquiry, converted: r.converted, ordered: r.ordered, paid: r.paid,
  }));
}

/** Trades placed (`ordered`) or paid (`paid`) in the range, credited to the agent, to any agent, to none, or all. */
async function trades(db: Db, s: Scope, figure: DrillFigure, kind: 'ordered' | 'paid') {
  const { start, end } = bounds(s);
  const at = kind === 'ordered' ? sql`st.created` : sql`st.pay_time`;
  const agentCol = kind === 'ordered' ? sql`st.order_agent_id` : sql`st.credited_agent_id`;
  let who = sql``;
  if (figure === 'silent_sales') who = sql`and st.credited_agent_id is null`;
  else if (!isShopFigure(figure)) who = s.agentId === undefined ? sql`and ${agentCol} is not null` : sql`and ${agentCol} = ${s.agentId}`;
  const { rows } = await sql<{
    tid: number; buyer_id: number; buyer_nick: string; status: string; created: Date; pay_time: Date | null; payment: number;
    items: number; agent_id: number | null; agent_name: string | null; refunded: boolean; refund_fee: number; conversation_id: number | null;
  }>`
    select st.tid, st.buyer_id, t.buyer_nick, t.status, st.created, st.pay_time, t.payment, st.items, ${agentCol} as agent_id,
      a.display_name as agent_name, st.refunded, st.refund_fee, cv.id as conversation_id
    from stats_trades st
    join trades t on t.tid = st.tid
    left join accounts a on a.id = ${agentCol}
    left join conversations cv on cv.shop_id = st.shop_id and cv.buyer_id = st.buyer_id
    where st.shop_id = ${s.shopId} and ${at} >= ${start} and ${at} < ${end} ${who}
      ${figure === 'shop_refunds' ? sql`and st.refunded` : sql``}
    order by ${at} desc, st.tid desc
    limit ${s.limit + 1}`.execute(db);
  return rows.map((r) => ({
    tid: Number(r.tid), day: dayIn(new Date(kind === 'ordered' ? r.created : r.pay_time!), s.tz), buyer_id: r.buyer_id,
    buyer_nick: r.buyer_nick, status: r.status, created: r.created, pay_time: r.pay_time, payment: r.payment, items: r.items,
    agent: r.agent_id === null ? null : { id: r.agent_id, name: r.agent_name }, refunded: r.refunded, refund_fee: r.refund_fee,
    conversation_id: r.conversation_id,
  }));
}

async function ratings(db: Db, s: Scope) {
  const { start, end } = bounds(s);
  const { rows } = await sql<{
    id: number; conversation_id: number; buyer_nick: string; agent_id: number; agent_name: string; score: number; comment: string | null;
    created_at: Date;
  }>`
    select r.id, r.conversation_id, cv.buyer_nick, r.agent_id, a.display_name as agent_name, r.score, r.comment, r.created_at
    from chat_ratings r
    join conversations cv on cv.id = r.conversation_id
    join accounts a on a.id = r.agent_id
    where r.shop_id = ${s.shopId} and r.created_at >= ${start} and r.created_at < ${end}
      ${s.agentId === undefined ? sql`and r.agent_id is not null` : sql`and r.agent_id = ${s.agentId}`}
    order by r.created_at desc, r.id desc
    limit ${s.limit + 1}`.execute(db);
  return rows.map((r) => ({
    id: r.id, conversation_id: r.conversation_id, buyer_nick: r.buyer_nick, agent: { id: r.agent_id, name: r.agent_name },
    score: r.score, satisfied: r.score >= 4, comment: r.comment, day: dayIn(new Date(r.created_at), s.tz), created_at: r.created_at,
  }));
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export function registerStatsDrilldownRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;
  app.get('/api/stats/drilldown', {
    schema: {
      operationId: 'stats.drilldown.get', tags: ['stats'],
      summary: "数据下钻: the contacts (buyer, agent, day, with the conversation), trades or ratings behind one figure of a report",
      querystring: z.object({
        figure: z.enum([...METRIC_KEYS, ...SHOP_FIGURES]),
        from: Day.optional(), to: Day.optional(),
        agent_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(200),
      }),
      response: { 200: DrilldownSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const q = request.query;
    const team = seesTeam(actor);
    // An agent drills into its own figures; the team's, another agent's and the shop's are for those who see the team.
    if (!team && (isShopFigure(q.figure) || (q.agent_id !== undefined && q.agent_id !== actor.id))) throw teamOnly();
    const agentId = isShopFigure(q.figure) ? undefined : team ? q.agent_id : actor.id;
    const tz = await shopTimezone(db, actor.shopId);
    const to = q.to ?? dayIn(ctx.clock.now(), tz);
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    checkRange(from, to);
    const s: Scope = { shopId: actor.shopId, from, to, tz, agentId, limit: q.limit };
    const kind = drillKind(q.figure);
    const found = {
      contacts: kind === 'contacts' ? await contacts(db, s, CONTACTS[q.figure]!) : [],
      trades: kind === 'ordered' || kind === 'paid' ? await trades(db, s, q.figure, kind) : [],
      ratings: kind === 'ratings' ? await ratings(db, s) : [],
    };
    return {
      figure: q.figure, kind, from, to, agent_id: agentId ?? null,
      truncated: found.contacts.length + found.trades.length + found.ratings.length > q.limit,
      contacts: found.contacts.slice(0, q.limit), trades: found.trades.slice(0, q.limit), ratings: found.ratings.slice(0, q.limit),
    };
  });
}
