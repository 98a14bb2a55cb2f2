import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { TAGS } from './api.ts';
import { startImport } from './importer.ts';
import { IMPORT_KINDS, IMPORT_LIMITS, importState } from './import-rules.ts';
import * as imports from './import-store.ts';
import type { ImportRow } from './import-store.ts';
import { IdParam, ImportSchema } from './schemas.ts';

const ImportAnswer = z.object({ import: ImportSchema });
const ImportQuery = z.object({
  kind: z.enum(IMPORT_KINDS).optional().describe('customers | trades; read from the header when absent'),
  file_name: z.string().trim().max(200).optional(),
});

const tooLarge = () => new AppError('FILE_TOO_LARGE', 413, `文件不能超过 ${IMPORT_LIMITS.bytes / 1024 / 1024} MB`,
  `A file may not exceed ${IMPORT_LIMITS.bytes / 1024 / 1024} MB`);

// Lines that are not CSV are recorded before the rows are checked: the client reads every refusal in file order.
type LineError = { line: number; code: string; reason: string; reason_en: string };
const byLine = (errors: unknown) => [...(errors as LineError[])].sort((a, b) => a.line - b.line);

export function presentImport(r: ImportRow, now: Date) {
  return {
    id: r.id, kind: r.kind, status: importState(r, now), file_name: r.file_name, total: r.total, processed: r.processed,
    imported: r.imported, rejected: r.rejected, errors: byLine(r.errors), failure: r.failure, created_by: r.created_by_name,
    created_at: r.created_at, finished_at: r.finished_at,
  };
}

/** CSV import of customers and of historical trades, for a seller moving in (SPEC §13). */
export function registerCustomerImportRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;
  // Imports still writing when the server stops are waited for: each chunk is a transaction of its own.
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 4, parts: 5 } });
    // A CSV may also be sent as the body itself.
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: IMPORT_LIMITS.bytes },
      (_req, body, done) => done(null, body));
    const upload = scope as unknown as ZodApp;

    upload.post('/api/customers/import', {
      bodyLimit: IMPORT_LIMITS.bytes,
      schema: {
        operationId: 'crm.import', tags: TAGS, querystring: ImportQuery,
        summary: 'Import customers (nick, mobile, tags, notes, opt_out) or historical trades (tid, buyer_nick, created, '
          + 'pay_time, status, payment in yuan, title, num) from CSV: multipart `file` or a text/csv body. Answers 202 with '
          + 'the import to poll; bad rows are reported by line and skipped',
        response: { 202: ImportAnswer },
      },
    }, async (request, reply) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'setting.manage');
      const file = await readUpload(request);
      const kind = file.kind ?? request.query.kind;
      const started = await startImport(ctx, {
        shopId: actor.shopId, actor, kind, data: file.data, fileName: request.query.file_name ?? file.name ?? '',
      });
      running.add(started.done);
      void started.done.finally(() => running.delete(started.done));
      const row = (await imports.getImport(db, actor.shopId, started.id))!;
      return reply.status(202).send({ import: presentImport(row, ctx.clock.now()) });
    });
  });

  app.get('/api/customers/imports', {
    schema: { operationId: 'crm.imports.get', tags: TAGS, summary: 'The shop\'s recent imports, newest first',
      response: { 200: z.object({ imports: z.array(ImportSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    return { imports: (await imports.listImports(db, actor.shopId, 50)).map((r) => presentImport(r, now)) };
  });

  app.get('/api/customers/imports/:id', {
    schema: { operationId: 'crm.import.get', tags: TAGS, params: IdParam,
      summary: 'One import: status (running, done, failed, interrupted), processed / total, and the rows refused with their line',
      response: { 200: ImportAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const row = await imports.getImport(db, actor.shopId, request.params.id);
    if (!row) throw new AppError('IMPORT_NOT_FOUND', 404, `导入任务 ${request.params.id} 不存在`, `Import ${request.params.id} not found`);
    return { import: presentImport(row, ctx.clock.now()) };
  });
}

/** The file of a multipart request (with an optional `kind` field), or the body of a text/csv one. */
async function readUpload(request: FastifyRequest): Promise<{ data: Buffer; name?: string; kind?: 'customers' | 'trades' }> {
  if (!request.isMultipart()) {
    if (Buffer.isBuffer(request.body)) return { data: request.body };
    throw new AppError('CSV_REQUIRED', 415, '请以 multipart/form-data 上传文件，或以 text/csv 发送内容',
      'Send the file as multipart/form-data, or its content as text/csv');
  }
  let kind: 'customers' | 'trades' | undefined;
  try {
    return await readParts();
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The multipart parser's own refusals (a cut-off body, a broken boundary) are the client's, not ours.
    throw new AppError('BAD_MULTIPART', 400, '上传内容格式不正确', 'The multipart body is malformed');
  }

  async function readParts(): Promise<{ data: Buffer; name?: string; kind?: 'customers' | 'trades' }> {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'kind') {
          const parsed = z.enum(IMPORT_KINDS).safeParse(part.value);
          if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, '请求参数不正确：kind 须为 customers 或 trades', 'Invalid request: kind must be customers or trades');
          kind = parsed.data;
        }
        continue;
      }
      const data = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      });
      if (part.file.truncated) throw tooLarge();
      return { data, name: part.filename, kind };
    }
    throw new AppError('FILE_REQUIRED', 400, '没有收到文件', 'No file received');
  }
}
