import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { auditRow, recordAudit } from '../audit/index.ts';
import { recomputeDay } from './recompute.ts';
import * as reports from './reports.ts';
import {
  ATTRIBUTION_DAYS, ATTRIBUTION_RULES, checkDay, checkTargets, KPI_LIMITS, METRIC_KEYS, monthRange, seesTeam, setsTargets,
  teamOnly,
} from './rules.ts';
import { KpiTargetSchema, RecomputeResultSchema, ScoresSchema, StatsSettingsSchema } from './schemas.ts';
import * as store from './store.ts';

const Month = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM') });
const tags = ['stats'];
const SettingsAnswer = z.object({ settings: StatsSettingsSchema });

const notSupervisor = () =>
  new AppError('PERMISSION_DENIED', 403, '只有主管或主账号可以设置考核', 'Only a supervisor or the main account sets targets and attribution', { permission: 'stats.manage' });

const changed = () =>
  new AppError('STATS_SETTINGS_CHANGED', 409, '设置已被他人修改，请刷新后重试', 'Someone changed these settings meanwhile; reload and try again');

/** Attribution (询单归属), KPI targets per month, the month's scores, and rebuilding a day. */
export function registerStatsSettingsRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/stats/settings', {
    schema: { operationId: 'stats.settings.get', tags, summary: 'How trades are credited to agents: the window (2–15 days) and the rule',
      response: { 200: SettingsAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { settings: await store.getSettings(db, actor.shopId) };
  });

  app.patch('/api/stats/settings', {
    schema: {
      operationId: 'stats.settings.update', tags,
      summary: 'Change the attribution window or rule (下单优先, 付款, 下单); figures already kept stay as they were',
      body: z.object({
        attribution_days: z.number().int().min(ATTRIBUTION_DAYS.min).max(ATTRIBUTION_DAYS.max).optional(),
        attribution_rule: z.enum(ATTRIBUTION_RULES).optional(),
        version: z.number().int().min(0).optional(),
      }).refine((b) => b.attribution_days !== undefined || b.attribution_rule !== undefined, 'nothing to change'),
      response: { 200: SettingsAnswer },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!setsTargets(actor)) throw notSupervisor();
    const { version, ...patch } = request.body;
    const now = ctx.clock.now();
    const settings = await inTransaction(ctx, async (uow) => {
      const before = await store.lockSettings(uow.trx, actor.shopId);
      if (version !== undefined && version !== before.version) throw changed();
      const after = await store.saveSettings(uow.trx, actor.shopId, patch, now);
      await recordAudit(uow.trx, {
        shopId: actor.shopId, actor, action: 'stats.settings.update', entity: 'shop', entityId: actor.shopId,
        before: { attribution_days: before.attribution_days, attribution_rule: before.attribution_rule }, after, at: now,
      });
      uow.emit({ type: 'stats.settings.changed', shopId: actor.shopId, payload: { ...after } });
      return after;
    });
    return { settings };
  });

  app.get('/api/stats/targets', {
    schema: { operationId: 'stats.targets.get', tags, querystring: Month, summary: "The month's KPI targets with their weights",
      response: {
        200: z.object({
          month: z.string(), targets: z.array(KpiTargetSchema), version: Int.describe('0 when none are set; send it back to change them'),
          updated_at: Timestamp.nullable(), updated_by: Int.nullable().describe('the account that set them'),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    monthRange(request.query.month);
    return { month: request.query.month, ...(await store.getTargets(db, actor.shopId, request.query.month)) };
  });

  app.post('/api/stats/targets', {
    schema: {
      operationId: 'stats.targets.update', tags,
      summary: "Set the month's KPI targets: each figure once, with a weight of 1–100; `version` as read (0 when none) guards against a lost update",
      body: Month.extend({
        targets: z.array(z.object({ metric: z.enum(METRIC_KEYS), target: z.number().positive(), weight: z.number().int() }))
          .min(1).max(KPI_LIMITS.maxTargets),
        version: z.number().int().min(0),
      }),
      response: { 200: z.object({ month: z.string(), targets: z.array(KpiTargetSchema), version: Int }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!setsTargets(actor)) throw notSupervisor();
    const { month, version } = request.body;
    monthRange(month);
    const targets = checkTargets(request.body.targets);
    const now = ctx.clock.now();
    const saved = await inTransaction(ctx, async (uow) => {
      const before = await store.lockTargets(uow.trx, actor.shopId, month, now);
      if (before.version !== version) {
        throw new AppError('KPI_TARGETS_CHANGED', 409, '考核目标已被他人修改，请刷新后重试', 'Someone changed these targets meanwhile; reload and try again',
          { version: before.version });
      }
      const row = await store.saveTargets(uow.trx, actor.shopId, month, targets, actor.id, now);
      await recordAudit(uow.trx, {
        shopId: actor.shopId, actor, action: 'stats.targets.update', entity: 'shop', entityId: actor.shopId,
        before: { month, targets: before.targets }, after: { month, targets }, at: now,
      });
      uow.emit({ type: 'stats.targets.changed', shopId: actor.shopId, payload: { month, version: row.version } });
      return row;
    });
    return { month, targets, version: saved.version };
  });

  app.get('/api/stats/scores', {
    schema: { operationId: 'stats.scores.get', tags, querystring: Month, summary: "月度绩效: each agent's KPI score (0–100) of the month, best first",
      response: { 200: ScoresSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return reports.monthScores(db, actor, request.query.month);
  });

  app.post('/api/stats/recompute', {
    schema: {
      operationId: 'stats.recompute', tags, summary: 'Rebuild one day of figures from the raw messages, trades and ratings',
      body: z.object({ day: z.string() }),
      response: { 200: z.object({ result: RecomputeResultSchema }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!seesTeam(actor) || !setsTargets(actor)) throw teamOnly();
    const day = checkDay(request.body.day);
    const result = await recomputeDay(db, actor.shopId, day);
    await db.insertInto('audit_log').values(auditRow({
      shopId: actor.shopId, actor, action: 'stats.recompute', entity: 'shop', entityId: actor.shopId, after: result, at: ctx.clock.now(),
    })).execute();
    return { result };
  });
}
