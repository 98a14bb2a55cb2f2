import type { AppContext } from '../../context.ts';
import type { ZodApp } from '../../http/types.ts';
import { registerStatsRoutes } from './api.ts';
import { foldOptions, StatsFolder } from './folder.ts';
import { registerStatsSettingsRoutes } from './settings-api.ts';
import { registerStatsDrilldownRoutes } from './drilldown-api.ts';

export { foldOptions, StatsFolder } from './folder.ts';
export { recomputeAllShops, recomputeDay, type RecomputeResult } from './recompute.ts';
export * as statsRules from './rules.ts';

export interface Stats {
  /** Folds new messages and assignments into the figures (on an interval with the worker role, and before a report). */
  folder: StatsFolder;
  close(): Promise<void>;
}

/**
 * 绩效与销售统计 (SPEC §11): trades, refunds and ratings are counted by the database as they happen
 * (migrations/017_stats.sql), messages by the folder; these are its routes.
 */
export function registerStats(app: ZodApp, ctx: AppContext): Stats {
  const folder = new StatsFolder(ctx.database.db, ctx.log, foldOptions(ctx.database.engine));
  registerStatsRoutes(app, ctx, folder);
  registerStatsSettingsRoutes(app, ctx);
  registerStatsDrilldownRoutes(app, ctx);
  if (ctx.config.roles.includes('worker')) folder.start();
  return { folder, close: () => folder.stop() };
}
