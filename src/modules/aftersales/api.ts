import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction, type UnitOfWork } from '../../db/transaction.ts';
import { requireAccount } from '../../http/auth.ts';
import { Int } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, type AccountActor, type Permission } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { EscrowProvider } from '../payments/index.ts';
import * as actions from './actions.ts';
import { presentRefund } from './present.ts';
import { checkSettings } from './rules.ts';
import * as s from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['aftersales'];
const SettingsAnswer = z.object({ settings: s.RefundSettingsSchema });

/** The seller's after-sales desk (退款管理): the list by deadline, one refund, and every answer of SPEC §8. */
export function registerRefundRoutes(app: ZodApp, ctx: AppContext, escrow: EscrowProvider) {
  const db = ctx.database.db;

  async function detail(actor: AccountActor, refundId: number) {
    const refund = await store.getRefund(db, { shopId: actor.shopId }, refundId);
    if (!refund) throw actions.refundNotFound(refundId);
    return presentRefund(refund, actor);
  }

  /** A refund command: access first, one transaction, then the refund as it now stands. */
  function command<B extends z.ZodTypeAny>(
    path: string, operationId: string, summary: string, permission: Permission, body: B,
    run: (uow: UnitOfWork, actor: AccountActor, refundId: number, body: z.infer<B>, now: Date) => Promise<unknown>,
  ) {
    const schema = { operationId, summary, tags: TAGS, params: s.RefundId, body, response: { 200: s.RefundAnswer } };
    app.post(path, { schema }, async (request) => {
      const actor = await requireAccount(ctx, request);
      assertCan(actor, permission);
      const { refund_id } = request.params as { refund_id: number };
      await inTransaction(ctx, (uow) => run(uow, actor, refund_id, request.body as z.infer<B>, ctx.clock.now()));
      return { refund: await detail(actor, refund_id) };
    });
  }

  app.get('/api/refunds', {
    schema: { operationId: 'refunds.receive.get', tags: TAGS, querystring: s.RefundsQuery, response: { 200: s.RefundPage },
      summary: 'The shop\'s refunds, returns and exchanges, the nearest deadline first; filter by status, type or trade' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const { refunds, hasNext } = await store.searchRefunds(db, {
      scope: { shopId: actor.shopId }, status: q.status, disputeType: q.dispute_type, tid: q.tid,
      offset: (q.page_no - 1) * q.page_size, limit: q.page_size,
    });
    return { refunds: refunds.map((r) => presentRefund(r, actor)), has_next: hasNext, page_no: q.page_no };
  });

  app.get('/api/refunds/counts', {
    schema: { operationId: 'refunds.receive.count', tags: TAGS, summary: 'Number of the shop\'s refunds in each status',
      response: { 200: z.object({ counts: z.record(z.string(), Int).describe('refunds per status; a status without any is left out') }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    return { counts: await store.countByStatus(db, actor.shopId) };
  });

  app.get('/api/refunds/:refund_id', {
    schema: { operationId: 'refund.get', tags: TAGS, params: s.RefundId, response: { 200: s.RefundAnswer },
      summary: 'One refund: sub-order, amounts, reasons, parcels, deadline (`timeout`) and allowed_actions' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    return { refund: await detail(actor, request.params.refund_id) };
  });

  command('/api/refunds/:refund_id/agree', 'refund.agree',
    'Agree to a refund (仅退款): the money leaves escrow back to the buyer', 'refund.approve', s.Empty,
    (uow, actor, id, _b, now) => actions.simpleStep(uow, actor, id, 'agree', escrow, now));

  command('/api/refunds/:refund_id/refuse', 'refund.refuse',
    'Refuse, with a reason of 2–200 characters; the buyer may ask again', 'refund.approve', s.RefuseSchema,
    (uow, actor, id, b, now) => actions.refuseRefund(uow, actor, id, b.refuse_reason, escrow, now));

  command('/api/refunds/:refund_id/returngoods/agree', 'refund.returngoods.agree',
    'Agree to a return or an exchange: the buyer is asked to send the goods back', 'refund.approve', s.Empty,
    (uow, actor, id, _b, now) => actions.simpleStep(uow, actor, id, 'returngoods_agree', escrow, now));

  command('/api/refunds/:refund_id/returngoods/confirm', 'refund.returngoods.confirm',
    'Accept the returned goods the warehouse received: the refund leaves escrow', 'refund.approve', s.Empty,
    (uow, actor, id, _b, now) => actions.simpleStep(uow, actor, id, 'returngoods_confirm', escrow, now));

  command('/api/refunds/:refund_id/goods/receive', 'refund.goods.receive',
    'The warehouse has the returned parcel: the trade gets the green flag for after-sales', 'refund.goods', s.Empty,
    (uow, actor, id, _b, now) => actions.receiveGoods(uow, actor, id, escrow, now));

  command('/api/refunds/:refund_id/exchange/send', 'refund.exchange.send',
    'The warehouse re-ships an exchange: the new tracking number goes on the trade under a blue flag', 'refund.goods',
    s.ExchangeSendSchema, (uow, actor, id, b, now) => actions.sendExchange(uow, actor, id, b, escrow, now));

  app.get('/api/aftersales/settings', {
    schema: { operationId: 'refund.settings.get', tags: TAGS, response: { 200: SettingsAnswer },
      summary: 'How long the seller has to answer a refund before it is taken as agreed: before and after shipping' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    return { settings: await store.getSettings(db, actor.shopId) };
  });

  app.patch('/api/aftersales/settings', {
    schema: { operationId: 'refund.settings.update', tags: TAGS, body: s.SettingsSchema, response: { 200: SettingsAnswer },
      summary: 'Set the answer limits: 1–72 hours before shipping (default 48), 1–15 days after (default 5)' },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const now = ctx.clock.now();
    const settings = await inTransaction(ctx, async ({ trx }) => {
      const before = await store.getSettings(trx, actor.shopId);
      const after = checkSettings({ ...before, ...request.body });
      await store.saveSettings(trx, actor.shopId, after, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'refund.settings.update', entity: 'shop', entityId: actor.shopId,
        before, after, at: now });
      return after;
    });
    return { settings };
  });
}
