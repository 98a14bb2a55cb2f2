import type { AppContext } from '../../context.ts';
import type { ZodApp } from '../../http/types.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import type { EscrowProvider } from '../payments/index.ts';
import { registerRefundRoutes } from './api.ts';
import { registerBuyerRefundRoutes } from './buyer-api.ts';
import { registerRefundTimers } from './timers.ts';

/** After-sales (SPEC §8): refunds, returns and exchanges per sub-order, for the seller's team and for the buyer. */
export function registerAftersales(app: ZodApp, ctx: AppContext, jobs: JobRunner, escrow: EscrowProvider) {
  registerRefundRoutes(app, ctx, escrow);
  registerBuyerRefundRoutes(app, ctx, escrow);
  registerRefundTimers(jobs, escrow);
}

export { REFUND_TIMEOUT } from './actions.ts';
export * as refundRules from './rules.ts';
