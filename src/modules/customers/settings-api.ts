import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, getShop } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { tagNotFound, TAGS } from './api.ts';
import { checkLevels, checkStatsRange, LIMITS, repurchaseRate } from './rules.ts';
import {
  IdParam, LevelsAnswer, LevelsBody, presentLevels, presentTag, StatsQuery, TagBody, TagPatch, TagSchema,
} from './schemas.ts';
import * as stats from './stats-store.ts';
import * as store from './store.ts';

const TagAnswer = z.object({ tag: TagSchema });
const Repurchase = {
  buyers: Int.describe('customers with a paid trade'),
  repeat_buyers: Int.describe('customers with two or more'),
  total_spend: Int.describe('fen'),
  repurchase_rate: z.number().nullable().describe('repeat_buyers ÷ buyers, to four decimals; null without buyers'),
};
const RepurchaseStats = z.object({
  all_time: z.object({ customers: Int, ...Repurchase }),
  range: z.object({ from: Timestamp, to: Timestamp, ...Repurchase }),
  period: z.string(),
  periods: z.array(z.object({ start: Timestamp, ...Repurchase })),
});

const tagTaken = (name: string) =>
  new AppError('TAG_NAME_TAKEN', 409, `标签“${name}”已经存在`, `The tag "${name}" already exists`, { name });

/** The shop's customer tags, membership levels and repurchase statistics. */
export function registerCustomerSettingsRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/customers/tags', {
    schema: { operationId: 'crm.tags.get', tags: TAGS, summary: 'The shop\'s customer tags, with how many customers carry each',
      response: { 200: z.object({ tags: z.array(TagSchema.extend({ created_at: Timestamp, customers: Int })) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    return { tags: await store.listTags(db, actor.shopId) };
  });

  app.post('/api/customers/tags', {
    schema: { operationId: 'crm.tag.add', tags: TAGS, body: TagBody, summary: 'Add a customer tag', response: { 201: TagAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const { name, color } = request.body;
    const now = ctx.clock.now();
    const tag = await inTransaction(ctx, async ({ trx }) => {
      if (await store.tagNameTaken(trx, actor.shopId, name)) throw tagTaken(name);
      if (await store.countTags(trx, actor.shopId) >= LIMITS.tagsPerShop) {
        throw new AppError('TOO_MANY_TAGS', 409, `一个店铺最多 ${LIMITS.tagsPerShop} 个标签`, `A shop may have at most ${LIMITS.tagsPerShop} tags`);
      }
      const t = await store.insertTag(trx, actor.shopId, name, color, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.tag.add', entity: 'customer_tag', entityId: t.id, after: t, at: now });
      return t;
    });
    return reply.status(201).send({ tag: presentTag(tag) });
  });

  app.patch('/api/customers/tags/:id', {
    schema: { operationId: 'crm.tag.update', tags: TAGS, params: IdParam, body: TagPatch, summary: 'Rename or recolour a tag',
      response: { 200: TagAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const { id } = request.params;
    const now = ctx.clock.now();
    const tag = await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getTag(trx, actor.shopId, id, true);
      if (!before) throw tagNotFound(id);
      if (request.body.name && await store.tagNameTaken(trx, actor.shopId, request.body.name, id)) throw tagTaken(request.body.name);
      await store.updateTag(trx, actor.shopId, id, request.body);
      const after = { ...before, ...request.body, id: Number(before.id) };
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.tag.update', entity: 'customer_tag', entityId: id,
        before, after, at: now });
      return after;
    });
    return { tag: presentTag(tag) };
  });

  app.delete('/api/customers/tags/:id', {
    schema: { operationId: 'crm.tag.delete', tags: TAGS, params: IdParam,
      summary: 'Delete a tag (taken off every customer); refused while a segment uses it',
      response: { 200: z.object({ deleted: Int.describe('the id of the tag deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getTag(trx, actor.shopId, id, true);
      if (!before) throw tagNotFound(id);
      const users = await store.segmentsUsingTag(trx, actor.shopId, id);
      if (users.length) {
        throw new AppError('TAG_IN_USE', 409, `标签“${before.name}”正被分群使用：${users.map((s) => s.name).join('、')}`,
          `The tag "${before.name}" is used by segments: ${users.map((s) => s.name).join(', ')}`, { segments: users });
      }
      await store.deleteTag(trx, actor.shopId, id);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.tag.delete', entity: 'customer_tag', entityId: id, before, at: now });
    });
    return { deleted: id };
  });

  app.get('/api/customers/levels', {
    schema: { operationId: 'crm.levels.get', tags: TAGS, summary: 'Membership levels by total spend (fen), lowest first, with how many customers hold each',
      response: { 200: LevelsAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const levels = await store.getLevels(db, actor.shopId);
    const counts = await store.countByLevel(db, actor.shopId, levels);
    return { levels: presentLevels(levels).map((l, i) => ({ ...l, customers: counts[i] })) };
  });

  app.put('/api/customers/levels', {
    schema: { operationId: 'crm.levels.update', tags: TAGS, body: LevelsBody,
      summary: 'Set the membership levels: 1–10, distinct names, thresholds (fen) rising strictly',
      response: { 200: LevelsAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const levels = checkLevels(request.body.levels.map((l) => ({ name: l.name, minSpend: l.min_spend })));
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getLevels(trx, actor.shopId);
      await store.saveLevels(trx, actor.shopId, levels, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.levels.update', entity: 'shop', entityId: actor.shopId,
        before: presentLevels(before), after: presentLevels(levels), at: now });
    });
    const counts = await store.countByLevel(db, actor.shopId, levels);
    return { levels: presentLevels(levels).map((l, i) => ({ ...l, customers: counts[i] })) };
  });

  app.get('/api/customers/stats', {
    schema: { operationId: 'crm.stats.get', tags: TAGS, querystring: StatsQuery,
      summary: 'Repurchase rate (复购率 = buyers with ≥ 2 purchases ÷ buyers with ≥ 1): all time, in the range, and per period',
      response: { 200: RepurchaseStats } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const to = request.query.to ?? ctx.clock.now();
    const from = request.query.from ?? new Date(to.getTime() - 365 * DAY);
    const { period } = request.query;
    checkStatsRange(from, to, period);
    const shop = await getShop(db, actor.shopId);
    const [all, { range, periods }] = await Promise.all([
      stats.shopTotals(db, actor.shopId),
      stats.repurchaseStats(db, actor.shopId, from, to, period, shop.timezone),
    ]);
    return {
      all_time: { customers: all.customers, buyers: all.buyers, repeat_buyers: all.repeatBuyers, total_spend: all.spend,
        repurchase_rate: repurchaseRate(all.buyers, all.repeatBuyers) },
      range: { from, to, buyers: range.buyers, repeat_buyers: range.repeatBuyers, total_spend: range.spend,
        repurchase_rate: repurchaseRate(range.buyers, range.repeatBuyers) },
      period,
      periods: periods.map((p) => ({ start: p.start, buyers: p.buyers, repeat_buyers: p.repeatBuyers, total_spend: p.spend,
        repurchase_rate: repurchaseRate(p.buyers, p.repeatBuyers) })),
    };
  });
}
