import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import type { AccountActor } from '../accounts/rules.ts';
import { recordAudit } from '../audit/index.ts';
import { checkScopes, mintToken, permissionsFor, SCOPE_AREAS, SCOPES, tokenUsable } from './tokens-rules.ts';
import * as store from './tokens-store.ts';

const TAGS = ['integration'];
export const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const MAX_LIVE_TOKENS = 50;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const TokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  token_prefix: z.string().describe('the first characters of the token, to recognise it'),
  scopes: z.array(z.string()),
  permissions: z.array(z.string()).describe('what the scopes let the token do'),
  max_discount_pct: z.number(),
  status: z.enum(['active', 'expired', 'revoked']),
  created_by: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

type TokenRow = NonNullable<Awaited<ReturnType<typeof store.getToken>>>;
const present = (t: TokenRow, now: Date): z.infer<typeof TokenSchema> => ({
  id: t.id, name: t.name, token_prefix: t.token_prefix, scopes: t.scopes, permissions: permissionsFor(t.scopes),
  max_discount_pct: t.max_discount_pct,
  status: t.revoked_at ? 'revoked' : tokenUsable(t, now) ? 'active' : 'expired',
  created_by: t.created_by, created_at: iso(t.created_at)!, expires_at: iso(t.expires_at), last_used_at: iso(t.last_used_at),
  revoked_at: iso(t.revoked_at),
});

/** Tokens open the shop to another system: only the main account makes, sees and revokes them. */
export function assertOwner(actor: AccountActor) {
  if (!actor.isMain) {
    throw new AppError('PERMISSION_DENIED', 403, '只有主账号可以管理 API 令牌', 'Only the main account manages API tokens', { permission: 'owner' });
  }
}

const tokenNotFound = (id: number) => new AppError('TOKEN_NOT_FOUND', 404, `API 令牌 ${id} 不存在`, `API token ${id} not found`, { id });

export function registerTokenRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/integration/scopes', {
    schema: {
      operationId: 'integration.scopes.get', tags: TAGS, summary: 'The scopes a token may be given, and the permissions each carries',
      response: { 200: z.object({ scopes: z.array(z.object({ scope: z.string(), permissions: z.array(z.string()) })) }) },
    },
  }, async (request) => {
    assertOwner(await requireAccount(ctx, request));
    return { scopes: SCOPES.map((scope) => ({ scope, permissions: permissionsFor([scope]) })) };
  });

  app.get('/api/integration/tokens', {
    schema: {
      operationId: 'integration.tokens.get', tags: TAGS, summary: "The shop's API tokens, newest first (never the tokens themselves)",
      response: { 200: z.object({ tokens: z.array(TokenSchema) }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertOwner(actor);
    const now = ctx.clock.now();
    return { tokens: (await store.listTokens(db, actor.shopId)).map((t) => present(t, now)) };
  });

  app.post('/api/integration/tokens', {
    schema: {
      operationId: 'integration.token.add', tags: TAGS,
      summary: 'Create an API token for another system; the token is in this answer only, and only its hash is kept',
      body: z.object({
        name: z.string().trim().min(1).max(40),
        scopes: z.array(z.enum(SCOPES as [string, ...string[]])).min(1).max(SCOPES.length)
          .describe(`area:read or area:write; areas: ${Object.keys(SCOPE_AREAS).join(', ')}`),
        max_discount_pct: z.number().int().min(0).max(100).default(0).describe('the largest discount a trades:write token may give'),
        expires_in_days: z.number().int().min(1).max(3650).optional().describe('never expires when absent'),
      }),
      response: { 201: z.object({ token: TokenSchema, secret: z.string().describe('the token: send it as `Authorization: Bearer …`') }) },
    },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertOwner(actor);
    const body = request.body;
    const scopes = checkScopes(body.scopes);
    const now = ctx.clock.now();
    const minted = mintToken();
    const expiresAt = body.expires_in_days ? new Date(now.getTime() + body.expires_in_days * 86_400_000) : null;
    const id = await inTransaction(ctx, async ({ trx }) => {
      if (await store.countLiveTokens(trx, actor.shopId) >= MAX_LIVE_TOKENS) {
        throw new AppError('TOO_MANY_TOKENS', 409, `有效的 API 令牌最多 ${MAX_LIVE_TOKENS} 个`, `At most ${MAX_LIVE_TOKENS} live API tokens per shop`);
      }
      const { id } = await store.insertToken(trx, {
        shopId: actor.shopId, name: body.name, hash: minted.hash, prefix: minted.prefix, scopes,
        maxDiscountPct: body.max_discount_pct, createdBy: actor.id, now, expiresAt,
      });
      await recordAudit(trx, {
        shopId: actor.shopId, actor, action: 'api_token.create', entity: 'api_token', entityId: id, at: now,
        after: { name: body.name, scopes, max_discount_pct: body.max_discount_pct, expires_at: expiresAt, token_prefix: minted.prefix },
      });
      return id;
    });
    const token = (await store.getToken(db, actor.shopId, id))!;
    return reply.status(201).send({ token: present(token, now), secret: minted.token });
  });

  app.post('/api/integration/tokens/:id/revoke', {
    schema: {
      operationId: 'integration.token.revoke', tags: TAGS, params: Id,
      summary: 'Revoke a token: its next request is refused; the token stays listed as revoked',
      response: { 200: z.object({ token: TokenSchema }) },
    },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertOwner(actor);
    const { id } = request.params;
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      const t = await store.lockToken(trx, actor.shopId, id);
      if (!t) throw tokenNotFound(id);
      if (t.revoked_at) {
        throw new AppError('TOKEN_ALREADY_REVOKED', 409, `API 令牌 ${id} 已撤销`, `API token ${id} is already revoked`, { id });
      }
      await store.revokeToken(trx, id, actor.id, now);
      await recordAudit(trx, {
        shopId: actor.shopId, actor, action: 'api_token.revoke', entity: 'api_token', entityId: id, at: now,
        before: { name: t.name, scopes: t.scopes, revoked_at: null }, after: { revoked_at: now },
      });
    });
    return { token: present((await store.getToken(db, actor.shopId, id))!, now) };
  });
}
