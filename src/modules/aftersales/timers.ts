import type { JobRunner } from '../../jobs/worker.ts';
import type { EscrowProvider } from '../payments/index.ts';
import { REFUND_TIMEOUT, timeoutRefund } from './actions.ts';

/** A deadline of a refund passed: the seller is taken to agree, or the buyer to give up (rules.REFUND_MACHINE). */
export function registerRefundTimers(jobs: JobRunner, escrow: EscrowProvider) {
  jobs.register(REFUND_TIMEOUT, async (uow, job, now) => {
    await timeoutRefund(uow, job.key, job.shop_id!, escrow, now);
  });
}
