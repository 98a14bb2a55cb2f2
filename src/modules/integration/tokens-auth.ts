import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { AccountActor } from '../accounts/rules.ts';
import {
  grants, hashApiToken, LAST_USED_RESOLUTION_MS, permissionsFor, requiredScope, scopeRequired, tokenActorName, tokenInvalid,
  tokenUsable,
} from './tokens-rules.ts';
import { findTokenByHash, touchToken } from './tokens-store.ts';

/** The token of an `Authorization: Bearer …` header; undefined when the request carries none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * The shop account a token stands for: its shop, the permissions its scopes carry and nothing more, a team lead's
 * standing (it may raise any team's flag) and its own name in every record. Refused when the route is outside the
 * token's scopes, before anything else is read.
 */
export async function authenticateApiToken(ctx: AppContext, request: FastifyRequest, token: string): Promise<AccountActor> {
  if (!token || token.length > 200) throw tokenInvalid();
  const row = await findTokenByHash(ctx.database.db, hashApiToken(token));
  const now = ctx.clock.now();
  if (!row || row.creator_disabled || row.creator_shop_id !== row.shop_id || !tokenUsable(row, now)) throw tokenInvalid();
  const scope = requiredScope(request.method, request.routeOptions.url);
  if (!scope || !grants(row.scopes, scope)) throw scopeRequired(scope);
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_RESOLUTION_MS) {
    await touchToken(ctx.database.db, row.id, now, LAST_USED_RESOLUTION_MS);
  }
  return {
    kind: 'account',
    id: row.created_by,
    shopId: row.shop_id,
    login: tokenActorName(row),
    role: 'supervisor',
    isMain: false,
    permissions: permissionsFor(row.scopes),
    maxDiscountPct: row.max_discount_pct,
  };
}
