import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Db = Kysely<DB> | Trx;

const LIST_COLUMNS = [
  'api_tokens.id', 'api_tokens.name', 'api_tokens.token_prefix', 'api_tokens.scopes', 'api_tokens.max_discount_pct',
  'api_tokens.created_at', 'api_tokens.expires_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at',
] as const;

export async function insertToken(trx: Trx, t: {
  shopId: number; name: string; hash: string; prefix: string; scopes: string[]; maxDiscountPct: number;
  createdBy: number; now: Date; expiresAt: Date | null;
}) {
  return trx.insertInto('api_tokens').values({
    shop_id: t.shopId, name: t.name, token_hash: t.hash, token_prefix: t.prefix, scopes: t.scopes,
    max_discount_pct: t.maxDiscountPct, created_by: t.createdBy, created_at: t.now, expires_at: t.expiresAt,
  }).returning(['id']).executeTakeFirstOrThrow();
}

export async function listTokens(db: Db, shopId: number) {
  return db.selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.created_by')
    .select([...LIST_COLUMNS, 'accounts.login as created_by'])
    .where('api_tokens.shop_id', '=', shopId)
    .orderBy('api_tokens.id', 'desc')
    .execute();
}

export async function getToken(db: Db, shopId: number, id: number) {
  return db.selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.created_by')
    .select([...LIST_COLUMNS, 'accounts.login as created_by'])
    .where('api_tokens.shop_id', '=', shopId)
    .where('api_tokens.id', '=', id)
    .executeTakeFirst();
}

/** The token row, held until the transaction ends, so two revocations cannot both happen. */
export async function lockToken(trx: Trx, shopId: number, id: number) {
  return trx.selectFrom('api_tokens').selectAll().where('shop_id', '=', shopId).where('id', '=', id)
    .forUpdate().executeTakeFirst();
}

export async function revokeToken(trx: Trx, id: number, by: number, now: Date) {
  await trx.updateTable('api_tokens').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).execute();
}

export async function countLiveTokens(trx: Trx, shopId: number) {
  const r = await trx.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** What authenticating a request needs: the token, and its shop's creator account (who must still be active). */
export async function findTokenByHash(db: Db, hash: string) {
  return db.selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.created_by')
    .select([
      'api_tokens.id', 'api_tokens.shop_id', 'api_tokens.name', 'api_tokens.scopes', 'api_tokens.max_discount_pct',
      'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'api_tokens.created_by',
      'accounts.disabled as creator_disabled', 'accounts.shop_id as creator_shop_id',
    ])
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst();
}

/** Sets the last-used time, unless another request of the same minute already did. */
export async function touchToken(db: Db, id: number, now: Date, resolutionMs: number) {
  await db.updateTable('api_tokens').set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - resolutionMs))]))
    .execute();
}
