import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { recordAudit } from '../audit/index.ts';
import { formatReplyCsv, parseReplyCsv } from './csv.ts';
import { assertCanEdit, checkImportRows, LIMITS, ownerFor, type RawRow } from './rules.ts';
import { ExportQuery, ExportSchema, ImportBody, ImportResultSchema } from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['replies'];

const tooManyRows = (n: number) => new AppError('REPLY_IMPORT_TOO_LARGE', 400,
  `一次最多导入 ${LIMITS.importRows} 条，这份有 ${n} 条`, `At most ${LIMITS.importRows} rows per import; this one has ${n}`,
  { rows: n, max: LIMITS.importRows });

/** Import (JSON rows or CSV text) and export (CSV or JSON) of the team's or the agent's own quick replies. */
export function registerReplyTransferRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.post('/api/replies/import', {
    bodyLimit: 4 * 1024 * 1024,
    schema: { operationId: 'replies.import', tags: TAGS, body: ImportBody,
      summary: 'Import phrases (group, code, text): a known code is updated, bad rows are skipped and reported by line',
      response: { 200: ImportResultSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const b = request.body;
    const ownerId = ownerFor(actor, b.scope);
    assertCanEdit(actor, ownerId);
    const raw: RawRow[] = b.csv !== undefined ? parseReplyCsv(b.csv) : b.replies!.map((r, i) => ({ line: i + 1, ...r }));
    if (raw.length > LIMITS.importRows) throw tooManyRows(raw.length);
    const { good, skipped } = checkImportRows(raw);
    const now = ctx.clock.now();
    const outcome = await inTransaction(ctx, async ({ trx }) => {
      await store.lockShopReplies(trx, actor.shopId);
      const result = await store.importReplies(trx, actor.shopId, ownerId, good, now);
      if (good.length) {
        await recordAudit(trx, { shopId: actor.shopId, actor, action: 'reply.import', entity: 'quick_reply', entityId: b.scope,
          after: { scope: b.scope, rows: good.length, ...result, skipped: skipped.length }, at: now });
      }
      return result;
    });
    return {
      imported: good.length, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged,
      groups_created: outcome.groupsCreated, skipped,
    };
  });

  app.get('/api/replies/export', {
    schema: { operationId: 'replies.export', tags: TAGS, querystring: ExportQuery,
      summary: "The team's or the agent's own phrases as CSV (group,code,text) or JSON that the import takes back",
      response: {
        200: {
          description: 'the phrases: JSON with `format=json`, else a CSV file',
          content: {
            'application/json': { schema: ExportSchema },
            'text/csv': { schema: z.string().describe('group,code,text with a header line') },
          },
        },
      } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    const { format, scope } = request.query;
    const rows = await store.exportReplies(db, actor.shopId, ownerFor(actor, scope));
    if (format === 'json') return { scope, replies: rows };
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="quick-replies-${scope}.csv"`)
      .send(formatReplyCsv(rows));
  });
}
