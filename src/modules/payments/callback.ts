import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import type { ZodApp } from '../../http/types.ts';
import { findShopByName } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { getTrade, payTrade } from '../trades/index.ts';
import { sandboxEscrow, type EscrowProvider } from './escrow.ts';
import { CALLBACK_STATUSES, callbackPays } from './rules.ts';
import { parseSigned, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, withRawBody } from './signature.ts';
import { CallbackAnswer } from './schemas.ts';
import * as store from './store.ts';

/** The provider's asynchronous notice (异步通知) that a buyer paid, as its JSON body carries it. */
export const CallbackSchema = z.object({
  notify_id: z.string().trim().min(1).max(64),
  tid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  alipay_no: z.string().trim().regex(/^[A-Za-z0-9_-]{6,64}$/),
  amount: z.number().int().min(0).max(2_147_483_647),
  trade_status: z.enum(CALLBACK_STATUSES),
  notify_time: z.string().max(40).optional(),
});
export type Callback = z.infer<typeof CallbackSchema>;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const provider = { kind: 'system' as const, name: 'escrow-provider' };

/** The escrow's book of a payment made at the provider: held under the provider's own number. */
const heldAtProvider = (alipayNo: string): EscrowProvider => ({
  ...sandboxEscrow,
  async hold(trx, { shopId, tid, amount, at }) {
    if (!(await store.holdInEscrow(trx, { shopId, tid, amount, alipayNo, at }))) {
      throw new AppError('ALREADY_PAID', 409, '该交易或支付宝交易号已有付款记录', 'This trade or provider number is paid already');
    }
    return { alipay_no: alipayNo };
  },
});

const refusal = (err: AppError): Answer => ({
  status: err.status,
  body: { code: err.code, message: err.messageZh, message_en: err.messageEn, details: err.details },
});

/**
 * One callback, once: the first delivery of a notify_id decides and its answer is kept with it; every later delivery
 * of that notify_id gets the kept answer and changes nothing. A payment pays the trade through the trades module's
 * pay path (the buyer's amount must be what is due); a refusal is kept too, for the shop to settle by hand.
 */
export async function handleCallback(ctx: AppContext, shopId: number, cb: Callback, now: Date): Promise<Answer> {
  const db = ctx.database.db;
  const kept = async (): Promise<Answer> => {
    const row = (await store.findNotification(db, shopId, cb.notify_id))!;
    return { status: row.response_status, body: row.response_body as Record<string, unknown> };
  };
  if (await store.findNotification(db, shopId, cb.notify_id)) return kept();
  const row = (outcome: store.NotificationRow['outcome'], answer: Answer, code: string | null = null): store.NotificationRow => ({
    shop_id: shopId, notify_id: cb.notify_id, tid: cb.tid, alipay_no: cb.alipay_no, amount: cb.amount,
    trade_status: cb.trade_status, outcome, error_code: code, response_status: answer.status, response_body: answer.body,
    received_at: now,
  });

  if (!callbackPays(cb.trade_status)) {
    const answer = { status: 200, body: { result: 'ignored', notify_id: cb.notify_id, tid: cb.tid } };
    await store.insertNotification(db, row('ignored', answer));
    return kept();
  }
  try {
    return await inTransaction(ctx, async (uow) => {
      const answer = { status: 200, body: { result: 'paid', notify_id: cb.notify_id, tid: cb.tid, alipay_no: cb.alipay_no } };
      // A twin delivery in flight waits here for the first to commit, then finds its row.
      if (!(await store.insertNotification(uow.trx, row('paid', answer)))) return null;
      const trade = await getTrade(uow.trx, { shopId }, cb.tid);
      if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${cb.tid} 不存在`, `Trade ${cb.tid} not found`, { tid: cb.tid });
      const buyer = { kind: 'buyer' as const, id: trade.buyer_id, nick: trade.buyer_nick };
      await payTrade(uow, buyer, cb.tid, cb.amount, heldAtProvider(cb.alipay_no), now);
      await recordAudit(uow.trx, { shopId, actor: provider, action: 'payment.notify', entity: 'trade', entityId: cb.tid,
        after: { notify_id: cb.notify_id, alipay_no: cb.alipay_no, amount: cb.amount }, at: now });
      uow.emit({ type: 'payment.received', shopId, payload: {
        tid: cb.tid, buyer_id: trade.buyer_id, method: 'escrow', amount: cb.amount, alipay_no: cb.alipay_no, source: 'provider_callback',
      } });
      return answer;
    }) ?? kept();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const answer = refusal(err);
    await inTransaction(ctx, async (uow) => {
      if (!(await store.insertNotification(uow.trx, row('refused', answer, err.code)))) return;
      uow.emit({ type: 'payment.callback.refused', shopId, payload: {
        tid: cb.tid, notify_id: cb.notify_id, alipay_no: cb.alipay_no, amount: cb.amount, code: err.code,
      } });
    });
    return kept();
  }
}

/**
 * POST /api/payments/notify/:shop — called by the escrow provider, not by a person: no session, a signature instead.
 * The body is read as the bytes that were signed, checked, and only then parsed.
 */
export function registerPaymentCallback(app: ZodApp, ctx: AppContext) {
  withRawBody(app, (scope) => {
    scope.post('/api/payments/notify/:shop', {
      schema: {
        operationId: 'payment.notify', tags: ['payments'],
        params: z.object({ shop: z.string().max(32) }),
        summary: 'The escrow provider\'s callback: signed JSON { notify_id, tid, alipay_no, amount, trade_status }',
        description: `Headers ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (hex HMAC-SHA256 of `
          + '"timestamp.body" under the shop\'s provider secret). A repeated notify_id is answered as the first time.',
        response: { 200: CallbackAnswer },
      },
    }, async (request, reply) => {
      const shop = await findShopByName(ctx.database.db, request.params.shop);
      if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, `店铺 ${request.params.shop} 不存在`, `Shop ${request.params.shop} not found`);
      const raw = typeof request.body === 'string' ? request.body : '';
      const now = ctx.clock.now();
      const { providerSecret } = await store.getSettings(ctx.database.db, shop.id);
      verifySignature(providerSecret, {
        timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
      }, raw, now);
      const answer = await handleCallback(ctx, shop.id, parseSigned(raw, CallbackSchema), now);
      // A kept refusal goes out with its own 4xx status and error body; only a 200 is the answer described above.
      return reply.status(answer.status as 200).send(answer.body as z.infer<typeof CallbackAnswer>);
    });
  });
}

