import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { BankTransferNoticesTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount, requireBuyer } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { getTrade } from '../trades/index.ts';
import { recordTransfer, rejectNotice, submitNotice } from './bank-transfer.ts';
import { registerPaymentCallback } from './callback.ts';
import { MAX_BANK_ACCOUNTS } from './rules.ts';
import { newSecret } from './signature.ts';
import { BankAccountOut, BuyerNoticeOut, NoticeOut, NotificationOut, TransferOut } from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['payments'];
const Tid = z.object({ tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Text = (max: number) => z.string().trim().min(1).max(max);
const Fen = z.number().int().min(1).max(2_147_483_647);
const When = z.coerce.date();

const BankAccountSchema = z.object({
  bank: Text(40), account_name: Text(40), account_no: z.string().trim().regex(/^[0-9 ]{8,40}$/), branch: z.string().trim().max(60).default(''),
});
const SettingsSchema = z.object({ bank_accounts: z.array(BankAccountSchema).max(MAX_BANK_ACCOUNTS) });
const NoticeSchema = z.object({
  bank: Text(40), payer_name: Text(40), amount: Fen, paid_at: When,
  reference: z.string().trim().max(64).default(''), note: z.string().trim().max(200).default(''),
});
const TransferSchema = z.object({
  bank: Text(40), payer_name: Text(40), amount: Fen, received_at: When,
  reference: z.string().trim().max(64).default(''),
  notice_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
const NoticeStatus = z.enum(['pending', 'recorded', 'rejected']);

type NoticeRow = Selectable<BankTransferNoticesTable>;
const presentNotice = ({ shop_id: _s, buyer_id: _b, ...n }: NoticeRow) => n;

const tradeNotFound = (tid: number) => new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });

/** Payments (SPEC §4): the shop's provider secret and bank accounts, callbacks received, bank transfers. */
export function registerPaymentRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/payments/settings', {
    schema: { operationId: 'payment.settings.get', tags: TAGS,
      summary: 'The bank accounts given to buyers, and whether a provider secret is set (never the secret itself)',
      response: {
        200: z.object({ provider_secret_set: z.boolean(), bank_accounts: z.array(BankAccountOut), updated_at: Timestamp.nullable() }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const s = await store.getSettings(db, actor.shopId);
    return { provider_secret_set: s.providerSecret !== null, bank_accounts: s.bankAccounts, updated_at: s.updatedAt };
  });

  app.post('/api/payments/settings', {
    schema: { operationId: 'payment.settings.update', tags: TAGS, body: SettingsSchema,
      summary: 'Set the bank accounts a buyer paying by transfer is given (up to 5)',
      response: { 200: z.object({ bank_accounts: z.array(BankAccountOut), updated_at: Timestamp }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockSettings(trx, actor.shopId);
      const before = await store.getSettings(trx, actor.shopId);
      await store.saveSettings(trx, actor.shopId, { bankAccounts: request.body.bank_accounts }, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'payment.settings.update', entity: 'shop', entityId: actor.shopId,
        before: { bank_accounts: before.bankAccounts }, after: request.body, at: now });
    });
    return { bank_accounts: request.body.bank_accounts, updated_at: now };
  });

  app.post('/api/payments/provider-secret', {
    schema: { operationId: 'payment.secret.rotate', tags: TAGS, body: z.object({}).optional(),
      summary: 'A new secret for the escrow provider\'s callbacks; shown this once, the old one stops working',
      response: { 200: z.object({ secret: z.string() }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    const secret = newSecret();
    await inTransaction(ctx, async ({ trx }) => {
      await store.lockSettings(trx, actor.shopId);
      await store.saveSettings(trx, actor.shopId, { providerSecret: secret }, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'payment.secret.rotate', entity: 'shop', entityId: actor.shopId, at: now });
    });
    return { secret };
  });

  app.get('/api/payments/notifications', {
    schema: { operationId: 'payment.notifications.get', tags: TAGS,
      querystring: z.object({
        outcome: z.enum(['paid', 'refused', 'ignored']).optional(), tid: Tid.shape.tid.optional(),
        before_id: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(50),
      }),
      summary: 'The provider\'s callbacks and what each got: paid, refused (to settle by hand) or ignored',
      response: { 200: z.object({ notifications: z.array(NotificationOut) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    return { notifications: await store.listNotifications(db, actor.shopId, { outcome: q.outcome, tid: q.tid, limit: q.limit, beforeId: q.before_id }) };
  });

  app.get('/api/payments/bank-transfer-notices', {
    schema: { operationId: 'payment.bank_transfer.notices.get', tags: TAGS,
      querystring: z.object({ status: NoticeStatus.default('pending') }),
      summary: 'Buyers\' notices of a bank transfer, oldest first: the queue of transfers to look for on the account',
      response: { 200: z.object({ notices: z.array(NoticeOut) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const rows = await store.listNotices(db, { shopId: actor.shopId, status: request.query.status });
    return { notices: rows.map(presentNotice) };
  });

  app.post('/api/payments/bank-transfer-notices/:id/reject', {
    schema: { operationId: 'payment.bank_transfer.reject', tags: TAGS, params: Id, body: z.object({ reason: Text(200) }),
      summary: 'The transfer a notice announced is not on the account: the buyer sees why',
      response: { 200: z.object({ notice: NoticeOut }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'payment.offline');
    const notice = await inTransaction(ctx, (uow) => rejectNotice(uow, actor, request.params.id, request.body.reason, ctx.clock.now()));
    return { notice: presentNotice(notice) };
  });

  app.post('/api/trades/:tid/bank-transfer', {
    schema: { operationId: 'payment.bank_transfer.record', tags: TAGS, params: Tid, body: TransferSchema,
      summary: 'Record a bank transfer found on the shop\'s account (amount = what is due): the trade is paid',
      response: {
        200: z.object({
          trade: z.object({
            tid: Int, status: z.string(), pay_method: z.string().nullable(), alipay_no: z.string().nullable(),
            pay_time: Timestamp.nullable(),
          }),
          bank_transfer: TransferOut,
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'payment.offline');
    const { tid } = request.params;
    const trade = await inTransaction(ctx, (uow) => recordTransfer(uow, actor, tid, request.body, ctx.clock.now()));
    return {
      trade: { tid, status: trade.status, pay_method: trade.pay_method, alipay_no: trade.alipay_no, pay_time: trade.pay_time },
      bank_transfer: (await store.getTransfer(db, actor.shopId, tid))!,
    };
  });

  app.get('/api/trades/:tid/payment', {
    schema: { operationId: 'payment.get', tags: TAGS, params: Tid,
      summary: 'How a trade was paid: method, escrow or bank transfer, the buyer\'s notices and the provider\'s callbacks',
      response: {
        200: z.object({
          tid: Int, status: z.string(), payment: Int.describe('fen'), pay_method: z.string().nullable(),
          alipay_no: z.string().nullable().describe('the escrow number, or the transfer number'), pay_time: Timestamp.nullable(),
          bank_transfer: TransferOut.nullable(), notices: z.array(NoticeOut), notifications: z.array(NotificationOut),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const { tid } = request.params;
    const trade = await getTrade(db, { shopId: actor.shopId }, tid);
    if (!trade) throw tradeNotFound(tid);
    const [transfer, notices, notifications] = await Promise.all([
      store.getTransfer(db, actor.shopId, tid),
      store.listNotices(db, { shopId: actor.shopId, tid }),
      store.listNotifications(db, actor.shopId, { tid, limit: 20 }),
    ]);
    return {
      tid, status: trade.status, payment: trade.payment, pay_method: trade.pay_method, alipay_no: trade.alipay_no,
      pay_time: trade.pay_time, bank_transfer: transfer ?? null, notices: notices.map(presentNotice), notifications,
    };
  });

  // ---- the buyer's side

  app.get('/api/buyer/trades/:tid/bank-transfer', {
    schema: { operationId: 'payment.bank_transfer.bought.get', tags: ['buyer'], params: Tid,
      summary: 'Paying by bank transfer: the shop\'s accounts while unpaid, the buyer\'s notices, the transfer recorded',
      response: {
        200: z.object({
          tid: Int, status: z.string(), payment: Int.describe('fen'), pay_method: z.string().nullable(),
          bank_accounts: z.array(BankAccountOut).describe('where to pay: only while unpaid'),
          notices: z.array(BuyerNoticeOut),
          bank_transfer: z.object({
            transfer_no: z.string(), bank: z.string(), payer_name: z.string(), amount: Int.describe('fen'), received_at: Timestamp,
            recorded_at: Timestamp,
          }).nullable(),
        }),
      } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { tid } = request.params;
    const trade = await getTrade(db, { buyerId: buyer.id }, tid);
    if (!trade) throw tradeNotFound(tid);
    const [settings, notices, transfer] = await Promise.all([
      store.getSettings(db, trade.shop_id),
      store.listNotices(db, { shopId: trade.shop_id, tid }),
      store.getTransfer(db, trade.shop_id, tid),
    ]);
    return {
      tid, status: trade.status, payment: trade.payment, pay_method: trade.pay_method,
      bank_accounts: trade.status === 'WAIT_BUYER_PAY' ? settings.bankAccounts : [],
      notices: notices.map(({ decided_by: _d, ...n }) => presentNotice(n as NoticeRow)),
      bank_transfer: transfer
        ? { transfer_no: transfer.transfer_no, bank: transfer.bank, payer_name: transfer.payer_name, amount: transfer.amount,
            received_at: transfer.received_at, recorded_at: transfer.created_at }
        : null,
    };
  });

  app.post('/api/buyer/trades/:tid/bank-transfer/notice', {
    schema: { operationId: 'payment.bank_transfer.notice', tags: ['buyer'], params: Tid, body: NoticeSchema,
      summary: 'The buyer tells the shop they paid by bank transfer (one notice waiting at a time)',
      response: { 201: z.object({ notice: NoticeOut }) } },
  }, async (request, reply) => {
    const buyer = await requireBuyer(ctx, request);
    const notice = await inTransaction(ctx, (uow) => submitNotice(uow, buyer, request.params.tid, request.body, ctx.clock.now()));
    return reply.status(201).send({ notice: presentNotice(notice) });
  });

  registerPaymentCallback(app, ctx);
}
