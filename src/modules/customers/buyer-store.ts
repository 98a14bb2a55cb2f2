import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Q = Kysely<DB> | Trx;

/** What a buyer does to their own customer rows: favourites (收藏) and refusing a shop's broadcasts. */

/** The buyer's customer row with the shop, made if they had none; `origin` says why it came to be. */
export async function ensureCustomer(trx: Trx, shopId: number, buyer: { id: number; nick: string }, origin: 'favourite' | 'buyer', now: Date) {
  await sql`
    insert into customers as c (shop_id, nick, buyer_id, origin, created_at, updated_at)
    values (${shopId}, ${buyer.nick}, ${buyer.id}, ${origin}, ${now}, ${now})
    on conflict (shop_id, nick) do update set buyer_id = excluded.buyer_id where c.buyer_id is null`.execute(trx);
}

export function productOf(db: Q, numIid: number) {
  return db.selectFrom('products').select(['num_iid', 'shop_id', 'title', 'price', 'approve_status'])
    .where('num_iid', '=', numIid).executeTakeFirst();
}

/** Adds or removes the favourite, then counts the buyer's favourites of that shop again, in the same transaction. */
export async function setFavourite(trx: Trx, buyer: { id: number; nick: string }, item: { num_iid: number; shop_id: number }, on: boolean, now: Date) {
  if (on) {
    await ensureCustomer(trx, item.shop_id, buyer, 'favourite', now);
    await trx.insertInto('item_favourites')
      .values({ buyer_id: buyer.id, num_iid: item.num_iid, shop_id: item.shop_id, created_at: now })
      .onConflict((oc) => oc.columns(['buyer_id', 'num_iid']).doNothing()).execute();
  } else {
    await trx.deleteFrom('item_favourites').where('buyer_id', '=', buyer.id).where('num_iid', '=', item.num_iid).execute();
  }
  await sql`
    update customers set favourites_count =
      (select count(*) from item_favourites f where f.shop_id = ${item.shop_id} and f.buyer_id = ${buyer.id})
    where shop_id = ${item.shop_id} and nick = ${buyer.nick}`.execute(trx);
}

export function listFavourites(db: Q, buyerId: number) {
  return db.selectFrom('item_favourites as f').innerJoin('products as p', 'p.num_iid', 'f.num_iid')
    .innerJoin('shops as s', 's.id', 'f.shop_id')
    .select(['f.num_iid', 'p.title', 'p.price', 's.name as shop', 'f.created_at'])
    .where('f.buyer_id', '=', buyerId).orderBy('f.created_at', 'desc').limit(500).execute();
}

/** How many buyers keep this item among their favourites. */
export async function itemFavouriteCount(db: Q, numIid: number) {
  const r = await sql<{ n: number }>`select count(*)::int as n from item_favourites where num_iid = ${numIid}`.execute(db);
  return r.rows[0].n;
}

export async function setOptOut(trx: Trx, shopId: number, buyer: { id: number; nick: string }, optOut: boolean, now: Date) {
  await ensureCustomer(trx, shopId, buyer, 'buyer', now);
  await trx.updateTable('customers').set({ opt_out: optOut, updated_at: now })
    .where('shop_id', '=', shopId).where('nick', '=', buyer.nick).execute();
}

export async function optOutOf(db: Q, shopId: number, nick: string) {
  const r = await db.selectFrom('customers').select('opt_out').where('shop_id', '=', shopId).where('nick', '=', nick).executeTakeFirst();
  return r?.opt_out ?? false;
}
