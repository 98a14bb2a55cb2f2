import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction, type UnitOfWork } from '../../db/transaction.ts';
import { requireBuyer } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import type { BuyerActor } from '../accounts/index.ts';
import type { EscrowProvider } from '../payments/index.ts';
import * as actions from './actions.ts';
import { presentRefund } from './present.ts';
import * as s from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['buyer'];

/** The buyer's side of after-sales: ask, send the goods back, ask again after a refusal, or give up. */
export function registerBuyerRefundRoutes(app: ZodApp, ctx: AppContext, escrow: EscrowProvider) {
  const db = ctx.database.db;

  async function detail(buyer: BuyerActor, refundId: number) {
    const refund = await store.getRefund(db, { buyerId: buyer.id }, refundId);
    if (!refund) throw actions.refundNotFound(refundId);
    return presentRefund(refund, buyer);
  }

  function command<B extends z.ZodTypeAny>(
    path: string, operationId: string, summary: string, body: B,
    run: (uow: UnitOfWork, buyer: BuyerActor, refundId: number, body: z.infer<B>, now: Date) => Promise<unknown>,
  ) {
    const schema = { operationId, summary, tags: TAGS, params: s.RefundId, body, response: { 200: s.RefundAnswer } };
    app.post(path, { schema }, async (request) => {
      const buyer = await requireBuyer(ctx, request);
      const { refund_id } = request.params as { refund_id: number };
      await inTransaction(ctx, (uow) => run(uow, buyer, refund_id, request.body as z.infer<B>, ctx.clock.now()));
      return { refund: await detail(buyer, refund_id) };
    });
  }

  app.post('/api/buyer/trades/:tid/refunds', {
    schema: { operationId: 'refund.add', tags: TAGS, params: s.Tid, body: s.RefundAddSchema, response: { 201: s.RefundAnswer },
      summary: 'Ask for a refund (仅退款), a return and refund (退货退款) or an exchange (换货) of one paid sub-order' },
  }, async (request, reply) => {
    const buyer = await requireBuyer(ctx, request);
    const { oid, dispute_type, refund_fee, reason, desc } = request.body;
    const refund = await inTransaction(ctx, (uow) => actions.applyRefund(uow, buyer, request.params.tid, {
      oid, dispute_type, refund_fee: refund_fee ?? 0, reason, description: desc,
    }, escrow, ctx.clock.now()));
    return reply.status(201).send({ refund: await detail(buyer, refund.refund_id) });
  });

  app.get('/api/buyer/refunds', {
    schema: { operationId: 'refunds.apply.get', tags: TAGS, querystring: s.BuyerRefundsQuery, summary: 'The buyer\'s refunds, newest first',
      response: { 200: s.RefundPage } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const { page_no, page_size } = request.query;
    const { refunds, hasNext } = await store.searchRefunds(db, {
      scope: { buyerId: buyer.id }, offset: (page_no - 1) * page_size, limit: page_size,
    });
    return { refunds: refunds.map((r) => presentRefund(r, buyer)), has_next: hasNext, page_no };
  });

  app.get('/api/buyer/refunds/:refund_id', {
    schema: { operationId: 'refund.bought.get', tags: TAGS, params: s.RefundId, summary: 'One of the buyer\'s refunds',
      response: { 200: s.RefundAnswer } },
  }, async (request) => ({ refund: await detail(await requireBuyer(ctx, request), request.params.refund_id) }));

  command('/api/buyer/refunds/:refund_id/returngoods', 'refund.returngoods.send',
    'Send the goods back: the courier code and the tracking number of the return parcel', s.ReturnGoodsSchema,
    (uow, buyer, id, b, now) => actions.returnGoods(uow, buyer, id, b, escrow, now));

  command('/api/buyer/refunds/:refund_id/cancel', 'refund.cancel',
    'Withdraw the request (before the goods are sent back): the refund closes and nothing is paid', s.Empty,
    (uow, buyer, id, _b, now) => actions.simpleStep(uow, buyer, id, 'cancel', escrow, now));

  command('/api/buyer/refunds/:refund_id/reapply', 'refund.reapply',
    'Ask again after a refusal, maybe for another amount or with another reason', s.ReapplySchema,
    (uow, buyer, id, b, now) => actions.reapplyRefund(uow, buyer, id, {
      refund_fee: b.refund_fee, reason: b.reason, description: b.desc,
    }, escrow, now));
}
