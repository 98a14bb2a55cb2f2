import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { likePattern, type ReplyInput } from './rules.ts';

type Q = Kysely<DB> | Trx;

// Any fixed number: with the shop id it names the lock every change of the shop's quick replies takes.
const REPLIES_LOCK = 734_210;

/** Changes of one shop's phrases take turns, so two writers never both pass a "code is free" check. */
export async function lockShopReplies(trx: Trx, shopId: number) {
  await sql`select pg_advisory_xact_lock(${REPLIES_LOCK}, ${shopId}::int)`.execute(trx);
}

export interface GroupRow {
  id: number;
  owner_id: number | null;
  name: string;
  sort_order: number;
}

export interface ReplyRow {
  id: number;
  owner_id: number | null;
  group_id: number;
  code: string | null;
  text: string;
  used: number;
  sort_order: number;
  created_at: Date;
  updated_at: Date;
}

const GROUP_COLUMNS = ['id', 'owner_id', 'name', 'sort_order'] as const;
const REPLY_COLUMNS = ['id', 'owner_id', 'group_id', 'code', 'text', 'used', 'sort_order', 'created_at', 'updated_at'] as const;

/** The shop's rows that this account sees: the team's and its own, never another agent's. */
const visible = (accountId: number) => sql<boolean>`(owner_id is null or owner_id = ${accountId})`;
/** The rows of one owner (null: the team). */
const ownedBy = (ownerId: number | null) => (ownerId === null ? sql<boolean>`owner_id is null` : sql<boolean>`owner_id = ${ownerId}`);

export function listGroups(q: Q, shopId: number, accountId: number): Promise<GroupRow[]> {
  return q.selectFrom('reply_groups').select(GROUP_COLUMNS).where('shop_id', '=', shopId).where(visible(accountId))
    .orderBy(sql`owner_id is not null`).orderBy('sort_order').orderBy('id').execute();
}

/** Visible phrases, optionally those whose code or text contains `search`: group order, then sort, then most used. */
export function listReplies(q: Q, shopId: number, accountId: number, search?: string): Promise<ReplyRow[]> {
  let query = q.selectFrom('quick_replies').select(REPLY_COLUMNS).where('shop_id', '=', shopId).where(visible(accountId));
  if (search) {
    const pattern = likePattern(search);
    query = query.where((eb) => eb.or([eb('code', 'ilike', pattern), eb('text', 'ilike', pattern)]));
  }
  return query.orderBy('group_id').orderBy('sort_order').orderBy('used', 'desc').orderBy('id').execute();
}

export function getGroup(q: Q, shopId: number, accountId: number, id: number) {
  return q.selectFrom('reply_groups').select(GROUP_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .where(visible(accountId)).executeTakeFirst();
}

export function getReply(q: Q, shopId: number, accountId: number, id: number) {
  return q.selectFrom('quick_replies').select(REPLY_COLUMNS).where('shop_id', '=', shopId).where('id', '=', id)
    .where(visible(accountId)).executeTakeFirst();
}

export async function groupNameTaken(q: Q, shopId: number, ownerId: number | null, name: string, exceptId?: number) {
  let query = q.selectFrom('reply_groups').select('id').where('shop_id', '=', shopId).where(ownedBy(ownerId)).where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function codeTaken(q: Q, shopId: number, ownerId: number | null, code: string, exceptId?: number) {
  let query = q.selectFrom('quick_replies').select('id').where('shop_id', '=', shopId).where(ownedBy(ownerId)).where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

/** New groups and phrases go to the end of their list unless given a place. */
async function nextSort(
  q: Q, table: 'reply_groups' | 'quick_replies', shopId: number, scope: { ownerId: number | null; groupId?: number },
) {
  let query = q.selectFrom(table).select((eb) => eb.fn.max('sort_order').as('top')).where('shop_id', '=', shopId)
    .where(ownedBy(scope.ownerId));
  if (scope.groupId !== undefined && table === 'quick_replies') query = query.where('group_id', '=', scope.groupId);
  const row = await query.executeTakeFirst();
  return (row?.top ?? 0) + 1;
}

export async function insertGroup(trx: Trx, shopId: number, g: { ownerId: number | null; name: string; sortOrder?: number }, now: Date) {
  const sortOrder = g.sortOrder ?? await nextSort(trx, 'reply_groups', shopId, { ownerId: g.ownerId });
  return trx.insertInto('reply_groups')
    .values({ shop_id: shopId, owner_id: g.ownerId, name: g.name, sort_order: sortOrder, created_at: now })
    .returning(GROUP_COLUMNS).executeTakeFirstOrThrow();
}

export function updateGroup(trx: Trx, shopId: number, id: number, patch: { name: string; sort_order: number }) {
  return trx.updateTable('reply_groups').set(patch).where('shop_id', '=', shopId).where('id', '=', id)
    .returning(GROUP_COLUMNS).executeTakeFirstOrThrow();
}

export async function groupSize(q: Q, shopId: number, id: number) {
  const row = await q.selectFrom('quick_replies').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId).where('group_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteGroup(trx: Trx, shopId: number, id: number) {
  await trx.deleteFrom('reply_groups').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

export interface NewReply {
  ownerId: number | null;
  groupId: number;
  code: string | null;
  text: string;
  sortOrder?: number;
}

export async function insertReply(trx: Trx, shopId: number, r: NewReply, now: Date) {
  const sortOrder = r.sortOrder ?? await nextSort(trx, 'quick_replies', shopId, { ownerId: r.ownerId, groupId: r.groupId });
  return trx.insertInto('quick_replies')
    .values({ shop_id: shopId, owner_id: r.ownerId, group_id: r.groupId, code: r.code, text: r.text, sort_order: sortOrder,
      created_at: now, updated_at: now })
    .returning(REPLY_COLUMNS).executeTakeFirstOrThrow();
}

export function updateReply(trx: Trx, shopId: number, id: number,
  patch: { group_id: number; code: string | null; text: string; sort_order: number }, now: Date) {
  return trx.updateTable('quick_replies').set({ ...patch, updated_at: now }).where('shop_id', '=', shopId).where('id', '=', id)
    .returning(REPLY_COLUMNS).executeTakeFirstOrThrow();
}

export async function deleteReply(trx: Trx, shopId: number, id: number) {
  await trx.deleteFrom('quick_replies').where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Counts one use in the statement itself, so uses at the same moment are all counted; answers the text. */
export function countUse(q: Q, shopId: number, accountId: number, id: number) {
  return q.updateTable('quick_replies').set((eb) => ({ used: eb('used', '+', 1) }))
    .where('shop_id', '=', shopId).where('id', '=', id).where(visible(accountId))
    .returning(['id', 'text', 'used']).executeTakeFirst();
}

/** The buyer of a conversation of the shop. */
export function conversationBuyer(q: Q, shopId: number, conversationId: number) {
  return q.selectFrom('conversations').select(['buyer_id', 'buyer_nick']).where('shop_id', '=', shopId)
    .where('id', '=', conversationId).executeTakeFirst();
}

/** The buyer's newest trade with the shop, with the waybill number once it is shipped. */
export function latestTrade(q: Q, shopId: number, buyer: { buyerId: number } | { buyerNick: string }) {
  let query = q.selectFrom('trades').select(['tid', 'out_sid', 'buyer_nick']).where('shop_id', '=', shopId);
  query = 'buyerId' in buyer ? query.where('buyer_id', '=', buyer.buyerId) : query.where('buyer_nick', '=', buyer.buyerNick);
  return query.orderBy('created', 'desc').orderBy('tid', 'desc').limit(1).executeTakeFirst();
}

export async function accountName(q: Q, accountId: number) {
  const row = await q.selectFrom('accounts').select('display_name').where('id', '=', accountId).executeTakeFirst();
  return row?.display_name ?? null;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  groupsCreated: number;
}

/**
 * Writes checked rows for one owner (null: the team): groups are found or made by name; a phrase whose code exists
 * is moved and rewritten; a phrase without a code is added unless its group already has that exact text.
 */
export async function importReplies(
  trx: Trx, shopId: number, ownerId: number | null, rows: ReplyInput[], now: Date,
): Promise<ImportOutcome> {
  if (!rows.length) return { created: 0, updated: 0, unchanged: 0, groupsCreated: 0 };
  const names = [...new Set(rows.map((r) => r.group))];
  const groupsBefore = await trx.selectFrom('reply_groups').select(['id', 'name']).where('shop_id', '=', shopId)
    .where(ownedBy(ownerId)).where('name', 'in', names).execute();
  const groupIds = new Map(groupsBefore.map((g) => [g.name, g.id]));
  let groupSort = await nextSort(trx, 'reply_groups', shopId, { ownerId });
  for (const name of names) {
    if (!groupIds.has(name)) groupIds.set(name, (await insertGroup(trx, shopId, { ownerId, name, sortOrder: groupSort++ }, now)).id);
  }

  const existing = await trx.selectFrom('quick_replies').select(['id', 'group_id', 'code', 'text']).where('shop_id', '=', shopId)
    .where(ownedBy(ownerId)).execute();
  const byCode = new Map(existing.filter((e) => e.code !== null).map((e) => [e.code!, e]));
  const texts = new Set(existing.map((e) => `${e.group_id}\u0000${e.text}`));
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0, groupsCreated: names.length - groupsBefore.length };
  const toInsert: NewReply[] = [];
  const toUpdate: { id: number; groupId: number; text: string }[] = [];
  for (const r of rows) {
    const groupId = groupIds.get(r.group)!;
    const same = r.code === null ? undefined : byCode.get(r.code);
    if (same) {
      if (same.group_id === groupId && same.text === r.text) outcome.unchanged++;
      else toUpdate.push({ id: same.id, groupId, text: r.text });
    } else if (r.code === null && texts.has(`${groupId}\u0000${r.text}`)) {
      outcome.unchanged++;
    } else {
      texts.add(`${groupId}\u0000${r.text}`);
      toInsert.push({ ownerId, groupId, code: r.code, text: r.text });
    }
  }
  await insertMany(trx, shopId, toInsert, now);
  if (toUpdate.length) {
    await sql`
      update quick_replies q set group_id = v.group_id, text = v.text, updated_at = ${now}
      from unnest(${toUpdate.map((u) => u.id)}::bigint[], ${toUpdate.map((u) => u.groupId)}::bigint[],
                  ${toUpdate.map((u) => u.text)}::text[])
        as v(id, group_id, text)
      where q.id = v.id and q.shop_id = ${shopId}`.execute(trx);
  }
  outcome.created = toInsert.length;
  outcome.updated = toUpdate.length;
  return outcome;
}

/** One statement for many phrases, each placed after the last of its group, in the given order. */
async function insertMany(trx: Trx, shopId: number, rows: NewReply[], now: Date) {
  if (!rows.length) return;
  await sql`
    insert into quick_replies (shop_id, owner_id, group_id, code, text, sort_order, created_at, updated_at)
    select ${shopId}, v.owner_id, v.group_id, v.code, v.text,
      coalesce((select max(q.sort_order) from quick_replies q where q.group_id = v.group_id), 0)
        + (row_number() over (partition by v.group_id order by v.ord))::int,
      ${now}, ${now}
    from unnest(${rows.map((r) => r.ownerId)}::bigint[], ${rows.map((r) => r.groupId)}::bigint[],
                ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.text)}::text[])
      with ordinality as v(owner_id, group_id, code, text, ord)`
    .execute(trx);
}

/** One owner's phrases (null: the team) with their group names, in list order. */
export function exportReplies(q: Q, shopId: number, ownerId: number | null) {
  return q.selectFrom('quick_replies as q').innerJoin('reply_groups as g', 'g.id', 'q.group_id')
    .select(['g.name as group', 'q.code', 'q.text']).where('q.shop_id', '=', shopId)
    .where(ownerId === null ? sql<boolean>`q.owner_id is null` : sql<boolean>`q.owner_id = ${ownerId}`)
    .orderBy('g.sort_order').orderBy('g.id').orderBy('q.sort_order').orderBy('q.used', 'desc').orderBy('q.id').execute();
}
