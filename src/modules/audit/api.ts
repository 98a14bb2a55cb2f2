import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { requireAccount } from '../../http/auth.ts';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/rules.ts';
import { listAudit } from './store.ts';

/** An entry of the audit log: its row, every column shown. */
const AuditEntrySchema = z.looseObject({
  id: Int,
  shop_id: Int,
  actor_kind: z.enum(['account', 'buyer', 'system']),
  actor_id: Int.nullable(),
  actor_name: z.string(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  before: AnyJson.describe('the entity before the change (null when created)'),
  after: AnyJson.describe('the entity after the change (null when deleted)'),
  created_at: Timestamp,
});

export function registerAuditRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/audit',
    {
      schema: {
        operationId: 'audit.log.get',
        tags: ['audit'],
        summary: 'Audit log of the shop, newest first (who, when, before, after)',
        querystring: z.object({
          entity: z.enum(['trade', 'order', 'refund', 'account', 'shop', 'product']).optional(),
          entity_id: z.string().max(40).optional(),
          action: z.string().max(60).optional(),
          before_id: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ entries: z.array(AuditEntrySchema) }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'audit.read');
      const q = request.query;
      const rows = await listAudit(ctx.database.db, {
        shopId: actor.shopId,
        entity: q.entity,
        entityId: q.entity_id,
        action: q.action,
        beforeId: q.before_id,
        limit: q.limit,
      });
      return { entries: rows };
    },
  );
}
