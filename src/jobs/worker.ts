import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { inTransaction, type UnitOfWork } from '../db/transaction.ts';
import { AppError } from '../errors.ts';

export interface DueJob {
  id: number;
  kind: string;
  key: string;
  shop_id: number | null;
  payload: unknown;
  run_at: Date;
}

/** A timer's action, run inside the transaction that marks the timer done: it fires once or not at all. */
export type JobHandler = (uow: UnitOfWork, job: DueJob, now: Date) => Promise<void>;

const MAX_ATTEMPTS = 5;

/**
 * Thrown by a handler whose subject a person's command holds right now. A timer holds its own row while it runs,
 * and that command may want the row next (to cancel or move the timer), so the handler must not wait: the timer
 * is put back untouched and runs on a later pass.
 */
export class JobBusy extends Error {}

export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(private readonly ctx: AppContext) {}

  register(kind: string, handler: JobHandler) {
    this.handlers.set(kind, handler);
  }

  /**
   * Fires every timer due at `now`, one transaction each. FOR UPDATE SKIP LOCKED lets several nodes
   * work the same table without ever taking the same timer. `kinds` limits it to those timers (a test that drives
   * its own, on a database other tests share).
   */
  async runDue(now = this.ctx.clock.now(), limit = 1000, kinds?: readonly string[]): Promise<number> {
    let fired = 0;
    const busy = new Set<number>();
    while (fired < limit) {
      const ran = await this.runOne(now, busy, kinds);
      if (!ran) break;
      if (ran === 'fired') fired++;
    }
    return fired;
  }

  private async runOne(now: Date, busy: Set<number>, kinds?: readonly string[]): Promise<'fired' | 'busy' | false> {
    let claimed: number | undefined;
    try {
      return await inTransaction(this.ctx, async (uow) => {
        let due = uow.trx
          .selectFrom('jobs')
          .select(['id', 'kind', 'key', 'shop_id', 'payload', 'run_at'])
          .where('done_at', 'is', null)
          .where('run_at', '<=', now)
          .where('attempts', '<', MAX_ATTEMPTS);
        if (busy.size) due = due.where('id', 'not in', [...busy]);
        if (kinds) due = due.where('kind', 'in', kinds);
        const job = await due
          .orderBy('run_at')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!job) return false;
        claimed = job.id;
        const handler = this.handlers.get(job.kind);
        let outcome: string | null = null;
        if (!handler) outcome = `no handler for ${job.kind}`;
        else {
          try {
            await handler(uow, job as DueJob, now);
          } catch (err) {
            // A rule that refuses (the trade moved on meanwhile) ends the timer; anything else is retried.
            if (!(err instanceof AppError)) throw err;
            outcome = `${err.code}: ${err.messageEn}`;
          }
        }
        await uow.trx.updateTable('jobs').set({ done_at: now, last_error: outcome }).where('id', '=', job.id).execute();
        return 'fired' as const;
      });
    } catch (err) {
      if (claimed === undefined) throw err;
      if (err instanceof JobBusy) {
        busy.add(claimed);
        return 'busy';
      }
      this.ctx.log.error({ err, job: claimed }, 'timer failed; will retry');
      await this.ctx.database.db
        .updateTable('jobs')
        .set({ attempts: sql`attempts + 1`, last_error: String((err as Error).message) })
        .where('id', '=', claimed)
        .execute();
      return 'fired';
    }
  }

  start(pollMs: number) {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runDue().catch((err) => {
        this.ctx.log.error({ err }, 'timer loop failed');
        return 0;
      });
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, pollMs);
    };
    this.timer = setTimeout(tick, pollMs);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
