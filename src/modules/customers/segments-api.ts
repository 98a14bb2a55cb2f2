import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { checkTagsOwned, TAGS } from './api.ts';
import { checkRule, LIMITS, resolveRule, type SegmentRule } from './rules.ts';
import {
  IdParam, PreviewBody, presentCustomer, SegmentBody, SegmentPatch, SegmentPreviewSchema, SegmentSchema,
} from './schemas.ts';
import * as segments from './segment-store.ts';
import type { SegmentRow } from './segment-store.ts';
import * as store from './store.ts';

const segmentNotFound = (id: number) =>
  new AppError('SEGMENT_NOT_FOUND', 404, `客户分群 ${id} 不存在`, `Segment ${id} not found`, { id });
const segmentTaken = (name: string) =>
  new AppError('SEGMENT_NAME_TAKEN', 409, `分群“${name}”已经存在`, `The segment "${name}" already exists`, { name });

const PREVIEW_SAMPLE = 10;
const SegmentAnswer = z.object({ segment: SegmentSchema, preview: SegmentPreviewSchema });

const presentSegment = (s: SegmentRow) => ({ id: s.id, name: s.name, rule: s.rule, created_at: s.created_at, updated_at: s.updated_at });

/** Saved segments (客户分群) by rule, for broadcasts, and a preview of who a rule reaches. */
export function registerSegmentRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  async function checkRuleRefs(trx: Kysely<DB> | Trx, shopId: number, rule: SegmentRule) {
    checkRule(rule);
    if (rule.tag_ids?.length) await checkTagsOwned(trx, shopId, [...new Set(rule.tag_ids)]);
    if (rule.levels?.length) {
      const names = new Set((await store.getLevels(trx, shopId)).map((l) => l.name));
      const unknown = rule.levels.find((l) => !names.has(l));
      if (unknown) {
        throw new AppError('LEVEL_NOT_FOUND', 400, `没有会员等级“${unknown}”`, `No membership level "${unknown}"`, { level: unknown });
      }
    }
  }

  async function preview(shopId: number, rule: SegmentRule) {
    const levels = await store.getLevels(db, shopId);
    const filter = resolveRule(rule, levels, ctx.clock.now());
    const [count, sample, reachable] = await Promise.all([
      store.countCustomers(db, shopId, filter),
      store.listCustomers(db, shopId, filter, 'last_purchase_desc', PREVIEW_SAMPLE, 0),
      store.countCustomers(db, shopId, { ...filter, optOut: false }),
    ]);
    const tags = await store.tagsOf(db, shopId, sample.rows.map((r) => r.id));
    return {
      count, opted_out: count - reachable,
      sample: sample.rows.map((r) => presentCustomer(r, tags.get(r.id) ?? [], levels)),
    };
  }

  app.get('/api/customers/segments', {
    schema: { operationId: 'crm.segments.get', tags: TAGS, summary: 'The shop\'s saved customer segments',
      response: { 200: z.object({ segments: z.array(SegmentSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    return { segments: (await segments.listSegments(db, actor.shopId)).map(presentSegment) };
  });

  app.get('/api/customers/segments/:id', {
    schema: { operationId: 'crm.segment.get', tags: TAGS, params: IdParam, summary: 'One segment with its preview count',
      response: { 200: SegmentAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const s = await segments.getSegment(db, actor.shopId, request.params.id);
    if (!s) throw segmentNotFound(request.params.id);
    return { segment: presentSegment(s), preview: await preview(actor.shopId, s.rule) };
  });

  app.post('/api/customers/segments/preview', {
    schema: { operationId: 'crm.segment.preview', tags: TAGS, body: PreviewBody,
      summary: 'How many customers a rule reaches now (and how many of them refuse broadcasts), with a sample',
      response: { 200: z.object({ preview: SegmentPreviewSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    await checkRuleRefs(db, actor.shopId, request.body.rule);
    return { preview: await preview(actor.shopId, request.body.rule) };
  });

  app.post('/api/customers/segments', {
    schema: { operationId: 'crm.segment.add', tags: TAGS, body: SegmentBody,
      summary: 'Save a segment: tags, levels, last purchase window, items bought, spend',
      response: { 201: SegmentAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const { name, rule } = request.body;
    const now = ctx.clock.now();
    const segment = await inTransaction(ctx, async ({ trx }) => {
      await checkRuleRefs(trx, actor.shopId, rule);
      if (await segments.segmentNameTaken(trx, actor.shopId, name)) throw segmentTaken(name);
      if (await segments.countSegments(trx, actor.shopId) >= LIMITS.segmentsPerShop) {
        throw new AppError('TOO_MANY_SEGMENTS', 409, `一个店铺最多 ${LIMITS.segmentsPerShop} 个分群`,
          `A shop may have at most ${LIMITS.segmentsPerShop} segments`);
      }
      const s = await segments.insertSegment(trx, actor.shopId, name, rule, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.segment.add', entity: 'customer_segment', entityId: s.id,
        after: { name, rule }, at: now });
      return s;
    });
    return reply.status(201).send({ segment: presentSegment(segment), preview: await preview(actor.shopId, segment.rule) });
  });

  app.patch('/api/customers/segments/:id', {
    schema: { operationId: 'crm.segment.update', tags: TAGS, params: IdParam, body: SegmentPatch, summary: 'Rename a segment or change its rule',
      response: { 200: SegmentAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const { id } = request.params;
    const now = ctx.clock.now();
    const segment = await inTransaction(ctx, async ({ trx }) => {
      const before = await segments.getSegment(trx, actor.shopId, id, true);
      if (!before) throw segmentNotFound(id);
      const name = request.body.name ?? before.name;
      const rule = request.body.rule ?? before.rule;
      await checkRuleRefs(trx, actor.shopId, rule);
      if (name !== before.name && await segments.segmentNameTaken(trx, actor.shopId, name, id)) throw segmentTaken(name);
      await segments.updateSegment(trx, actor.shopId, id, name, rule, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.segment.update', entity: 'customer_segment', entityId: id,
        before: { name: before.name, rule: before.rule }, after: { name, rule }, at: now });
      return { ...before, name, rule, updated_at: now };
    });
    return { segment: presentSegment(segment), preview: await preview(actor.shopId, segment.rule) };
  });

  app.delete('/api/customers/segments/:id', {
    schema: { operationId: 'crm.segment.delete', tags: TAGS, params: IdParam,
      summary: 'Delete a segment (broadcasts already sent to it keep their recipients)',
      response: { 200: z.object({ deleted: Int.describe('the id of the segment deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'broadcast.send');
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const before = await segments.getSegment(trx, actor.shopId, id, true);
      if (!before) throw segmentNotFound(id);
      await segments.deleteSegment(trx, actor.shopId, id);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'customer.segment.delete', entity: 'customer_segment', entityId: id,
        before: { name: before.name, rule: before.rule }, at: now });
    });
    return { deleted: id };
  });
}
