import { z } from 'zod';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import { LIMITS, scopeOf } from './rules.ts';
import type { GroupRow, ReplyRow } from './store.ts';

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const BodyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const SortOrder = z.number().int().min(-1_000_000).max(1_000_000);
// Lengths are checked again in rules.ts after trimming; these bounds only keep absurd bodies out.
const Code = z.string().max(LIMITS.code * 2).nullable().describe('快捷编码，如 /hi：字母、数字和 /，最多 20 个字符；空为不设');
const Text = z.string().max(LIMITS.text * 2).describe('回复内容，最多 500 字；可含 {买家} {订单号} {运单号} {客服}');
const GroupName = z.string().max(LIMITS.groupName * 2).describe('分组名，最多 20 字');
export const Scope = z.enum(['team', 'personal']).describe('team：团队短语（店铺统一管理）；personal：我的个人短语');

export const IdParam = z.object({ id: Id });

export const ListQuery = z.object({
  q: z.string().trim().max(100).optional().describe('按快捷编码或内容搜索'),
  scope: Scope.optional().describe('只看团队或只看个人；不填两者都有'),
});

export const ReplyBody = z.object({
  scope: Scope.default('personal'),
  group_id: BodyId,
  code: Code.optional(),
  text: Text,
  sort_order: SortOrder.optional().describe('组内顺序，小的在前；不填排在最后'),
});

export const ReplyPatch = z.object({
  group_id: BodyId.optional(),
  code: Code.optional(),
  text: Text.optional(),
  sort_order: SortOrder.optional(),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const GroupBody = z.object({
  scope: Scope.default('personal'),
  name: GroupName,
  sort_order: SortOrder.optional(),
});

export const GroupPatch = z.object({
  name: GroupName.optional(),
  sort_order: SortOrder.optional(),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const UseBody = z.object({
  conversation_id: BodyId.optional().describe('当前会话：从中取买家和他最近的订单'),
  buyer_nick: z.string().trim().min(1).max(60).optional().describe('没有会话时按买家昵称取'),
}).nullish(); // a bare POST has no body at all

const ImportRow = z.object({
  group: z.string().max(200).nullable().optional(),
  code: z.string().max(200).nullable().optional(),
  text: z.string().max(5000).nullable().optional(),
});

export const ImportBody = z.object({
  scope: Scope,
  replies: z.array(ImportRow).max(LIMITS.importRows).optional().describe('JSON 行：{ group, code, text }'),
  csv: z.string().max(LIMITS.csvChars).optional().describe('CSV 文本，列为 group,code,text（可带表头）'),
}).refine((b) => (b.replies === undefined) !== (b.csv === undefined), 'give either replies or csv');

export const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  scope: Scope.default('team'),
});

export const presentGroup = (g: GroupRow) => ({ id: g.id, scope: scopeOf(g.owner_id), name: g.name, sort_order: g.sort_order });

export const presentReply = (r: ReplyRow) => ({
  id: r.id, scope: scopeOf(r.owner_id), group_id: r.group_id, code: r.code, text: r.text, used: r.used,
  sort_order: r.sort_order, created_at: r.created_at, updated_at: r.updated_at,
});

/**
 * The list as the workbench shows it: groups in order (the team's first), each with its phrases in order; and the
 * same phrases flat, in that order, each with its group's name, for a picker that filters as the agent types.
 */
export function presentList(groups: GroupRow[], replies: ReplyRow[], opts: { searching: boolean }) {
  const byGroup = new Map<number, ReturnType<typeof presentReply>[]>();
  for (const r of replies) {
    const list = byGroup.get(r.group_id) ?? [];
    list.push(presentReply(r));
    byGroup.set(r.group_id, list);
  }
  const grouped = groups
    .map((g) => ({ ...presentGroup(g), replies: byGroup.get(g.id) ?? [] }))
    // While searching, a group without a match is noise; otherwise an empty group is still there to fill.
    .filter((g) => !opts.searching || g.replies.length > 0);
  return { groups: grouped, replies: grouped.flatMap((g) => g.replies.map((r) => ({ ...r, group_name: g.name }))) };
}

/** The answers' shapes, as the present functions above show them. */
export const GroupSchema = z.object({ id: Int, scope: Scope, name: z.string(), sort_order: Int });

export const ReplySchema = z.object({
  id: Int,
  scope: Scope,
  group_id: Int,
  code: z.string().nullable().describe('the shortcut typed after /'),
  text: z.string().describe('may hold variables such as {买家}'),
  used: Int.describe('times used'),
  sort_order: Int,
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const ReplyListSchema = z.object({
  groups: z.array(GroupSchema.extend({ replies: z.array(ReplySchema) })),
  replies: z.array(ReplySchema.extend({ group_name: z.string() })).describe("the same phrases flat, in the groups' order"),
  total: Int,
  variables: z.array(z.string()).readonly().describe('the variables a phrase may hold'),
  can_manage_team: z.boolean(),
});

export const ExportSchema = z.object({
  scope: Scope,
  replies: z.array(z.object({ group: z.string(), code: z.string().nullable(), text: z.string() })),
});

export const ImportResultSchema = z.object({
  imported: Int,
  created: Int,
  updated: Int,
  unchanged: Int,
  groups_created: Int,
  skipped: z.array(z.object({ line: Int, code: z.string(), message: z.string(), message_en: z.string() }))
    .describe('the rows refused, with why'),
});
