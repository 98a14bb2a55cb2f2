import type { AppContext } from '../../context.ts';
import type { ZodApp } from '../../http/types.ts';
import { registerCustomerRoutes } from './api.ts';
import { registerCustomerBuyerRoutes } from './buyer-api.ts';
import { registerCustomerImportRoutes } from './import-api.ts';
import { registerSegmentRoutes } from './segments-api.ts';
import { registerCustomerSettingsRoutes } from './settings-api.ts';

/** Customers (SPEC §9): every route of the module, for the shop's accounts and for buyers. */
export function registerCustomers(app: ZodApp, ctx: AppContext) {
  registerCustomerSettingsRoutes(app, ctx);
  registerSegmentRoutes(app, ctx);
  registerCustomerImportRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerCustomerBuyerRoutes(app, ctx);
}

export { startImport, type ImportRequest, type StartedImport } from './importer.ts';
export { importFile } from './cli.ts';
export { IMPORT_KINDS, type ImportKind } from './import-rules.ts';
export { customerWhere } from './filter-sql.ts';
export { getLevels } from './store.ts';
export { getSegment, type SegmentRow } from './segment-store.ts';
export { checkRule, resolveRule, type CustomerFilter, type SegmentRule } from './rules.ts';
