import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import { actorName, type Actor } from '../accounts/rules.ts';

export interface AuditEntry {
  shopId: number;
  actor: Actor;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** The row of an entry, for a statement that writes it along with the change it records. */
export function auditRow(e: AuditEntry): Insertable<DB['audit_log']> {
  return {
    shop_id: e.shopId,
    actor_kind: e.actor.kind,
    actor_id: e.actor.kind === 'system' ? null : e.actor.id,
    actor_name: actorName(e.actor),
    action: e.action,
    entity: e.entity,
    entity_id: String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    created_at: e.at,
  };
}

/** Written in the same transaction as the change, so there is never a change without its record. */
export async function recordAudit(trx: Trx, e: AuditEntry) {
  await trx.insertInto('audit_log').values(auditRow(e)).execute();
}

export interface AuditQuery {
  shopId: number;
  entity?: string;
  entityId?: string;
  action?: string;
  limit: number;
  beforeId?: number;
}

export async function listAudit(db: Kysely<DB>, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll().where('shop_id', '=', q.shopId);
  if (q.entity) query = query.where('entity', '=', q.entity);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}
