import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { endSession, requireAccount, startSession } from '../../http/auth.ts';
import { Ok } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { recordAudit } from '../audit/index.ts';
import { hashPassword, verifyPassword } from './password.ts';
import {
  assertCan, checkPassword, DEFAULT_MAX_DISCOUNT_PCT, DEFAULT_PERMISSIONS, PERMISSIONS, SHOP_NAME, SUB_NAME,
} from './rules.ts';
import { AccountSchema, ShopSchema } from './schemas.ts';
import { ACCOUNT_COLUMNS, findAccountForLogin, findShopByName, getAccount, getShop, listAccounts } from './store.ts';

/** Log-in attempts per client address and account name, per minute. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

const SubRole = z.enum(['service', 'warehouse', 'aftersales', 'finance', 'supervisor']);
const Permission = z.enum(PERMISSIONS);
const Password = z.string().min(1).max(128);

const badLogin = () =>
  new AppError('BAD_CREDENTIALS', 401, '账号或密码不正确', 'Wrong account name or password');

export function registerAccountRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.post(
    '/api/shops',
    {
      config: { rateLimit: { max: ctx.config.signupsPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'shop.add',
        tags: ['accounts'],
        summary: 'Sign a new shop up; creates its main account (log-in = the shop name) and logs it in',
        body: z.object({
          name: z.string().regex(SHOP_NAME, 'lower-case letters, digits and -, 2–32 characters'),
          title: z.string().min(1).max(60).optional(),
          type: z.enum(['C', 'B']).describe('C: 集市店 C-shop; B: 商城店 mall shop'),
          password: Password,
        }),
        response: { 201: z.object({ shop: ShopSchema, account: AccountSchema }) },
      },
    },
    async (request, reply) => {
      const { name, title, type, password } = request.body;
      checkPassword(password);
      if (await findShopByName(db, name)) {
        throw new AppError('SHOP_NAME_TAKEN', 409, `店铺名 ${name} 已被使用`, `The shop name ${name} is taken`);
      }
      const passwordHash = await hashPassword(password);
      const now = ctx.clock.now();
      const result = await inTransaction(ctx, async ({ trx }) => {
        const shop = await trx
          .insertInto('shops')
          .values({ name, title: title ?? name, type, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        const account = await trx
          .insertInto('accounts')
          .values({
            shop_id: shop.id, login: name, display_name: title ?? name, is_main: true, role: 'owner',
            password_hash: passwordHash, created_at: now, updated_at: now,
          })
          .returning(ACCOUNT_COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          shopId: shop.id, actor: { kind: 'system', name: 'signup' }, action: 'shop.create', entity: 'shop',
          entityId: shop.id, after: shop, at: now,
        });
        return { shop, account };
      }).catch((err) => {
        if (/unique|duplicate/i.test(String(err?.message))) {
          throw new AppError('SHOP_NAME_TAKEN', 409, `店铺名 ${name} 已被使用`, `The shop name ${name} is taken`);
        }
        throw err;
      });
      await startSession(ctx, reply, { accountId: result.account.id });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          ...LOGIN_RATE_LIMIT,
          hook: 'preHandler', // after the body is parsed, so the key can name the account
          keyGenerator: (req) => `${req.ip}|${(req.body as { account?: unknown } | undefined)?.account ?? ''}`,
        },
      },
      schema: {
        operationId: 'auth.login',
        tags: ['accounts'],
        summary: 'Log a shop account in (`demo` or `demo:小美`); sets the session cookie',
        body: z.object({ account: z.string().min(1).max(60), password: Password }),
        response: { 200: z.object({ account: AccountSchema, shop: ShopSchema }) },
      },
    },
    async (request, reply) => {
      const { account: login, password } = request.body;
      const account = await findAccountForLogin(db, login);
      // Verify even when the account is unknown, so timing does not tell which names exist.
      const ok = await verifyPassword(password, account?.password_hash ?? 'scrypt$32768$8$1$AAAA$AAAA');
      if (!account || !ok || account.disabled) throw badLogin();
      await startSession(ctx, reply, { accountId: account.id });
      const shop = await getShop(db, account.shop_id);
      return { account: (await getAccount(db, account.shop_id, account.id))!, shop };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { operationId: 'auth.logout', tags: ['accounts'], summary: 'End the session', response: { 200: Ok } } },
    async (request, reply) => {
      await endSession(ctx, request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        operationId: 'auth.me', tags: ['accounts'], summary: 'The signed-in account, its shop and permissions',
        response: {
          200: z.object({
            account: AccountSchema, shop: ShopSchema,
            permissions: z.array(z.string()).readonly().describe('what the account may do: every permission for the main account'),
          }),
        },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      const account = await getAccount(db, actor.shopId, actor.id);
      const effective = actor.isMain ? [...PERMISSIONS] : actor.permissions;
      return { account: account!, shop: await getShop(db, actor.shopId), permissions: effective };
    },
  );

  app.get(
    '/api/accounts',
    {
      schema: {
        operationId: 'subusers.get', tags: ['accounts'], summary: "The shop's main account and sub-accounts",
        response: { 200: z.object({ accounts: z.array(AccountSchema) }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'account.manage');
      return { accounts: await listAccounts(db, actor.shopId) };
    },
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        operationId: 'subuser.add',
        tags: ['accounts'],
        summary: 'Add a sub-account `shop:name` with a role; permissions default to the role',
        body: z.object({
          name: z.string().regex(SUB_NAME, '1–20 characters, no colon or space'),
          role: SubRole,
          password: Password,
          permissions: z.array(Permission).max(PERMISSIONS.length).optional(),
          max_discount_pct: z.number().int().min(0).max(100).optional(),
        }),
        response: { 201: z.object({ account: AccountSchema }) },
      },
    },
    async (request, reply) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'account.manage');
      const body = request.body;
      checkPassword(body.password);
      const shop = await getShop(db, actor.shopId);
      const login = `${shop.name}:${body.name}`;
      if (await findAccountForLogin(db, login)) {
        throw new AppError('ACCOUNT_TAKEN', 409, `子账号 ${login} 已存在`, `The sub-account ${login} exists already`);
      }
      const passwordHash = await hashPassword(body.password);
      const now = ctx.clock.now();
      const account = await inTransaction(ctx, async ({ trx }) => {
        const row = await trx
          .insertInto('accounts')
          .values({
            shop_id: actor.shopId, login, display_name: body.name, role: body.role,
            permissions: body.permissions ?? DEFAULT_PERMISSIONS[body.role],
            max_discount_pct: body.max_discount_pct ?? DEFAULT_MAX_DISCOUNT_PCT[body.role],
            password_hash: passwordHash, created_at: now, updated_at: now,
          })
          .returning(ACCOUNT_COLUMNS)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          shopId: actor.shopId, actor, action: 'account.create', entity: 'account', entityId: row.id, after: row, at: now,
        });
        return row;
      });
      return reply.status(201).send({ account });
    },
  );

  app.patch(
    '/api/accounts/:id',
    {
      schema: {
        operationId: 'subuser.update',
        tags: ['accounts'],
        summary: "Change a sub-account's role, permissions, max discount, password, or disable it",
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z
          .object({
            role: SubRole.optional(),
            permissions: z.array(Permission).max(PERMISSIONS.length).optional(),
            max_discount_pct: z.number().int().min(0).max(100).optional(),
            disabled: z.boolean().optional(),
            password: Password.optional(),
          })
          .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
        response: { 200: z.object({ account: AccountSchema }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'account.manage');
      const before = await getAccount(db, actor.shopId, request.params.id);
      if (!before) throw new AppError('ACCOUNT_NOT_FOUND', 404, '子账号不存在', 'No such sub-account');
      if (before.is_main) {
        throw new AppError('MAIN_ACCOUNT_FIXED', 409, '主账号的角色和权限不能修改', "The main account's role and rights are fixed");
      }
      const { password, ...changes } = request.body;
      if (password) checkPassword(password);
      const passwordHash = password ? await hashPassword(password) : undefined;
      const now = ctx.clock.now();
      const account = await inTransaction(ctx, async ({ trx }) => {
        const after = await trx
          .updateTable('accounts')
          .set({ ...changes, ...(passwordHash ? { password_hash: passwordHash } : {}), updated_at: now })
          .where('id', '=', before.id)
          .where('shop_id', '=', actor.shopId)
          .returning(ACCOUNT_COLUMNS)
          .executeTakeFirstOrThrow();
        if (changes.disabled) await trx.deleteFrom('sessions').where('account_id', '=', before.id).execute();
        await recordAudit(trx, {
          shopId: actor.shopId, actor, action: password ? 'account.update+password' : 'account.update',
          entity: 'account', entityId: before.id, before, after, at: now,
        });
        return after;
      });
      return { account };
    },
  );

  app.get(
    '/api/shop',
    {
      schema: {
        operationId: 'shop.get', tags: ['accounts'], summary: 'The shop and its settings',
        response: { 200: z.object({ shop: ShopSchema }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      return { shop: await getShop(db, actor.shopId) };
    },
  );

  app.patch(
    '/api/shop',
    {
      schema: {
        operationId: 'shop.update',
        tags: ['accounts'],
        summary: "Change the shop's title, time zone or unpaid-trade close limit (hours, 1–72)",
        body: z
          .object({
            title: z.string().min(1).max(60).optional(),
            timezone: z.string().refine(isTimeZone, 'unknown time zone').optional(),
            unpaid_close_hours: z.number().int().min(1).max(72).optional(),
          })
          .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
        response: { 200: z.object({ shop: ShopSchema }) },
      },
    },
    async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, 'setting.manage');
      const now = ctx.clock.now();
      const shop = await inTransaction(ctx, async ({ trx }) => {
        const before = await trx.selectFrom('shops').selectAll().where('id', '=', actor.shopId).forUpdate()
          .executeTakeFirstOrThrow();
        const after = await trx.updateTable('shops').set(request.body).where('id', '=', actor.shopId).returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          shopId: actor.shopId, actor, action: 'shop.update', entity: 'shop', entityId: actor.shopId, before, after, at: now,
        });
        return after;
      });
      return { shop };
    },
  );
}

function isTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
