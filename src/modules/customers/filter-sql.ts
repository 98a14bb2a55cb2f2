import { sql, type RawBuilder } from 'kysely';
import type { CustomerFilter } from './rules.ts';

/** The orders a customer list can come in; each one reads an index of migrations/012_customers.sql. */
export const SORTS = {
  last_purchase_desc: sql`c.last_purchase_at desc nulls last, c.id desc`,
  last_purchase_asc: sql`c.last_purchase_at asc nulls first, c.id asc`,
  spend_desc: sql`c.total_spend desc, c.id desc`,
  spend_asc: sql`c.total_spend asc, c.id asc`,
  purchases_desc: sql`c.paid_trade_count desc, c.id desc`,
  newest: sql`c.id desc`,
} as const;
export type CustomerSort = keyof typeof SORTS;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** The condition on `customers c` for one shop and a filter: the tenant first, then every narrowing given. */
export function customerWhere(shopId: number, f: CustomerFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`c.shop_id = ${shopId}`];
  if (f.nickPrefix) parts.push(sql`c.nick like ${`${escapeLike(f.nickPrefix)}%`}`);
  if (f.tagIds?.length) {
    parts.push(f.tagMatch === 'all'
      ? sql`(select count(*) from customer_tag_links l where l.customer_id = c.id and l.tag_id = any(${f.tagIds}::bigint[])) = ${f.tagIds.length}`
      : sql`exists (select 1 from customer_tag_links l where l.customer_id = c.id and l.tag_id = any(${f.tagIds}::bigint[]))`);
  }
  if (f.spendRanges) {
    parts.push(f.spendRanges.length
      ? sql`(${sql.join(f.spendRanges.map((r) => (r.max === null
        ? sql`c.total_spend >= ${r.min}`
        : sql`(c.total_spend >= ${r.min} and c.total_spend < ${r.max})`)), sql` or `)})`
      : sql`false`);
  }
  if (f.minSpend !== undefined) parts.push(sql`c.total_spend >= ${f.minSpend}`);
  if (f.maxSpend !== undefined) parts.push(sql`c.total_spend <= ${f.maxSpend}`);
  if (f.lastPurchaseFrom) parts.push(sql`c.last_purchase_at >= ${f.lastPurchaseFrom}`);
  if (f.lastPurchaseTo) parts.push(sql`c.last_purchase_at < ${f.lastPurchaseTo}`);
  if (f.boughtNumIids?.length) {
    // Bought: a purchased sub-order with the item, live or imported (customer_items, kept by the triggers).
    parts.push(sql`c.id in (select ci.customer_id from customer_items ci
      where ci.shop_id = ${shopId} and ci.num_iid = any(${f.boughtNumIids}::bigint[]))`);
  }
  if (f.optOut !== undefined) parts.push(sql`c.opt_out = ${f.optOut}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}
