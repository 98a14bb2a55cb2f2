import { createHash, randomBytes } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { AccountActor, BuyerActor, Role } from '../modules/accounts/rules.ts';
import { authenticateApiToken, bearerToken } from '../modules/integration/tokens-auth.ts';

export const SESSION_COOKIE = 'xiaoer_session';
const SESSION_DAYS = 7;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Opens a session and sets its cookie; only the token's hash is stored, so a leaked table opens nothing. */
export async function startSession(
  ctx: AppContext,
  reply: FastifyReply,
  who: { accountId: number } | { buyerId: number },
) {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(ctx.clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await ctx.database.db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      account_id: 'accountId' in who ? who.accountId : null,
      buyer_id: 'buyerId' in who ? who.buyerId : null,
      expires_at: expires,
    })
    .execute();
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: ctx.config.cookieSameSite,
    secure: ctx.config.cookieSameSite === 'none',
    expires,
  });
}

export async function endSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await ctx.database.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

const unauthenticated = () =>
  new AppError('NOT_LOGGED_IN', 401, '请先登录', 'Please log in first');

async function loadSession(ctx: AppContext, request: FastifyRequest) {
  return loadSessionByToken(ctx, request.cookies[SESSION_COOKIE]);
}

async function loadSessionByToken(ctx: AppContext, token: string | undefined) {
  if (!token) return undefined;
  return ctx.database.db
    .selectFrom('sessions')
    .leftJoin('accounts', 'accounts.id', 'sessions.account_id')
    .leftJoin('buyers', 'buyers.id', 'sessions.buyer_id')
    .select([
      'sessions.expires_at',
      'accounts.id as account_id',
      'accounts.shop_id',
      'accounts.login',
      'accounts.role',
      'accounts.is_main',
      'accounts.permissions',
      'accounts.max_discount_pct',
      'accounts.disabled',
      'buyers.id as buyer_id',
      'buyers.nick',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

/**
 * The signed-in shop account; the shop id always comes from here, never from the request. Another system signs in
 * with an API token (`Authorization: Bearer xo_…`) instead of the cookie: it then acts within the token's scopes.
 */
export async function requireAccount(ctx: AppContext, request: FastifyRequest): Promise<AccountActor> {
  const token = bearerToken(request);
  if (token !== undefined) return authenticateApiToken(ctx, request, token);
  const s = await loadSession(ctx, request);
  if (!s || !s.account_id || s.disabled || new Date(s.expires_at) <= ctx.clock.now()) throw unauthenticated();
  return {
    kind: 'account',
    id: s.account_id,
    shopId: s.shop_id!,
    login: s.login!,
    role: s.role as Role,
    isMain: s.is_main!,
    permissions: s.permissions ?? [],
    maxDiscountPct: s.max_discount_pct ?? 0,
  };
}

export async function requireBuyer(ctx: AppContext, request: FastifyRequest): Promise<BuyerActor> {
  const s = await loadSession(ctx, request);
  if (!s || !s.buyer_id || new Date(s.expires_at) <= ctx.clock.now()) throw unauthenticated();
  return { kind: 'buyer', id: s.buyer_id, nick: s.nick! };
}

/** The signed-in account or buyer behind a raw Cookie header (a socket's handshake), or undefined. */
export async function actorFromCookieHeader(ctx: AppContext, header: string | undefined): Promise<AccountActor | BuyerActor | undefined> {
  const token = header ? fastifyCookie.parse(header)[SESSION_COOKIE] : undefined;
  const s = await loadSessionByToken(ctx, token);
  if (!s || new Date(s.expires_at) <= ctx.clock.now()) return undefined;
  if (s.buyer_id) return { kind: 'buyer', id: s.buyer_id, nick: s.nick! };
  if (!s.account_id || s.disabled) return undefined;
  return {
    kind: 'account', id: s.account_id, shopId: s.shop_id!, login: s.login!, role: s.role as Role, isMain: s.is_main!,
    permissions: s.permissions ?? [], maxDiscountPct: s.max_discount_pct ?? 0,
  };
}
