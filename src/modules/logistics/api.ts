import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { COURIERS } from './rules.ts';

const Fen = z.number().int().min(0).max(1_000_000);
const TemplateSchema = z.object({
  name: z.string().trim().min(1).max(40),
  is_default: z.boolean().default(false),
  first_weight_g: z.number().int().min(1).max(100_000),
  first_fee: Fen,
  additional_weight_g: z.number().int().min(1).max(100_000),
  additional_fee: Fen,
  free_threshold: Fen.nullable().default(null),
  region_fees: z
    .array(z.object({ states: z.array(z.string().min(2).max(20)).min(1).max(40), first_fee: Fen, additional_fee: Fen }))
    .max(40)
    .default([]),
});

export function registerLogisticsRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/logistics/companies', {
    schema: { operationId: 'logistics.companies.get', tags: ['logistics'], summary: 'Couriers and their company codes' },
  }, async () => ({ companies: Object.entries(COURIERS).map(([code, name]) => ({ code, name })) }));

  app.get('/api/logistics/templates', {
    schema: { operationId: 'delivery.templates.get', tags: ['logistics'], summary: "The shop's shipping templates" },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    const templates = await db.selectFrom('shipping_templates').selectAll().where('shop_id', '=', actor.shopId).orderBy('id').execute();
    return { templates };
  });

  app.post('/api/logistics/templates', {
    schema: { operationId: 'delivery.template.add', tags: ['logistics'], body: TemplateSchema,
      summary: 'Add a shipping template: first weight + additional weight, fees by province, free-shipping threshold' },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    const template = await inTransaction(ctx, async ({ trx }) => {
      // One default per shop: a new default takes the place of the old.
      if (request.body.is_default) {
        await trx.updateTable('shipping_templates').set({ is_default: false }).where('shop_id', '=', actor.shopId).execute();
      }
      const row = await trx.insertInto('shipping_templates')
        .values({ ...request.body, shop_id: actor.shopId, region_fees: JSON.stringify(request.body.region_fees) })
        .returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'delivery.template.add', entity: 'shop',
        entityId: actor.shopId, after: row, at: now });
      return row;
    });
    return reply.status(201).send({ template });
  });
}
