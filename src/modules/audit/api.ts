import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/rules.ts';
import { listAudit } from './store.ts';

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
