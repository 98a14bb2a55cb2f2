import { parse } from 'csv-parse/sync';
import type { RowError } from './import-rules.ts';

/** A record of the file with the line it starts on, as a spreadsheet numbers it (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvRead {
  header: string[];
  records: CsvRecord[];
  /** Lines that are not CSV at all (a stray quote): reported, and reading goes on after them. */
  errors: (RowError & { line: number })[];
}

// A quoted field may span lines (notes with line breaks), but not a whole file: past this, the quote is a typo.
const MAX_LINES_PER_RECORD = 50;

/** UTF-8 (with or without BOM), else GB18030: what Excel on a Chinese system saves. */
export function decodeText(data: Buffer) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** Comma, tab or semicolon: whichever the header line uses most, outside quotes. */
function delimiterOf(headerLine: string) {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

const quotes = (s: string) => s.split('"').length - 1;

/**
 * Reads a CSV file record by record, so that one broken record costs only its own lines: a record is a run of
 * lines whose quotes balance, parsed by csv-parse on its own.
 */
export function readCsv(data: Buffer): CsvRead {
  const lines = decodeText(data).replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: CsvRead = { header: [], records: [], errors: [] };
  let delimiter = ',';
  let headerSeen = false;
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].trim()) {
      i++;
      continue;
    }
    const start = i;
    let text = lines[i];
    while (quotes(text) % 2 === 1 && i + 1 < lines.length && i - start < MAX_LINES_PER_RECORD) text += `\n${lines[++i]}`;
    if (quotes(text) % 2 === 1) {
      out.errors.push({ line: start + 1, code: 'CSV_QUOTE_NOT_CLOSED', reason: '引号没有闭合', reason_en: 'A quote is not closed' });
      i = start + 1;
      continue;
    }
    i++;
    if (!headerSeen) delimiter = delimiterOf(text);
    let fields: string[];
    try {
      const parsed = parse(text, { delimiter, relax_column_count: true, trim: true }) as string[][];
      fields = parsed[0] ?? [];
    } catch (err) {
      const message = (err as Error).message;
      out.errors.push({ line: start + 1, code: 'CSV_MALFORMED', reason: `不是有效的 CSV：${message}`, reason_en: `Not valid CSV: ${message}` });
      continue;
    }
    if (!headerSeen) {
      out.header = fields;
      headerSeen = true;
    } else {
      out.records.push({ line: start + 1, fields });
    }
  }
  return out;
}

/** Extra empty cells (a spreadsheet's trailing commas) are fine; missing or extra values are not. */
export function fieldCountError(fields: readonly string[], columns: number): RowError | undefined {
  if (fields.length < columns) {
    return { code: 'FIELD_COUNT', reason: `应有 ${columns} 列，只有 ${fields.length} 列`, reason_en: `Expected ${columns} fields, got ${fields.length}` };
  }
  if (fields.slice(columns).some((f) => f !== '')) {
    return { code: 'FIELD_COUNT', reason: `应有 ${columns} 列，多出 ${fields.length - columns} 列`, reason_en: `Expected ${columns} fields, got ${fields.length}` };
  }
  return undefined;
}
