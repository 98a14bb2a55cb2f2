import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { ParcelCasesTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, can, type AccountActor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { getTrade } from '../trades/index.ts';
import { CASE_KIND_CODES, CASE_KINDS, CASE_OUTCOMES, decideCloseCase, decideOpenCase, type CaseKind } from './rules.ts';
import { ParcelCaseSchema } from './schemas.ts';
import * as store from './store.ts';

const CaseAnswer = z.object({ case: ParcelCaseSchema });
const Tid = z.object({ tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Text = (max: number) => z.string().trim().max(max);
const ReceiverSchema = z.object({
  receiver_name: Text(40).min(1), receiver_mobile: z.string().regex(/^[0-9+\- ]{5,20}$/), receiver_state: Text(20).min(2),
  receiver_city: Text(20).min(1), receiver_district: Text(20).default(''), receiver_address: Text(200).min(1),
});
const OpenSchema = z.object({
  kind: z.enum(CASE_KIND_CODES).describe('address_change 地址更改, recall 撤回, insured_value 保价, return_to_sender 问题件退回, claim 索赔'),
  note: Text(500).default(''),
  amount: z.number().int().nullable().optional().describe('fen: the insured value, or the amount claimed'),
  receiver: ReceiverSchema.nullable().optional().describe('the new receiver of an address change'),
});
const CloseSchema = z.object({
  outcome: z.enum(CASE_OUTCOMES),
  compensation: z.number().int().nullable().optional().describe('fen paid by the courier on a compensated claim'),
  note: Text(500).default(''),
});
const ListQuery = z.object({
  status: z.enum(['open', 'closed']).optional(), kind: z.enum(CASE_KIND_CODES).optional(), tid: Tid.shape.tid.optional(),
  before_id: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(50),
});

type CaseRow = Selectable<ParcelCasesTable>;
const presentCase = (c: CaseRow) => {
  const spec = CASE_KINDS[c.kind as CaseKind];
  return { ...c, shop_id: undefined, kind_name: spec.name,
    outcome_name: c.outcome ? (spec.outcomes as Record<string, string>)[c.outcome] : null };
};

/** Closing a case is the warehouse's (it deals with the courier), or after-sales' for what ends in money. */
const canClose = (actor: AccountActor) => can(actor, 'trade.ship') || can(actor, 'refund.approve');

/** Parcel problems (SPEC §4) as cases: opened on a trade, closed with an outcome. */
export function registerCaseRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.post('/api/trades/:tid/parcel-cases', {
    schema: { operationId: 'logistics.case.add', tags: ['logistics'], params: Tid, body: OpenSchema,
      summary: 'Open a parcel problem on a trade: address change, recall, insured value, return to sender or claim',
      response: { 201: CaseAnswer } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.memo');
    const { tid } = request.params;
    const { kind, note, amount, receiver } = request.body;
    const now = ctx.clock.now();
    const opened = await inTransaction(ctx, async ({ trx, emit }) => {
      const trade = await getTrade(trx, { shopId: actor.shopId }, tid);
      if (!trade) throw new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
      const decided = decideOpenCase(kind, trade, { amount, receiver });
      const row = await store.insertCase(trx, {
        shopId: actor.shopId, tid, kind, companyCode: trade.company_code, outSid: trade.out_sid, detail: decided.detail, note,
        amount: decided.amount, openedBy: actor.login, now,
      });
      if (!row) {
        throw new AppError('CASE_ALREADY_OPEN', 409, `该交易已有未处理的「${CASE_KINDS[kind].name}」`,
          `This trade has an open ${kind} case already`, { kind });
      }
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'logistics.case.add', entity: 'trade', entityId: tid,
        after: { case_id: row.id, kind, amount: decided.amount, note }, at: now });
      emit({ type: 'logistics.case.opened', shopId: actor.shopId, payload: { case_id: row.id, tid, kind, buyer_id: trade.buyer_id } });
      return row;
    });
    return reply.status(201).send({ case: presentCase(opened) });
  });

  app.post('/api/logistics/cases/:id/close', {
    schema: { operationId: 'logistics.case.close', tags: ['logistics'], params: Id, body: CloseSchema,
      summary: 'Close a parcel problem with its outcome (and the compensation of a paid claim)',
      response: { 200: CaseAnswer } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    if (!canClose(actor)) assertCan(actor, 'trade.ship');
    const { id } = request.params;
    const now = ctx.clock.now();
    const closed = await inTransaction(ctx, async ({ trx, emit }) => {
      const c = await store.lockCase(trx, actor.shopId, id);
      if (!c) throw new AppError('CASE_NOT_FOUND', 404, `问题件 ${id} 不存在`, `Parcel case ${id} not found`, { id });
      const decided = decideCloseCase({ ...c, kind: c.kind as CaseKind }, request.body);
      const row = await store.closeCase(trx, id, { ...decided, note: request.body.note, by: actor.login, at: now });
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'logistics.case.close', entity: 'trade', entityId: c.tid,
        before: { case_id: id, status: c.status }, after: { case_id: id, status: 'closed', ...decided, note: request.body.note }, at: now });
      emit({ type: 'logistics.case.closed', shopId: actor.shopId,
        payload: { case_id: id, tid: c.tid, kind: c.kind, outcome: decided.outcome, compensation: decided.compensation } });
      return row;
    });
    return { case: presentCase(closed) };
  });

  app.get('/api/logistics/cases', {
    schema: { operationId: 'logistics.cases.get', tags: ['logistics'], querystring: ListQuery,
      summary: 'Parcel problems, newest first, by status, kind or trade',
      response: { 200: z.object({ cases: z.array(ParcelCaseSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const rows = await store.listCases(db, actor.shopId, { status: q.status, kind: q.kind, tid: q.tid, limit: q.limit, beforeId: q.before_id });
    return { cases: rows.map(presentCase) };
  });
}
