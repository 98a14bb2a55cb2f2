import { AppError } from '../../errors.ts';
import { can, type AccountActor } from '../accounts/index.ts';

/** Quick replies (快捷回复, SPEC §7): what a phrase may hold, who may change it, and how its variables are filled. Pure. */

export const LIMITS = { code: 20, text: 500, groupName: 20, importRows: 2000, csvChars: 1_000_000 };

/** Letters, digits and `/`: what an agent types in the chat box to call a phrase (`/hi`, `/ship2`). */
export const CODE_PATTERN = /^[A-Za-z0-9/]+$/;

/** The variables a phrase may hold, filled from the conversation when the phrase is used. */
export const VARIABLES = ['买家', '订单号', '运单号', '客服'] as const;
export type Variable = (typeof VARIABLES)[number];

/** Team phrases are the shop's; personal ones belong to the account that wrote them. */
export type Scope = 'team' | 'personal';

export const scopeOf = (ownerId: number | null): Scope => (ownerId === null ? 'team' : 'personal');

/** The owner column for a scope: null for the team, the actor for its own phrases. */
export const ownerFor = (actor: AccountActor, scope: Scope) => (scope === 'team' ? null : actor.id);

/** Team phrases and groups are changed with `replies.manage` (the main account holds it); personal ones by their owner. */
export function assertCanEdit(actor: AccountActor, ownerId: number | null) {
  if (ownerId === null ? can(actor, 'replies.manage') : ownerId === actor.id) return;
  throw new AppError('PERMISSION_DENIED', 403, '没有权限：replies.manage', 'Permission required: replies.manage',
    { permission: 'replies.manage' });
}

/** What the conversation knows when a phrase is used; a missing fact leaves its variable in place. */
export interface FillContext {
  buyer?: string | null;
  tid?: number | null;
  outSid?: string | null;
  agent?: string | null;
}

const VARIABLE_PATTERN = new RegExp(`\\{(${VARIABLES.join('|')})\\}`, 'g');

/**
 * Fills `{买家}`, `{订单号}`, `{运单号}`, `{客服}`. A variable without a value stays as written and is listed in
 * `missing`, so the agent sees it in the input box and completes it instead of sending a gap.
 */
export function fillVariables(text: string, ctx: FillContext): { text: string; missing: Variable[] } {
  const values: Record<Variable, string | null> = {
    买家: ctx.buyer || null,
    订单号: ctx.tid ? String(ctx.tid) : null,
    运单号: ctx.outSid || null,
    客服: ctx.agent || null,
  };
  const missing = new Set<Variable>();
  const filled = text.replace(VARIABLE_PATTERN, (whole, name: Variable) => {
    const value = values[name];
    if (value === null) missing.add(name);
    return value ?? whole;
  });
  return { text: filled, missing: VARIABLES.filter((v) => missing.has(v)) };
}

export interface ReplyInput {
  group: string;
  code: string | null;
  text: string;
}

/** Why a phrase is refused, in both languages; the API throws it, an import reports it for the row. */
export interface Problem {
  code: string;
  message: string;
  message_en: string;
}

const length = (s: string) => [...s].length;

/** Trims; a blank code means no shortcut. */
export function checkCode(raw: string | null | undefined): { code: string | null } | { problem: Problem } {
  const code = raw?.trim() ?? '';
  if (!code) return { code: null };
  if (length(code) > LIMITS.code || !CODE_PATTERN.test(code)) {
    return { problem: {
      code: 'REPLY_CODE_INVALID',
      message: `快捷编码“${code}”无效：只能用字母、数字和 /，最多 ${LIMITS.code} 个字符`,
      message_en: `Invalid shortcut code "${code}": letters, digits and / only, at most ${LIMITS.code} characters`,
    } };
  }
  return { code };
}

export function checkText(raw: string): { text: string } | { problem: Problem } {
  const text = raw.trim();
  if (!text) return { problem: { code: 'REPLY_TEXT_EMPTY', message: '回复内容不能为空', message_en: 'The reply text cannot be empty' } };
  if (length(text) > LIMITS.text) {
    return { problem: { code: 'REPLY_TEXT_TOO_LONG', message: `回复内容最多 ${LIMITS.text} 个字`,
      message_en: `The reply text may not exceed ${LIMITS.text} characters` } };
  }
  return { text };
}

export function checkGroupName(raw: string): { name: string } | { problem: Problem } {
  const name = raw.trim();
  if (!name || length(name) > LIMITS.groupName) {
    return { problem: { code: 'REPLY_GROUP_NAME_INVALID', message: `分组名须为 1 到 ${LIMITS.groupName} 个字`,
      message_en: `A group name must be 1 to ${LIMITS.groupName} characters` } };
  }
  return { name };
}

/** The value of a check, or its problem thrown as a 400. */
export function orThrow<T extends object>(r: T | { problem: Problem }): T {
  if ('problem' in r) throw new AppError(r.problem.code, 400, r.problem.message, r.problem.message_en);
  return r;
}

export interface RawRow {
  /** Where the row was in the file: the CSV line, or the 1-based position in a JSON array. */
  line: number;
  group?: string | null;
  code?: string | null;
  text?: string | null;
}

export interface SkippedRow extends Problem {
  line: number;
}

/** Rows without a group go to this one. */
export const DEFAULT_GROUP = '常用';

/**
 * Sorts import rows into good and bad: each bad row is reported with its line and skipped; a shortcut code that
 * appears twice keeps its first row.
 */
export function checkImportRows(rows: RawRow[]): { good: (ReplyInput & { line: number })[]; skipped: SkippedRow[] } {
  const good: (ReplyInput & { line: number })[] = [];
  const skipped: SkippedRow[] = [];
  const codes = new Map<string, number>();
  for (const row of rows) {
    const skip = (p: Problem) => skipped.push({ line: row.line, ...p });
    const text = checkText(row.text ?? '');
    if ('problem' in text) { skip(text.problem); continue; }
    const code = checkCode(row.code);
    if ('problem' in code) { skip(code.problem); continue; }
    const group = checkGroupName(row.group?.trim() || DEFAULT_GROUP);
    if ('problem' in group) { skip(group.problem); continue; }
    const first = code.code === null ? undefined : codes.get(code.code);
    if (first !== undefined) {
      skip({ code: 'REPLY_CODE_REPEATED', message: `快捷编码“${code.code}”在第 ${first} 行已出现`,
        message_en: `Shortcut code "${code.code}" already appears on line ${first}` });
      continue;
    }
    if (code.code !== null) codes.set(code.code, row.line);
    good.push({ line: row.line, group: group.name, code: code.code, text: text.text });
  }
  return { good, skipped };
}

/** Escapes LIKE's wildcards, so a search for `100%` finds that text. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const replyNotFound = (id: number) =>
  new AppError('REPLY_NOT_FOUND', 404, `快捷回复 ${id} 不存在`, `Quick reply ${id} not found`, { id });
export const groupNotFound = (id: number) =>
  new AppError('REPLY_GROUP_NOT_FOUND', 404, `快捷回复分组 ${id} 不存在`, `Quick reply group ${id} not found`, { id });
export const codeTaken = (code: string) =>
  new AppError('REPLY_CODE_TAKEN', 409, `快捷编码“${code}”已被使用`, `The shortcut code "${code}" is already used`, { code });
export const groupNameTaken = (name: string) =>
  new AppError('REPLY_GROUP_NAME_TAKEN', 409, `分组“${name}”已经存在`, `The group "${name}" already exists`, { name });
export const groupNotEmpty = (id: number, size: number) =>
  new AppError('REPLY_GROUP_NOT_EMPTY', 409, `分组里还有 ${size} 条快捷回复，请先移走或删除`,
    `The group still holds ${size} quick replies; move or delete them first`, { id, size });
export const conversationNotFound = (id: number) =>
  new AppError('CONVERSATION_NOT_FOUND', 404, `会话 ${id} 不存在`, `Conversation ${id} not found`, { id });

/** A phrase lives in a group of its own kind: a team phrase in a team group, a personal one in one of its owner's. */
export function checkGroupFits(groupOwnerId: number | null, replyOwnerId: number | null) {
  if (groupOwnerId === replyOwnerId) return;
  throw new AppError('REPLY_GROUP_MISMATCH', 400, replyOwnerId === null ? '团队短语只能放在团队分组里' : '个人短语只能放在自己的分组里',
    replyOwnerId === null ? 'A team reply belongs in a team group' : 'A personal reply belongs in one of your own groups');
}
