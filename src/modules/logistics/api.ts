import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { registerCaseRoutes } from './cases-api.ts';
import { calculatePostage, checkTemplate, COURIER_METHODS, COURIERS, METHOD_CODES, METHODS, type CompanyCode } from './rules.ts';
import { ShippingTemplateSchema } from './schemas.ts';
import * as store from './store.ts';
import { registerTrackingRoutes } from './tracking-api.ts';

const Fen = z.number().int().min(0).max(1_000_000);
const TemplateSchema = z.object({
  name: z.string().trim().min(1).max(40),
  method: z.enum(METHOD_CODES).default('EXPRESS').describe('平邮 SURFACE, 快递 EXPRESS, EMS, 货运 FREIGHT, 国际 INTERNATIONAL'),
  is_default: z.boolean().default(false),
  first_weight_g: z.number().int().min(1).max(100_000),
  first_fee: Fen,
  additional_weight_g: z.number().int().min(1).max(100_000),
  additional_fee: Fen,
  free_threshold: Fen.nullable().default(null),
  region_fees: z
    .array(z.object({ states: z.array(z.string().trim().min(2).max(20)).min(1).max(40), first_fee: Fen, additional_fee: Fen }))
    .max(40)
    .default([]),
});
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const PostageSchema = z.object({
  weight_g: z.number().int().min(1).max(1_000_000),
  items_total: z.number().int().min(0).max(2_147_483_647),
  receiver_state: z.string().trim().min(2).max(20),
});

const TemplateAnswer = z.object({ template: ShippingTemplateSchema });

const templateNotFound = (id: number) =>
  new AppError('TEMPLATE_NOT_FOUND', 404, `运费模板 ${id} 不存在`, `Shipping template ${id} not found`, { id });

/** Logistics (SPEC §4): methods, couriers and shipping templates; tracking and parcel problems in their own files. */
export function registerLogisticsRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/logistics/companies', {
    schema: { operationId: 'logistics.companies.get', tags: ['logistics'], summary: 'Couriers, their company codes and the methods they carry',
      response: { 200: z.object({ companies: z.array(z.object({ code: z.string(), name: z.string(), methods: z.array(z.string()) })) }) } },
  }, async () => ({
    companies: Object.entries(COURIERS).map(([code, name]) => ({ code, name, methods: COURIER_METHODS[code as CompanyCode] })),
  }));

  app.get('/api/logistics/methods', {
    schema: { operationId: 'logistics.methods.get', tags: ['logistics'], summary: 'Ways of sending: 平邮, 快递, EMS, 货运, 国际邮包',
      response: {
        200: z.object({
          methods: z.array(z.object({ code: z.string(), name: z.string(), companies: z.array(z.string()).describe('couriers carrying it') })),
        }),
      } },
  }, async () => ({
    methods: METHOD_CODES.map((code) => ({
      code, name: METHODS[code],
      companies: (Object.keys(COURIER_METHODS) as CompanyCode[]).filter((c) => COURIER_METHODS[c].includes(code)),
    })),
  }));

  app.get('/api/logistics/templates', {
    schema: { operationId: 'delivery.templates.get', tags: ['logistics'], summary: "The shop's shipping templates, the default first",
      response: { 200: z.object({ templates: z.array(ShippingTemplateSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    return { templates: await store.listTemplates(db, actor.shopId) };
  });

  /** One transaction per change: the shop's templates take turns, the default stays one, and the audit row goes with it. */
  function change(actor: Awaited<ReturnType<typeof requireAccount>>, id: number | null, body: z.infer<typeof TemplateSchema> | null) {
    const now = ctx.clock.now();
    return inTransaction(ctx, async ({ trx }) => {
      await store.lockShopTemplates(trx, actor.shopId);
      const before = id === null ? undefined : await store.lockTemplate(trx, actor.shopId, id);
      if (id !== null && !before) throw templateNotFound(id);
      if (body) checkTemplate(body);
      // One default per shop: a new default takes the place of the old.
      if (body?.is_default) await store.clearDefault(trx, actor.shopId);
      const after = body === null ? undefined : before ? await store.updateTemplate(trx, before.id, body) : await store.insertTemplate(trx, actor.shopId, body);
      if (body === null) await store.deleteTemplate(trx, before!.id);
      const action = body === null ? 'delivery.template.delete' : before ? 'delivery.template.update' : 'delivery.template.add';
      await recordAudit(trx, { shopId: actor.shopId, actor, action, entity: 'shipping_template', entityId: (after ?? before)!.id,
        before, after, at: now });
      return after;
    });
  }

  app.post('/api/logistics/templates', {
    schema: { operationId: 'delivery.template.add', tags: ['logistics'], body: TemplateSchema,
      summary: 'Add a shipping template: first weight + additional weight, fees by province, free-shipping threshold',
      response: { 201: TemplateAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    return reply.status(201).send({ template: (await change(actor, null, request.body))! });
  });

  app.post('/api/logistics/templates/:id', {
    schema: { operationId: 'delivery.template.update', tags: ['logistics'], params: Id, body: TemplateSchema,
      summary: 'Replace a shipping template; trades placed before keep the postage they were charged',
      response: { 200: TemplateAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    return { template: (await change(actor, request.params.id, request.body))! };
  });

  app.delete('/api/logistics/templates/:id', {
    schema: { operationId: 'delivery.template.delete', tags: ['logistics'], params: Id,
      summary: 'Delete a shipping template; with no default left, the oldest template prices new trades',
      response: { 200: z.object({ deleted: Int.describe('the id of the template deleted') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    await change(actor, request.params.id, null);
    return { deleted: request.params.id };
  });

  app.post('/api/logistics/postage', {
    schema: { operationId: 'delivery.postage.quote', tags: ['logistics'], body: PostageSchema,
      summary: 'The postage of a parcel (weight, items total, province) under each of the shop\'s templates',
      response: {
        200: z.object({
          quotes: z.array(z.object({
            template_id: Int, name: z.string(), method: z.string(), method_name: z.string(), is_default: z.boolean(),
            post_fee: Int.describe('fen'),
          })),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const { weight_g, items_total, receiver_state } = request.body;
    const templates = await store.listTemplates(db, actor.shopId);
    return {
      quotes: templates.map((t) => ({
        template_id: t.id, name: t.name, method: t.method, method_name: METHODS[t.method as keyof typeof METHODS],
        is_default: t.is_default,
        post_fee: calculatePostage(t, { weightG: weight_g, itemsTotal: items_total, state: receiver_state }),
      })),
    };
  });

  registerTrackingRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
}
