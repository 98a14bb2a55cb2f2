import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { repurchaseStats, shopTotals } from '../src/modules/customers/stats-store.ts';
import { getLevels, listCustomers } from '../src/modules/customers/store.ts';
import { spendRanges } from '../src/modules/customers/rules.ts';

const PAGE = 40;
const DAY = 86_400_000;

export type SortKey = 'recent' | 'spend' | 'level' | 'nick' | 'tag' | 'item' | 'page50' | 'stats_all' | 'stats_months';

/** What the customers page asks of a shop of the generator's size, each a function of the sample number. */
export async function customerQueries(db: Kysely<DB>, shopName: string) {
  const shop = await db.selectFrom('shops').select(['id', 'timezone']).where('name', '=', shopName).executeTakeFirstOrThrow();
  const shopId = shop.id;
  const levels = await getLevels(db, shopId);
  const customers = Number((await sql<{ n: number }>`select count(*)::int as n from customers where shop_id = ${shopId}`.execute(db)).rows[0].n);
  // A tag on one customer in ten, as a seller's "老客" tag might be.
  const tag = await db.insertInto('customer_tags').values({ shop_id: shopId, name: '老客', created_at: new Date() })
    .onConflict((oc) => oc.columns(['shop_id', 'name']).doUpdateSet({ name: '老客' })).returning('id').executeTakeFirstOrThrow();
  await sql`insert into customer_tag_links (tag_id, customer_id, shop_id)
    select ${tag.id}, id, shop_id from customers where shop_id = ${shopId} and id % 10 = 0 on conflict do nothing`.execute(db);
  await sql`analyze customer_tag_links`.execute(db);
  const items = (await db.selectFrom('products').select('num_iid').where('shop_id', '=', shopId).orderBy('num_iid').execute())
    .map((p) => p.num_iid);
  const prefixes = (await sql<{ p: string }>`select distinct left(nick, 2) as p from customers where shop_id = ${shopId} limit 50`
    .execute(db)).rows.map((r) => r.p);
  const list = (f: Parameters<typeof listCustomers>[2], sort: Parameters<typeof listCustomers>[3], offset = 0) =>
    listCustomers(db, shopId, f, sort, PAGE, offset);
  const now = new Date();
  const run: Record<SortKey, (i: number) => Promise<unknown>> = {
    recent: () => list({}, 'last_purchase_desc'),
    spend: () => list({}, 'spend_desc'),
    level: (i) => list({ spendRanges: spendRanges(levels, [levels[1 + (i % (levels.length - 1))].name]) }, 'last_purchase_desc'),
    nick: (i) => list({ nickPrefix: prefixes[i % prefixes.length] }, 'spend_desc'),
    tag: () => list({ tagIds: [Number(tag.id)], tagMatch: 'any' }, 'spend_desc'),
    item: (i) => list({ boughtNumIids: [items[i % items.length]] }, 'last_purchase_desc'),
    page50: () => list({ minSpend: 10_000 }, 'spend_desc', 49 * PAGE),
    stats_all: () => shopTotals(db, shopId),
    stats_months: () => repurchaseStats(db, shopId, new Date(now.getTime() - 90 * DAY), now, 'month', shop.timezone),
  };
  return { customers, run };
}
