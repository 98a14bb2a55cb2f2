import type { JobRunner } from '../../jobs/worker.ts';
import type { EscrowProvider } from '../payments/index.ts';
import { AUTO_CLOSE, AUTO_FINISH, closeTrade, finishTrade } from './actions.ts';

const system = { kind: 'system' as const, name: 'timer' };

/** Unpaid trades close after the shop's limit; shipped trades finish 10 days (plus extensions) after shipping. */
export function registerTradeTimers(jobs: JobRunner, escrow: EscrowProvider) {
  jobs.register(AUTO_CLOSE, async (uow, job, now) => {
    await closeTrade(uow, system, Number(job.key), '未及时付款', undefined, now, job.shop_id!);
  });
  jobs.register(AUTO_FINISH, async (uow, job, now) => {
    await finishTrade(uow, system, Number(job.key), escrow, now, job.shop_id!);
  });
}
