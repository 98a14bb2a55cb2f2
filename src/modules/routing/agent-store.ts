import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { AgentStatus, SuspendStatus } from './rules.ts';

type Q = Kysely<DB> | Trx;

/** Agents' status rows, suspend requests and service groups: the SQL of the routing settings. */

export function accountInShop(q: Q, shopId: number, accountId: number) {
  return q.selectFrom('accounts').select(['id', 'login', 'display_name', 'role', 'disabled'])
    .where('shop_id', '=', shopId).where('id', '=', accountId).executeTakeFirst();
}

/** The agent's row, created offline on first use and locked for the rest of the transaction. */
export async function lockAgentState(trx: Trx, shopId: number, accountId: number, now: Date) {
  await trx.insertInto('agent_states').values({ account_id: accountId, shop_id: shopId, status_changed_at: now })
    .onConflict((oc) => oc.column('account_id').doNothing()).execute();
  return trx.selectFrom('agent_states').selectAll().where('account_id', '=', accountId).where('shop_id', '=', shopId)
    .forUpdate().executeTakeFirstOrThrow();
}

export function getAgentState(q: Q, accountId: number) {
  return q.selectFrom('agent_states').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function setAgentStatus(trx: Trx, accountId: number, status: AgentStatus, now: Date) {
  await trx.updateTable('agent_states').set({ status, status_changed_at: now }).where('account_id', '=', accountId).execute();
}

export async function setAgentLimits(trx: Trx, accountId: number, patch: { reception_limit?: number; weight?: number }) {
  return trx.updateTable('agent_states').set(patch).where('account_id', '=', accountId).returningAll().executeTakeFirstOrThrow();
}

/** Agents marked present, for the sweep that takes those with no live socket offline. */
export function presentAgents(q: Q) {
  return q.selectFrom('agent_states').select(['account_id', 'shop_id', 'status', 'status_changed_at'])
    .where('status', '<>', 'offline').execute();
}

export function insertSuspendRequest(trx: Trx, r: { shopId: number; accountId: number; reason: string; now: Date }) {
  return trx.insertInto('suspend_requests')
    .values({ shop_id: r.shopId, account_id: r.accountId, reason: r.reason, status: 'pending', requested_at: r.now })
    .returningAll().executeTakeFirstOrThrow();
}

export function lockSuspendRequest(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('suspend_requests').selectAll().where('shop_id', '=', shopId).where('id', '=', id)
    .forUpdate().executeTakeFirst();
}

export function decideSuspendRequest(
  trx: Trx, id: number, status: SuspendStatus, by: { decidedBy?: number; note?: string | null; now: Date },
) {
  const decided = status === 'approved' || status === 'refused';
  return trx.updateTable('suspend_requests')
    .set({
      status,
      ...(decided ? { decided_by: by.decidedBy ?? null, decided_at: by.now, note: by.note ?? null } : {}),
      ...(status === 'ended' || status === 'cancelled' ? { ended_at: by.now } : {}),
    })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Going online or offline ends an approved suspension. */
export async function endSuspension(trx: Trx, accountId: number, now: Date) {
  await trx.updateTable('suspend_requests').set({ status: 'ended', ended_at: now })
    .where('account_id', '=', accountId).where('status', '=', 'approved').execute();
}

export function listSuspendRequests(q: Q, shopId: number, status?: SuspendStatus) {
  let query = q.selectFrom('suspend_requests')
    .innerJoin('accounts', 'accounts.id', 'suspend_requests.account_id')
    .selectAll('suspend_requests').select('accounts.login')
    .where('suspend_requests.shop_id', '=', shopId);
  if (status) query = query.where('suspend_requests.status', '=', status);
  // Two requests within one clock tick are told apart by id, which only grows.
  return query.orderBy('suspend_requests.requested_at', 'desc').orderBy('suspend_requests.id', 'desc').limit(200).execute();
}

export async function listGroups(q: Q, shopId: number) {
  const { rows } = await sql<{ id: number; name: string; member_ids: number[] }>`
    select g.id, g.name,
           coalesce((select array_agg(m.account_id order by m.account_id) from service_group_members m where m.group_id = g.id), '{}') as member_ids
    from service_groups g where g.shop_id = ${shopId} order by g.id`.execute(q);
  return rows.map((r) => ({ ...r, member_ids: r.member_ids.map(Number) }));
}

export function groupInShop(q: Q, shopId: number, id: number) {
  return q.selectFrom('service_groups').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export function insertGroup(trx: Trx, shopId: number, name: string) {
  return trx.insertInto('service_groups').values({ shop_id: shopId, name }).onConflict((oc) => oc.columns(['shop_id', 'name']).doNothing())
    .returningAll().executeTakeFirst();
}

export function renameGroup(trx: Trx, shopId: number, id: number, name: string) {
  return trx.updateTable('service_groups').set({ name }).where('shop_id', '=', shopId).where('id', '=', id)
    .returningAll().executeTakeFirst();
}

export async function deleteGroup(trx: Trx, shopId: number, id: number) {
  const r = await trx.deleteFrom('service_groups').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function setGroupMembers(trx: Trx, shopId: number, groupId: number, accountIds: number[]) {
  await trx.deleteFrom('service_group_members').where('group_id', '=', groupId).execute();
  if (accountIds.length) {
    await trx.insertInto('service_group_members')
      .values(accountIds.map((id) => ({ group_id: groupId, account_id: id, shop_id: shopId }))).execute();
  }
}

export async function accountsInShop(q: Q, shopId: number, ids: number[]) {
  if (!ids.length) return [];
  return q.selectFrom('accounts').select(['id', 'role']).where('shop_id', '=', shopId).where('id', 'in', ids).execute();
}
