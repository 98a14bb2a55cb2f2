import type { AppContext } from '../../context.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { getShop, type AccountActor, type SystemActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { fieldCountError, readCsv, type CsvRecord } from './csv.ts';
import {
  detectKind, IMPORT_LIMITS, mapColumns, parseCustomerRow, parseTradeRow, type ColumnMap, type CustomerRow,
  type HistoryTradeRow, type ImportKind, type RowError,
} from './import-rules.ts';
import * as imports from './import-store.ts';
import { LIMITS } from './rules.ts';

export interface ImportRequest {
  shopId: number;
  actor: AccountActor | SystemActor;
  kind?: ImportKind;
  data: Buffer;
  fileName: string;
}

export interface StartedImport {
  id: number;
  kind: ImportKind;
  total: number;
  /** Settles when the last row is written (or the import failed); never rejects. */
  done: Promise<void>;
}

type LineError = RowError & { line: number };
type Good<T> = { line: number; value: T };

// Rows per transaction: small enough that a poll sees progress, large enough that each statement carries many rows.
const CHUNK = 500;

const refuse = (code: string, zh: string, en: string, details?: unknown) => new AppError(code, 400, zh, en, details);

/**
 * Checks the file at once (its kind, its columns, its size), records the import, and writes it in the background
 * chunk by chunk, each chunk in one transaction with its progress: a bad row is reported by its line and skipped,
 * good rows are kept. Importing the same file again changes nothing.
 */
export async function startImport(ctx: AppContext, req: ImportRequest,
  onProgress?: (processed: number, total: number) => void): Promise<StartedImport> {
  if (!req.data.length) throw refuse('IMPORT_EMPTY', '文件是空的', 'The file is empty');
  const csv = readCsv(req.data);
  if (!csv.header.length) throw refuse('IMPORT_EMPTY', '文件是空的', 'The file is empty');
  const kind = req.kind ?? detectKind(csv.header);
  if (!kind) {
    throw refuse('IMPORT_KIND_UNKNOWN', '无法判断文件内容：客户文件须有“买家昵称”列，订单文件须有“订单编号”列',
      'Cannot tell what the file holds: a customer file needs a nick column, a trade file a tid column');
  }
  const { map, missing } = mapColumns(kind, csv.header);
  if (missing.length) {
    throw refuse('IMPORT_COLUMNS_MISSING', `缺少必需的列：${missing.join('、')}`, `Required columns missing: ${missing.join(', ')}`,
      { missing, header: csv.header });
  }
  const total = csv.records.length + csv.errors.length;
  if (total > IMPORT_LIMITS.rows) {
    throw refuse('IMPORT_TOO_LARGE', `一次最多导入 ${IMPORT_LIMITS.rows} 行`, `At most ${IMPORT_LIMITS.rows} rows per import`);
  }
  const now = ctx.clock.now();
  const id = await inTransaction(ctx, async ({ trx }) => {
    const importId = await imports.insertImport(trx, {
      shopId: req.shopId, kind, fileName: req.fileName, total, now,
      createdBy: req.actor.kind === 'account' ? req.actor.id : null,
      createdByName: req.actor.kind === 'account' ? req.actor.login : req.actor.name,
    });
    await recordAudit(trx, { shopId: req.shopId, actor: req.actor, action: 'customer.import', entity: 'customer_import',
      entityId: importId, after: { kind, file_name: req.fileName, rows: total }, at: now });
    return importId;
  });
  const run = new ImportRun(ctx, req.shopId, id, kind, map, csv.header.length, total, onProgress);
  const done = run.execute(csv.records, csv.errors).catch(async (err) => {
    ctx.log.error({ err, import: id }, 'customer import failed');
    await imports.finishImport(ctx.database.db, id, 'failed', ctx.clock.now(), String((err as Error).message)).catch(() => {});
  });
  return { id, kind, total, done };
}

class ImportRun {
  private seen = new Map<string, number>();
  private processed = 0;
  private timeZone = 'Asia/Shanghai';

  constructor(
    private readonly ctx: AppContext,
    private readonly shopId: number,
    private readonly id: number,
    private readonly kind: ImportKind,
    private readonly map: ColumnMap<ImportKind>,
    private readonly columns: number,
    private readonly total: number,
    private readonly onProgress?: (processed: number, total: number) => void,
  ) {}

  async execute(records: CsvRecord[], csvErrors: LineError[]) {
    this.timeZone = (await getShop(this.ctx.database.db, this.shopId)).timezone;
    if (csvErrors.length) await this.commit(csvErrors.length, 0, csvErrors, async () => {});
    for (let i = 0; i < records.length; i += CHUNK) await this.chunk(records.slice(i, i + CHUNK));
    await imports.finishImport(this.ctx.database.db, this.id, 'done', this.ctx.clock.now());
  }

  private async chunk(records: CsvRecord[]) {
    const now = this.ctx.clock.now();
    const errors: LineError[] = [];
    const good: Good<CustomerRow | HistoryTradeRow>[] = [];
    for (const r of records) {
      const parsed = this.parse(r, now);
      if (!parsed.ok) errors.push({ line: r.line, ...parsed.error });
      else good.push({ line: r.line, value: parsed.value });
    }
    await this.commit(records.length, good.length, errors, async (trx, reject) => {
      const kept = this.kind === 'customers'
        ? await this.writeCustomers(trx, good as Good<CustomerRow>[], reject, now)
        : await this.writeTrades(trx, good as Good<HistoryTradeRow>[], reject);
      return kept;
    });
  }

  private parse(r: CsvRecord, now: Date) {
    const count = fieldCountError(r.fields, this.columns);
    if (count) return { ok: false as const, error: count };
    const parsed = this.kind === 'customers'
      ? parseCustomerRow(r.fields, this.map as ColumnMap<'customers'>)
      : parseTradeRow(r.fields, this.map as ColumnMap<'trades'>, this.timeZone, now);
    if (!parsed.ok) return parsed;
    // The same customer or trade twice in one file: the first is kept, the second is surely a mistake.
    const key = 'tid' in parsed.value ? parsed.value.tid : parsed.value.nick;
    const first = this.seen.get(key);
    if (first !== undefined) {
      return { ok: false as const, error: { code: 'DUPLICATE_ROW', reason: `与第 ${first} 行重复`, reason_en: `Repeats line ${first}` } };
    }
    this.seen.set(key, r.line);
    return parsed;
  }

  /** One transaction: the chunk's rows and its progress, so a poll never counts rows that are not there. */
  private async commit(processed: number, good: number, errors: LineError[],
    write: (trx: Trx, reject: (e: LineError) => void) => Promise<unknown>) {
    const rejectedLater: LineError[] = [];
    await inTransaction(this.ctx, async ({ trx }) => {
      rejectedLater.length = 0;
      await write(trx, (e) => rejectedLater.push(e));
      const all = [...errors, ...rejectedLater].sort((a, b) => a.line - b.line);
      await imports.recordProgress(trx, this.id, {
        processed, imported: good - rejectedLater.length, rejected: all.length, errors: all,
        keepErrors: IMPORT_LIMITS.errorsKept, now: this.ctx.clock.now(),
      });
    });
    this.processed += processed;
    this.onProgress?.(this.processed, this.total);
  }

  private async writeCustomers(trx: Trx, rows: Good<CustomerRow>[], reject: (e: LineError) => void, now: Date) {
    // New tags count against the shop's limit in file order; a row that would pass it is refused whole.
    const { count, fresh } = await imports.newTagNames(trx, this.shopId, rows.flatMap((r) => r.value.tags));
    const freshSet = new Set(fresh);
    const added = new Set<string>();
    const kept = rows.filter((r) => {
      const more = r.value.tags.filter((t) => freshSet.has(t) && !added.has(t));
      if (count + added.size + more.length > LIMITS.tagsPerShop) {
        reject({ line: r.line, code: 'TOO_MANY_TAGS', reason: `店铺标签超过 ${LIMITS.tagsPerShop} 个`,
          reason_en: `The shop would have more than ${LIMITS.tagsPerShop} tags` });
        return false;
      }
      more.forEach((t) => added.add(t));
      return true;
    });
    if (kept.length) await imports.upsertImportedCustomers(trx, this.shopId, kept.map((r) => r.value), now);
  }

  private async writeTrades(trx: Trx, rows: Good<HistoryTradeRow>[], reject: (e: LineError) => void) {
    const owned = await imports.ownedItems(trx, this.shopId, rows.flatMap((r) => (r.value.numIid ? [r.value.numIid] : [])));
    const byTitle = await imports.itemsByTitle(trx, this.shopId, rows.filter((r) => !r.value.numIid).map((r) => r.value.title));
    const kept: HistoryTradeRow[] = [];
    for (const r of rows) {
      if (r.value.numIid && !owned.has(r.value.numIid)) {
        reject({ line: r.line, code: 'NUM_IID_NOT_FOUND', reason: `本店没有商品 ${r.value.numIid}`, reason_en: `No item ${r.value.numIid} in this shop` });
        continue;
      }
      kept.push({ ...r.value, numIid: r.value.numIid ?? byTitle.get(r.value.title) ?? null });
    }
    if (kept.length) await imports.upsertHistoryTrades(trx, this.shopId, this.id, kept);
  }
}
