import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';

type Q = Kysely<DB> | Trx;

/** What a profile shows besides the customer row, read from the trades, imports, favourites and the chat. */

export interface AddressRow {
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
  trades: number;
  last_used: Date;
}

/** Distinct receivers of the customer's trades with the shop, the most recently used first. */
export async function addressesOf(db: Q, shopId: number, nick: string, limit = 20) {
  const r = await sql<AddressRow>`
    select receiver_name, receiver_mobile, receiver_state, receiver_city, receiver_district, receiver_address,
      count(*)::int as trades, max(created) as last_used
    from trades where shop_id = ${shopId} and buyer_nick = ${nick}
    group by receiver_name, receiver_mobile, receiver_state, receiver_city, receiver_district, receiver_address
    order by max(created) desc limit ${limit}`.execute(db);
  return r.rows;
}

export async function recentTradesOf(db: Q, shopId: number, nick: string, limit = 10) {
  const trades = await db.selectFrom('trades').select(['tid', 'status', 'payment', 'created', 'pay_time'])
    .where('shop_id', '=', shopId).where('buyer_nick', '=', nick)
    .orderBy('created', 'desc').orderBy('tid', 'desc').limit(limit).execute();
  if (!trades.length) return [];
  const orders = await db.selectFrom('orders').select(['tid', 'num_iid', 'title', 'num'])
    .where('tid', 'in', trades.map((t) => t.tid)).orderBy('oid').execute();
  return trades.map((t) => ({ ...t, items: orders.filter((o) => o.tid === t.tid).map(({ tid: _t, ...o }) => o) }));
}

export function importedTradesOf(db: Q, shopId: number, nick: string, limit = 10) {
  return db.selectFrom('customer_history_trades')
    .select(['tid', 'status', 'payment', 'created', 'pay_time', 'title', 'num', 'num_iid'])
    .where('shop_id', '=', shopId).where('nick', '=', nick)
    .orderBy('created', 'desc').limit(limit).execute()
    .then((rows) => rows.map((r) => ({ ...r, payment: Number(r.payment) })));
}

export function favouritesOf(db: Q, shopId: number, buyerId: number, limit = 50) {
  return db.selectFrom('item_favourites as f').innerJoin('products as p', 'p.num_iid', 'f.num_iid')
    .select(['f.num_iid', 'p.title', 'p.price', 'f.created_at'])
    .where('f.shop_id', '=', shopId).where('f.buyer_id', '=', buyerId)
    .orderBy('f.created_at', 'desc').limit(limit).execute();
}

/** The buyer's conversation with the shop: its messages are read through the chat's own routes. */
export function conversationOf(db: Q, shopId: number, buyerId: number) {
  return db.selectFrom('conversations').select(['id', 'status', 'last_seq', 'last_message_at', 'created_at'])
    .where('shop_id', '=', shopId).where('buyer_id', '=', buyerId).executeTakeFirst();
}

export async function buyerMobile(db: Q, buyerId: number) {
  const r = await db.selectFrom('buyers').select('mobile').where('id', '=', buyerId).executeTakeFirst();
  return r?.mobile ?? null;
}
