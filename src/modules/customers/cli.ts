import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { MemoryBus } from '../../bus/memory-bus.ts';
import { systemClock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { findShopByName } from '../accounts/index.ts';
import { importState, type ImportKind } from './import-rules.ts';
import { getImport } from './import-store.ts';
import { startImport } from './importer.ts';

/** `xiaoer import <file> --shop NAME [--kind customers|trades]`: the same import as the API, with a progress bar. */
export async function importFile(config: Config, database: Database, opts: { file: string; shop: string; kind?: ImportKind }) {
  const shop = await findShopByName(database.db, opts.shop);
  if (!shop) throw new Error(`No shop named ${opts.shop}`);
  const ctx = { config, database, bus: new MemoryBus(), clock: systemClock, log: pino({ level: 'warn' }) };
  const bar = new cliProgress.SingleBar({ format: ' 导入 import |{bar}| {value}/{total} rows | {duration}s', hideCursor: true },
    cliProgress.Presets.shades_classic);
  try {
    const started = await startImport(ctx, {
      shopId: shop.id, actor: { kind: 'system', name: 'cli' }, kind: opts.kind, data: readFileSync(opts.file), fileName: basename(opts.file),
    }, (processed) => bar.update(processed));
    bar.start(started.total, 0);
    await started.done;
    bar.stop();
    const row = (await getImport(database.db, shop.id, started.id))!;
    return { id: row.id, kind: row.kind, status: importState(row, new Date()), total: row.total, imported: row.imported,
      rejected: row.rejected,
      errors: [...(row.errors as { line: number; reason: string }[])].sort((a, b) => a.line - b.line) };
  } catch (err) {
    bar.stop();
    if (err instanceof AppError) throw new Error(`${err.code}: ${err.messageZh} (${err.messageEn})`);
    throw err;
  }
}
