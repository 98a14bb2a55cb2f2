import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../errors.ts';
import type { RawRow } from './rules.ts';

/** Quick replies as CSV with the columns group, code, text (a header row in English or Chinese is recognised). */

type Column = 'group' | 'code' | 'text';
const HEADER_NAMES = new Map<string, Column>(Object.entries({
  group: 'group', 分组: 'group', 分组名: 'group',
  code: 'code', 快捷编码: 'code', 编码: 'code', 快捷码: 'code',
  text: 'text', 内容: 'text', 回复内容: 'text', 短语: 'text',
} as const));
const POSITIONAL: Column[] = ['group', 'code', 'text'];

/** The rows of a CSV text, each with its line; a text that is not CSV at all is refused as a whole. */
export function parseReplyCsv(csv: string): RawRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it was read; the typings do not follow that option.
    const options = { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true };
    records = parse(csv, options) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError('REPLY_CSV_INVALID', 400, `CSV 格式不正确${line ? `（第 ${line} 行）` : ''}`,
      `The CSV text cannot be read${line ? ` (line ${line})` : ''}`, { line: line ?? null });
  }
  if (!records.length) return [];
  const header = records[0].record.map((cell) => HEADER_NAMES.get(cell.trim().toLowerCase()));
  const isHeader = header.includes('text');
  const columns = isHeader ? header : POSITIONAL;
  return records.slice(isHeader ? 1 : 0).map(({ record, info }) => {
    const row: RawRow = { line: info.lines };
    columns.forEach((column, i) => {
      if (column && record[i] !== undefined) row[column] = record[i];
    });
    return row;
  });
}

/** CSV with a header row; the byte-order mark lets spreadsheet programs read the Chinese text as UTF-8. */
export function formatReplyCsv(rows: { group: string; code: string | null; text: string }[]): string {
  return '\ufeff' + stringify([POSITIONAL, ...rows.map((r) => [r.group, r.code ?? '', r.text])]);
}
