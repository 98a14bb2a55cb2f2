import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { endSession, requireBuyer, startSession } from '../../http/auth.ts';
import { Ok, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { LOGIN_RATE_LIMIT } from './api.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPassword } from './rules.ts';
import { BuyerSchema } from './schemas.ts';
import { findBuyerByNick } from './store.ts';

const Nick = z.string().trim().min(2).max(32).regex(/^[^:<>\s]+$/u, 'no spaces, colons or angle brackets');

/** Buyers are members of the whole deployment: one nick can buy from every shop on it. */
export function registerBuyerAccountRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.post(
    '/api/buyer/signup',
    {
      config: { rateLimit: { max: ctx.config.signupsPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'buyer.add',
        tags: ['buyer'],
        summary: 'A buyer signs up on a storefront and is logged in',
        body: z.object({
          nick: Nick,
          password: z.string().min(1).max(128),
          mobile: z.string().regex(/^1\d{10}$/, '11-digit mobile number').optional(),
        }),
        response: { 201: z.object({ buyer: BuyerSchema.extend({ created_at: Timestamp }) }) },
      },
    },
    async (request, reply) => {
      const { nick, password, mobile } = request.body;
      checkPassword(password);
      if (await findBuyerByNick(db, nick)) {
        throw new AppError('NICK_TAKEN', 409, `昵称 ${nick} 已被使用`, `The nick ${nick} is taken`);
      }
      const buyer = await db
        .insertInto('buyers')
        .values({ nick, mobile: mobile ?? null, password_hash: await hashPassword(password) })
        .onConflict((oc) => oc.column('nick').doNothing())
        .returning(['id', 'nick', 'mobile', 'created_at'])
        .executeTakeFirst();
      if (!buyer) throw new AppError('NICK_TAKEN', 409, `昵称 ${nick} 已被使用`, `The nick ${nick} is taken`);
      await startSession(ctx, reply, { buyerId: buyer.id });
      return reply.status(201).send({ buyer });
    },
  );

  app.post(
    '/api/buyer/login',
    {
      config: {
        rateLimit: {
          ...LOGIN_RATE_LIMIT,
          hook: 'preHandler', // after the body is parsed, so the key can name the account
          keyGenerator: (req) => `${req.ip}|buyer|${(req.body as { nick?: unknown } | undefined)?.nick ?? ''}`,
        },
      },
      schema: {
        operationId: 'buyer.login',
        tags: ['buyer'],
        summary: 'Log a buyer in by nick; sets the session cookie',
        body: z.object({ nick: z.string().min(1).max(32), password: z.string().min(1).max(128) }),
        response: { 200: z.object({ buyer: BuyerSchema }) },
      },
    },
    async (request, reply) => {
      const buyer = await findBuyerByNick(db, request.body.nick);
      const ok = await verifyPassword(request.body.password, buyer?.password_hash ?? 'scrypt$32768$8$1$AAAA$AAAA');
      if (!buyer || !ok) throw new AppError('BAD_CREDENTIALS', 401, '昵称或密码不正确', 'Wrong nick or password');
      await startSession(ctx, reply, { buyerId: buyer.id });
      return { buyer: { id: buyer.id, nick: buyer.nick, mobile: buyer.mobile } };
    },
  );

  app.post(
    '/api/buyer/logout',
    { schema: { operationId: 'buyer.logout', tags: ['buyer'], summary: "End the buyer's session", response: { 200: Ok } } },
    async (request, reply) => {
      await endSession(ctx, request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/buyer/me',
    {
      schema: {
        operationId: 'buyer.get', tags: ['buyer'], summary: 'The signed-in buyer',
        response: { 200: z.object({ buyer: BuyerSchema.pick({ id: true, nick: true }) }) },
      },
    },
    async (request) => {
      const buyer = await requireBuyer(ctx, request);
      return { buyer: { id: buyer.id, nick: buyer.nick } };
    },
  );
}
