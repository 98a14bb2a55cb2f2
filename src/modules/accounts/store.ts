import type { Kysely } from 'kysely';
import type { DB, Shop } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Q = Kysely<DB> | Trx;

/** The account's row as it may be shown and audited: never the password hash. */
export const ACCOUNT_COLUMNS = [
  'id', 'shop_id', 'login', 'display_name', 'is_main', 'role', 'permissions', 'max_discount_pct', 'disabled',
  'created_at', 'updated_at',
] as const;

export function findAccountForLogin(db: Q, login: string) {
  return db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();
}

export function findShopByName(db: Q, name: string) {
  return db.selectFrom('shops').selectAll().where('name', '=', name).executeTakeFirst();
}

export function getShop(db: Q, shopId: number): Promise<Shop> {
  return db.selectFrom('shops').selectAll().where('id', '=', shopId).executeTakeFirstOrThrow();
}

export function listAccounts(db: Q, shopId: number) {
  return db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('shop_id', '=', shopId).orderBy('id').execute();
}

export function getAccount(db: Q, shopId: number, id: number) {
  return db
    .selectFrom('accounts')
    .select(ACCOUNT_COLUMNS)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findBuyerByNick(db: Q, nick: string) {
  return db.selectFrom('buyers').selectAll().where('nick', '=', nick).executeTakeFirst();
}
