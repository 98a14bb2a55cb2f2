import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { STATUS_NAMES } from '../trades/rules.ts';
import * as profile from './profile-store.ts';
import { checkTagSet, mergeContacts, spendRanges, type CustomerFilter } from './rules.ts';
import {
  CustomerDetailSchema, CustomerListQuery, CustomerPatch, CustomerSchema, NickParam, presentCustomer, presentLevel,
} from './schemas.ts';
import * as store from './store.ts';

export const TAGS = ['customers'];

export const customerNotFound = (nick: string) =>
  new AppError('CUSTOMER_NOT_FOUND', 404, `客户“${nick}”不存在`, `Customer "${nick}" not found`, { nick });
export const tagNotFound = (id: number) =>
  new AppError('TAG_NOT_FOUND', 404, `标签 ${id} 不存在`, `Tag ${id} not found`, { tag_id: id });

const Receiver = {
  receiver_name: z.string(), receiver_mobile: z.string(), receiver_state: z.string(), receiver_city: z.string(),
  receiver_district: z.string(), receiver_address: z.string(),
};
/** A customer's profile: what the shop knows of them from trades, imports, favourites and the chat. */
const CustomerProfile = z.object({
  customer: CustomerDetailSchema,
  contacts: z.array(z.object({
    mobile: z.string(), name: z.string().nullable(), source: z.enum(['profile', 'account', 'receiver']), last_used: Timestamp.nullable(),
  })),
  addresses: z.array(z.object({ ...Receiver, trades: Int.describe('trades sent there'), last_used: Timestamp })),
  trades: z.array(z.object({
    tid: Int, status: z.string(), status_name: z.string(), payment: Int.describe('fen'), created: Timestamp, pay_time: Timestamp.nullable(),
    items: z.array(z.object({ num_iid: Int, title: z.string(), num: Int })),
  })).describe('the newest ten'),
  trades_link: z.string().describe('all of them'),
  imported_trades: z.array(z.object({
    tid: z.string().describe('as in the file imported'), status: z.string(), payment: Int.describe('fen'), created: Timestamp,
    pay_time: Timestamp.nullable(), title: z.string(), num: Int, num_iid: Int.nullable(),
  })),
  favourites: z.array(z.object({ num_iid: Int, title: z.string(), price: Int.describe('fen'), created_at: Timestamp })),
  conversation: z.object({
    id: Int, status: z.string(), last_seq: Int, last_message_at: Timestamp.nullable(), created_at: Timestamp,
    messages_link: z.string(),
  }).nullable(),
});

/** Checks that every tag id is the shop's; the first stranger is named. */
export async function checkTagsOwned(db: Parameters<typeof store.ownedTags>[0], shopId: number, ids: number[]) {
  const owned = await store.ownedTags(db, shopId, ids);
  const missing = ids.find((id) => !owned.has(id));
  if (missing !== undefined) throw tagNotFound(missing);
}

/** Customers (客户关系管理, SPEC §9): the list, the profile and what an agent may change on it. */
export function registerCustomerRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/customers', {
    schema: { operationId: 'crm.customers.get', tags: TAGS, querystring: CustomerListQuery,
      summary: 'The shop\'s customers: filter by nick prefix, tags, level, last purchase, spend, item bought; page and sort. '
        + '`total` counts up to 10,000 (`total_capped` when there are more)',
      response: {
        200: z.object({ customers: z.array(CustomerSchema), total: Int, total_capped: z.boolean(), page_no: Int, page_size: Int }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const levels = await store.getLevels(db, actor.shopId);
    const filter: CustomerFilter = {
      nickPrefix: q.nick, minSpend: q.min_spend, maxSpend: q.max_spend,
      lastPurchaseFrom: q.last_purchase_from, lastPurchaseTo: q.last_purchase_to, optOut: q.opt_out,
      ...(q.tag_ids ? { tagIds: q.tag_ids, tagMatch: q.tag_match } : {}),
      ...(q.level ? { spendRanges: spendRanges(levels, [q.level]) } : {}),
      ...(q.num_iid ? { boughtNumIids: [q.num_iid] } : {}),
    };
    const { rows, total, capped } = await store.listCustomers(db, actor.shopId, filter, q.sort, q.page_size, (q.page_no - 1) * q.page_size);
    const tags = await store.tagsOf(db, actor.shopId, rows.map((r) => r.id));
    return {
      customers: rows.map((r) => presentCustomer(r, tags.get(r.id) ?? [], levels)),
      total, total_capped: capped, page_no: q.page_no, page_size: q.page_size,
    };
  });

  app.get('/api/customers/:nick', {
    schema: { operationId: 'crm.customer.get', tags: TAGS, params: NickParam,
      summary: 'One customer: contacts, addresses, trades, spend, level, tags, notes, favourites and the chat',
      response: { 200: CustomerProfile } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const { nick } = request.params;
    const c = await store.getCustomer(db, actor.shopId, nick);
    if (!c) throw customerNotFound(nick);
    const [levels, tags, addresses, trades, imported, accountMobile, favourites, conversation] = await Promise.all([
      store.getLevels(db, actor.shopId),
      store.tagsOf(db, actor.shopId, [c.id]),
      profile.addressesOf(db, actor.shopId, nick),
      profile.recentTradesOf(db, actor.shopId, nick),
      profile.importedTradesOf(db, actor.shopId, nick),
      c.buyer_id ? profile.buyerMobile(db, c.buyer_id) : null,
      c.buyer_id ? profile.favouritesOf(db, actor.shopId, c.buyer_id) : [],
      c.buyer_id ? profile.conversationOf(db, actor.shopId, c.buyer_id) : undefined,
    ]);
    return {
      customer: { ...presentCustomer(c, tags.get(c.id) ?? [], levels), level_detail: presentLevel(levels, c.total_spend) },
      contacts: mergeContacts(c.mobile, accountMobile, addresses)
        .map((x) => ({ mobile: x.mobile, name: x.name, source: x.source, last_used: x.lastUsed })),
      addresses,
      trades: trades.map((t) => ({ ...t, status_name: STATUS_NAMES[t.status as keyof typeof STATUS_NAMES] ?? t.status })),
      trades_link: `/api/trades?buyer_nick=${encodeURIComponent(nick)}`,
      imported_trades: imported,
      favourites,
      conversation: conversation
        ? { ...conversation, messages_link: `/api/conversations/${conversation.id}/messages` }
        : null,
    };
  });

  app.patch('/api/customers/:nick', {
    schema: { operationId: 'crm.customer.update', tags: TAGS, params: NickParam, body: CustomerPatch,
      summary: 'Change a customer\'s tags (the full set), notes, mobile or broadcast opt-out',
      response: { 200: z.object({ customer: CustomerDetailSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.memo');
    const { nick } = request.params;
    const b = request.body;
    const now = ctx.clock.now();
    const notes = b.notes;
    await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getCustomer(trx, actor.shopId, nick, true);
      if (!before) throw customerNotFound(nick);
      const beforeTags = (await store.tagsOf(trx, actor.shopId, [before.id])).get(before.id) ?? [];
      if (b.tag_ids) {
        const ids = checkTagSet(b.tag_ids);
        await checkTagsOwned(trx, actor.shopId, ids);
        await store.setCustomerTags(trx, actor.shopId, before.id, ids);
      }
      await store.updateCustomer(trx, actor.shopId, before.id, {
        ...(notes !== undefined ? { notes } : {}),
        ...(b.opt_out !== undefined ? { opt_out: b.opt_out } : {}),
        ...(b.mobile !== undefined ? { mobile: b.mobile } : {}),
      }, now);
      await recordAudit(trx, {
        shopId: actor.shopId, actor, action: 'customer.update', entity: 'customer', entityId: nick, at: now,
        before: { notes: before.notes, opt_out: before.opt_out, mobile: before.mobile, tag_ids: beforeTags.map((t) => t.id) },
        after: b,
      });
    });
    const c = (await store.getCustomer(db, actor.shopId, nick))!;
    const levels = await store.getLevels(db, actor.shopId);
    const tags = await store.tagsOf(db, actor.shopId, [c.id]);
    return { customer: { ...presentCustomer(c, tags.get(c.id) ?? [], levels), level_detail: presentLevel(levels, c.total_spend) } };
  });
}
