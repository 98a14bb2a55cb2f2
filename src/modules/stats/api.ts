import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int, Day as DayOut } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, type AccountActor } from '../accounts/index.ts';
import type { StatsFolder } from './folder.ts';
import * as reports from './reports.ts';
import {
  ATTRIBUTION_RULE_NAMES, checkRange, dayIn, METRIC_KEYS, METRICS, seesTeam, SILENT_SALES, teamOnly,
} from './rules.ts';
import {
  DaysSchema, DefinitionSchema, LeaderboardSchema, MetricSchema, ProductsReportSchema, ShopReportSchema, TeamReportSchema,
} from './schemas.ts';
import * as store from './store.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const Range = z.object({ from: Day.optional(), to: Day.optional() });
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const tags = ['stats'];

/** 30 days up to today (the shop's today) unless given. */
async function range(ctx: AppContext, actor: AccountActor, q: { from?: string; to?: string }) {
  const today = dayIn(ctx.clock.now(), await store.shopTimezone(ctx.database.db, actor.shopId));
  const to = q.to ?? today;
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return checkRange(from, to);
}

/** 绩效与销售统计: definitions, the team report, day series, shop and product sales, leaderboard, CSV. */
export function registerStatsRoutes(app: ZodApp, ctx: AppContext, folder: StatsFolder) {
  const db = ctx.database.db;
  // A report first folds in what is due (the last moments' messages), so it shows everything up to now.
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' && request.url.startsWith('/api/stats/') && !request.url.startsWith('/api/stats/definitions')) await folder.fold();
  });

  app.get('/api/stats/definitions', {
    schema: { operationId: 'stats.definitions.get', tags, summary: 'What every figure means (中文 and English), to show beside it',
      response: {
        200: z.object({
          metrics: z.array(MetricSchema).readonly(), silent_sales: DefinitionSchema,
          attribution_rules: z.record(z.string(), z.string()).describe('the name of each attribution rule'),
        }),
      } },
  }, async (request) => {
    await requireAccount(ctx, request);
    return { metrics: METRICS, silent_sales: SILENT_SALES, attribution_rules: ATTRIBUTION_RULE_NAMES };
  });

  app.get('/api/stats/agents', {
    schema: {
      operationId: 'stats.agents.get', tags, querystring: Range,
      summary: "客服绩效: each agent's figures over a range of days (default the last 30) and the team's; an agent sees its own",
      response: { 200: TeamReportSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const r = await range(ctx, actor, request.query);
    return reports.teamReport(db, actor, r.from, r.to);
  });

  app.get('/api/stats/agents.csv', {
    schema: { operationId: 'stats.agents.export', tags, querystring: Range, summary: 'The team report as CSV (permission: export)',
      response: {
        200: {
          description: 'a CSV file (UTF-8 with a BOM): Chinese headers, amounts in yuan, rates in percent',
          content: { 'text/csv': { schema: z.string() } },
        },
      } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    if (!seesTeam(actor)) throw teamOnly();
    assertCan(actor, 'export');
    const r = await range(ctx, actor, request.query);
    const csv = reports.teamCsv(await reports.teamReport(db, actor, r.from, r.to));
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="agents-${r.from}-${r.to}.csv"`)
      .send(csv);
  });

  app.get('/api/stats/agents/:id/days', {
    schema: { operationId: 'stats.agent.days.get', tags, params: Id, querystring: Range, summary: "One agent's figures day by day",
      response: { 200: z.object({ agent_id: Int, from: DayOut, to: DayOut, days: DaysSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (request.params.id !== actor.id && !seesTeam(actor)) throw teamOnly();
    const agent = await db.selectFrom('accounts').select('id').where('id', '=', request.params.id).where('shop_id', '=', actor.shopId)
      .executeTakeFirst();
    if (!agent) throw new AppError('ACCOUNT_NOT_FOUND', 404, '该客服不存在', 'No such agent in this shop');
    const r = await range(ctx, actor, request.query);
    return { agent_id: request.params.id, from: r.from, to: r.to, days: await reports.dailyReport(db, actor.shopId, r.from, r.to, request.params.id) };
  });

  app.get('/api/stats/team/days', {
    schema: { operationId: 'stats.team.days.get', tags, querystring: Range, summary: "The team's figures day by day",
      response: { 200: z.object({ from: DayOut, to: DayOut, days: DaysSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!seesTeam(actor)) throw teamOnly();
    const r = await range(ctx, actor, request.query);
    return { from: r.from, to: r.to, days: await reports.dailyReport(db, actor.shopId, r.from, r.to) };
  });

  app.get('/api/stats/shop', {
    schema: { operationId: 'stats.shop.get', tags, querystring: Range, summary: '销售统计: sales, trades and buyers per day and over the range, with 静默销售额',
      response: { 200: ShopReportSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!seesTeam(actor)) throw teamOnly();
    const r = await range(ctx, actor, request.query);
    return reports.shopReport(db, actor.shopId, r.from, r.to);
  });

  app.get('/api/stats/products', {
    schema: {
      operationId: 'stats.products.get', tags, summary: 'Sales per product over the range, best sellers first',
      querystring: Range.extend({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: { 200: ProductsReportSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!seesTeam(actor)) throw teamOnly();
    const r = await range(ctx, actor, request.query);
    return { from: r.from, to: r.to, products: await store.productTotals(db, actor.shopId, r.from, r.to, request.query.limit) };
  });

  app.get('/api/stats/leaderboard', {
    schema: {
      operationId: 'stats.leaderboard.get', tags, summary: '排行榜: the agents ranked by one figure (default 客服销售额); every account of the shop may see it',
      querystring: Range.extend({ metric: z.enum(METRIC_KEYS).default('sales'), limit: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: LeaderboardSchema },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const r = await range(ctx, actor, request.query);
    return reports.leaderboard(db, actor, r.from, r.to, request.query.metric, request.query.limit);
  });
}
