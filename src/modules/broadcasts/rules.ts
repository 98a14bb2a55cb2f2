import { AppError } from '../../errors.ts';

/** Broadcasts (群发, SPEC §7): pacing, who receives, and the broadcast's life. Pure: time is a parameter. */

export const BROADCAST_STATUSES = ['sending', 'done', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];
export const RECIPIENT_STATUSES = ['pending', 'sent', 'skipped_opt_out', 'failed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const BROADCAST_LIMITS = {
  text: 500,
  /** {买家} in one text: each becomes a nick of up to 32 characters, and a chat message holds 2000. */
  nickPlaceholders: 5,
  minRate: 1,
  maxRate: 6000,
  defaultRate: 600,
  /** Broadcasts of one shop sending at the same time. */
  concurrent: 3,
  /** Messages written in one transaction, whatever the rate. */
  maxBatch: 100,
} as const;

/**
 * Delivery at `ratePerMinute`: a batch every second (or slower, one message at a time, below 60 a minute), so a
 * broadcast never floods the chat and a batch is a short transaction.
 */
export function deliveryPlan(ratePerMinute: number) {
  const intervalMs = Math.max(1000, Math.ceil(60_000 / ratePerMinute));
  const batchSize = Math.min(BROADCAST_LIMITS.maxBatch, Math.max(1, Math.floor((ratePerMinute * intervalMs) / 60_000)));
  return { batchSize, intervalMs };
}

/** What happens to one recipient when their turn comes; opt-out is read at that moment, not when the broadcast began. */
export function decideRecipient(r: { optOut: boolean; buyerId: number | null }):
  { send: true } | { send: false; status: 'skipped_opt_out' | 'failed'; reason: string | null } {
  if (r.optOut) return { send: false, status: 'skipped_opt_out', reason: null };
  // An imported customer who never came to this platform has no chat to receive it.
  if (r.buyerId === null) return { send: false, status: 'failed', reason: 'NO_BUYER_ACCOUNT' };
  return { send: true };
}

/** The text as one buyer reads it: {买家} becomes their nick. */
export const renderText = (template: string, nick: string) => template.replaceAll('{买家}', nick);

export function checkText(text: string) {
  const clean = text.trim();
  if (!clean) throw new AppError('BROADCAST_TEXT_EMPTY', 400, '群发内容不能为空', 'The broadcast text cannot be empty');
  if ([...clean].length > BROADCAST_LIMITS.text) {
    throw new AppError('BROADCAST_TEXT_TOO_LONG', 400, `群发内容不能超过 ${BROADCAST_LIMITS.text} 个字`,
      `The broadcast text may not exceed ${BROADCAST_LIMITS.text} characters`);
  }
  if (clean.split('{买家}').length - 1 > BROADCAST_LIMITS.nickPlaceholders) {
    throw new AppError('BROADCAST_TEXT_INVALID', 400, `{买家} 最多出现 ${BROADCAST_LIMITS.nickPlaceholders} 次`,
      `{买家} may appear at most ${BROADCAST_LIMITS.nickPlaceholders} times`);
  }
  return clean;
}

export function checkCanStart(sendingNow: number) {
  if (sendingNow >= BROADCAST_LIMITS.concurrent) {
    throw new AppError('TOO_MANY_BROADCASTS', 409, `已有 ${sendingNow} 个群发正在发送，请等它们完成`,
      `${sendingNow} broadcasts are already sending; wait for them to finish`);
  }
}

export function checkHasRecipients(recipients: number) {
  if (recipients === 0) {
    throw new AppError('BROADCAST_NO_RECIPIENTS', 400, '该分群目前没有客户', 'The segment has no customers right now');
  }
}

export function checkCancellable(status: BroadcastStatus) {
  if (status !== 'sending') {
    throw new AppError('BROADCAST_NOT_CANCELLABLE', 409, '只能取消正在发送的群发', 'Only a broadcast that is sending can be cancelled',
      { status });
  }
}

/** Counts as the page shows them; pending is what is neither sent, skipped nor failed. */
export function progressOf(b: { total: number; sent: number; skipped_opt_out: number; failed: number }) {
  const pending = b.total - b.sent - b.skipped_opt_out - b.failed;
  const done = b.total - pending;
  return { pending, percent: b.total ? Math.floor((done / b.total) * 100) : 100 };
}
