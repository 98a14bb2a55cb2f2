import type { EntryInput } from '../../api/knowledge';
import { parseCsv } from './csv';

export interface ImportProblem {
  line: number;
  reason: 'noQuestion' | 'noAnswer' | 'badItem' | 'quote';
}

export type ParsedImport =
  | { ok: true; entries: EntryInput[]; problems: ImportProblem[] }
  | { ok: false; error: 'empty' | 'missingColumns' } | { ok: false; error: 'badJson'; detail: string };

const HEADERS: Record<string, keyof EntryInput> = {
  question: 'question', 标准问题: 'question', 问题: 'question',
  similar: 'similar', 相似问法: 'similar', 相似问题: 'similar',
  answer: 'answer', 答案: 'answer', 回答: 'answer',
  num_iid: 'num_iid', 商品id: 'num_iid', 商品: 'num_iid', 适用商品: 'num_iid',
};

function toEntry(raw: { question?: unknown; similar?: unknown; answer?: unknown; num_iid?: unknown }, line: number):
  { entry: EntryInput } | { problem: ImportProblem } {
  const question = typeof raw.question === 'string' ? raw.question.trim() : '';
  const answer = typeof raw.answer === 'string' ? raw.answer.trim() : '';
  if (!question) return { problem: { line, reason: 'noQuestion' } };
  if (!answer) return { problem: { line, reason: 'noAnswer' } };
  const similar = (Array.isArray(raw.similar) ? raw.similar.map(String)
    : typeof raw.similar === 'string' ? raw.similar.split(/[|｜\n]/) : [])
    .map((s) => s.trim()).filter(Boolean);
  let numIid: number | null = null;
  if (raw.num_iid !== undefined && raw.num_iid !== null && String(raw.num_iid).trim() !== '') {
    numIid = Number(String(raw.num_iid).trim());
    if (!Number.isSafeInteger(numIid) || numIid <= 0) return { problem: { line, reason: 'badItem' } };
  }
  return { entry: { question, similar, answer, num_iid: numIid } };
}

/** A file or pasted text of entries: a JSON array (or `{ entries }`), or CSV with a header line. */
export function parseEntryImport(text: string): ParsedImport {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { ok: false, error: 'empty' };
  const entries: EntryInput[] = [];
  const problems: ImportProblem[] = [];
  const take = (r: ReturnType<typeof toEntry>) => ('entry' in r ? entries.push(r.entry) : problems.push(r.problem));

  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, error: 'badJson', detail: (err as Error).message };
    }
    const list = Array.isArray(data) ? data : (data as { entries?: unknown }).entries;
    if (!Array.isArray(list)) return { ok: false, error: 'badJson', detail: 'expected an array of entries' };
    list.forEach((e, i) => take(toEntry((e ?? {}) as Record<string, unknown>, i + 1)));
    return { ok: true, entries, problems };
  }

  const { records, unclosedAt } = parseCsv(trimmed);
  const [header, ...rows] = records;
  if (!header) return { ok: false, error: 'empty' };
  const columns = header.cells.map((c) => HEADERS[c.trim().toLowerCase()]);
  if (!columns.includes('question') || !columns.includes('answer')) return { ok: false, error: 'missingColumns' };
  for (const row of rows) {
    const raw: Record<string, string> = {};
    columns.forEach((key, i) => { if (key) raw[key] = row.cells[i] ?? ''; });
    take(toEntry(raw, row.line));
  }
  if (unclosedAt !== undefined) problems.push({ line: unclosedAt, reason: 'quote' });
  return { ok: true, entries, problems };
}
