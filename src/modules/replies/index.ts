/**
 * Quick replies (快捷回复): what other modules may use. The workbench goes through the HTTP routes; seeds and
 * command-line imports write phrases with `addQuickReplies`.
 */
import type { Trx } from '../../db/transaction.ts';
import { checkImportRows, type ReplyInput, type SkippedRow } from './rules.ts';
import { importReplies, lockShopReplies, type ImportOutcome } from './store.ts';

export { registerReplyRoutes } from './api.ts';
export { fillVariables, VARIABLES, type FillContext, type Variable } from './rules.ts';

/**
 * Writes phrases for the team (`ownerId` null) or one account, inside the caller's transaction, with the rules of
 * the HTTP import: groups are made by name, a known code is updated, so writing the same rows twice changes nothing.
 */
export async function addQuickReplies(
  trx: Trx, shopId: number, ownerId: number | null, rows: Partial<ReplyInput>[], now: Date,
): Promise<ImportOutcome & { skipped: SkippedRow[] }> {
  const { good, skipped } = checkImportRows(rows.map((r, i) => ({ line: i + 1, ...r })));
  await lockShopReplies(trx, shopId);
  return { ...(await importReplies(trx, shopId, ownerId, good, now)), skipped };
}
