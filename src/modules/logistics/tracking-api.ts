import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction, type UnitOfWork } from '../../db/transaction.ts';
import { AppError } from '../../errors.ts';
import { requireAccount, requireBuyer } from '../../http/auth.ts';
import { Int, Timestamp } from '../../http/response-schemas.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan, findShopByName, type Actor } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { newSecret, parseSigned, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, withRawBody } from '../payments/index.ts';
import { getTrade } from '../trades/index.ts';
import {
  checkOccurredAt, checkTraceable, COURIERS, isCourier, latestTrace, OUT_SID, TRACE_STATUS_CODES, TRACE_STATUSES, type TraceStatus,
} from './rules.ts';
import { BuyerTrackingSchema, TrackingSchema } from './schemas.ts';
import * as store from './store.ts';

const Tid = z.object({ tid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const Company = z.object({ company_code: z.string().max(16) });
const EventFields = {
  status: z.enum(TRACE_STATUS_CODES),
  description: z.string().trim().min(1).max(200),
  location: z.string().trim().max(60).default(''),
  occurred_at: z.coerce.date(),
};
const TraceSchema = z.object(EventFields);
const PushSchema = z.object({
  events: z.array(z.object({ event_id: z.string().trim().min(1).max(64), out_sid: z.string().regex(OUT_SID), ...EventFields }))
    .min(1).max(100),
});

const tradeNotFound = (tid: number) => new AppError('TRADE_NOT_FOUND', 404, `交易 ${tid} 不存在`, `Trade ${tid} not found`, { tid });
const unknownCourier = (code: string) =>
  new AppError('BAD_COMPANY_CODE', 400, `未知的物流公司：${code}`, `Unknown courier: ${code}`, { company_code: code });

/**
 * Writes the events of one courier not seen before and announces each on the bus (`logistics.tracking`), with the
 * trade its tracking number belongs to when the shop has one. Returns how many were new.
 */
async function addEvents(
  uow: UnitOfWork, actor: Actor, shopId: number, companyCode: string, events: store.NewEvent[], source: 'warehouse' | 'courier', now: Date,
) {
  for (const e of events) checkOccurredAt(e.occurred_at, now);
  const recordedBy = actor.kind === 'account' ? actor.login : null;
  const written = await store.insertEvents(uow.trx, shopId, companyCode, events, source, recordedBy, now);
  const trades = await store.tradesByOutSid(uow.trx, shopId, companyCode, [...new Set(written.map((e) => e.out_sid))]);
  for (const e of written) {
    const trade = trades.get(e.out_sid);
    uow.emit({ type: 'logistics.tracking', shopId, payload: {
      company_code: companyCode, out_sid: e.out_sid, tid: trade?.tid ?? null, buyer_id: trade?.buyer_id ?? null,
      status: e.status, description: e.description, location: e.location, occurred_at: e.occurred_at, source,
    } });
  }
  if (written.length) {
    await recordAudit(uow.trx, { shopId, actor, action: source === 'courier' ? 'logistics.trace.push' : 'logistics.trace.add',
      entity: 'parcel', entityId: `${companyCode}:${[...new Set(written.map((e) => e.out_sid))].join(',')}`.slice(0, 200),
      after: written.map((e) => ({ out_sid: e.out_sid, status: e.status, occurred_at: e.occurred_at })), at: now });
  }
  return written.length;
}

/** The parcel's tracking as the seller and the buyer see it: the latest state in `status`, events in time order (none before shipping). */
async function presentTraces(ctx: AppContext, trade: { tid: number; shop_id: number; company_code: string | null; out_sid: string | null }) {
  if (!trade.company_code || !trade.out_sid) {
    return { tid: trade.tid, company_code: null, company_name: null, out_sid: null, status: null, status_name: null, traces: [] };
  }
  const parcel = { company_code: trade.company_code, out_sid: trade.out_sid };
  const events = await store.listEvents(ctx.database.db, trade.shop_id, parcel.company_code, parcel.out_sid);
  const last = latestTrace(events);
  return {
    tid: trade.tid, company_code: parcel.company_code, company_name: COURIERS[parcel.company_code as keyof typeof COURIERS] ?? parcel.company_code,
    out_sid: parcel.out_sid, status: last?.status ?? null, status_name: last ? TRACE_STATUSES[last.status as TraceStatus] : null,
    traces: events.map((e) => ({ ...e, status_name: TRACE_STATUSES[e.status as TraceStatus] })),
  };
}

/** Tracking events (SPEC §4): entered by the warehouse, or pushed by the courier through a signed webhook. */
export function registerTrackingRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/logistics/couriers/secrets', {
    schema: { operationId: 'logistics.courier.secrets.get', tags: ['logistics'],
      summary: 'Couriers that may push tracking events to the shop (a secret is set), never the secrets themselves',
      response: { 200: z.object({ couriers: z.array(z.object({ company_code: z.string(), created_at: Timestamp })) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    return { couriers: await store.listCourierSecrets(db, actor.shopId) };
  });

  app.post('/api/logistics/couriers/:company_code/secret', {
    schema: { operationId: 'logistics.courier.secret.rotate', tags: ['logistics'], params: Company, body: z.object({}).optional(),
      summary: 'A new secret for a courier\'s tracking pushes; shown this once, the old one stops working',
      response: {
        200: z.object({
          company_code: z.string(), secret: z.string(),
          push_url: z.string().describe('where the courier pushes, with the shop name in place of {shop}'),
        }),
      } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'setting.manage');
    const code = request.params.company_code;
    if (!isCourier(code)) throw unknownCourier(code);
    const secret = newSecret();
    const now = ctx.clock.now();
    await inTransaction(ctx, async ({ trx }) => {
      await store.saveCourierSecret(trx, actor.shopId, code, secret, now);
      await recordAudit(trx, { shopId: actor.shopId, actor, action: 'logistics.courier.secret.rotate', entity: 'shop',
        entityId: actor.shopId, after: { company_code: code }, at: now });
    });
    return { company_code: code, secret, push_url: `/api/logistics/tracking/{shop}/${code}` };
  });

  app.post('/api/trades/:tid/traces', {
    schema: { operationId: 'logistics.trace.add', tags: ['logistics'], params: Tid, body: TraceSchema,
      summary: 'The warehouse enters a tracking event of the trade\'s parcel (status, description, place, time)',
      response: { 201: TrackingSchema } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.ship');
    const { tid } = request.params;
    const now = ctx.clock.now();
    const trade = await inTransaction(ctx, async (uow) => {
      const t = await getTrade(uow.trx, { shopId: actor.shopId }, tid);
      if (!t) throw tradeNotFound(tid);
      const parcel = checkTraceable(t);
      await addEvents(uow, actor, actor.shopId, parcel.company_code,
        [{ ...request.body, out_sid: parcel.out_sid, event_key: `w:${randomUUID()}` }], 'warehouse', now);
      return t;
    });
    return reply.status(201).send(await presentTraces(ctx, trade));
  });

  app.get('/api/trades/:tid/traces', {
    schema: { operationId: 'logistics.trace.search', tags: ['logistics'], params: Tid,
      summary: 'The tracking of the trade\'s parcel: its events in time order and its latest status',
      response: { 200: TrackingSchema } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const trade = await getTrade(db, { shopId: actor.shopId }, request.params.tid);
    if (!trade) throw tradeNotFound(request.params.tid);
    return presentTraces(ctx, trade);
  });

  app.get('/api/buyer/trades/:tid/traces', {
    schema: { operationId: 'logistics.trace.bought.get', tags: ['buyer'], params: Tid, summary: 'The buyer follows their parcel',
      response: { 200: BuyerTrackingSchema } },
  }, async (request) => {
    const buyer = await requireBuyer(ctx, request);
    const trade = await getTrade(db, { buyerId: buyer.id }, request.params.tid);
    if (!trade) throw tradeNotFound(request.params.tid);
    const view = await presentTraces(ctx, trade);
    return { ...view, traces: view.traces.map(({ recorded_by: _r, ...e }) => e) };
  });

  withRawBody(app, (scope) => {
    scope.post('/api/logistics/tracking/:shop/:company_code', {
      schema: {
        operationId: 'logistics.trace.push', tags: ['logistics'],
        params: z.object({ shop: z.string().max(32), company_code: z.string().max(16) }),
        summary: 'A courier pushes tracking events: signed JSON { events: [{ event_id, out_sid, status, description, location, occurred_at }] }',
        description: `Headers ${TIMESTAMP_HEADER} (Unix seconds, at most 5 minutes off) and ${SIGNATURE_HEADER} (hex HMAC-SHA256 of `
          + '"timestamp.body" under the shop\'s secret for that courier). An event_id seen before is ignored.',
        response: {
          200: z.object({ accepted: Int.describe('events new to the shop'), duplicates: Int.describe('events seen before, ignored') }),
        },
      },
    }, async (request) => {
      const { shop: shopName, company_code: code } = request.params;
      const shop = await findShopByName(db, shopName);
      if (!shop) throw new AppError('SHOP_NOT_FOUND', 404, `店铺 ${shopName} 不存在`, `Shop ${shopName} not found`);
      if (!isCourier(code)) throw unknownCourier(code);
      const raw = typeof request.body === 'string' ? request.body : '';
      const now = ctx.clock.now();
      const secret = await store.getCourierSecret(db, shop.id, code);
      verifySignature(secret?.secret, {
        timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
      }, raw, now);
      const { events } = parseSigned(raw, PushSchema);
      const unique = [...new Map(events.map((e) => [e.event_id, e])).values()];
      const courier = { kind: 'system' as const, name: `courier:${code}` };
      const accepted = await inTransaction(ctx, (uow) => addEvents(uow, courier, shop.id, code,
        unique.map(({ event_id, ...e }) => ({ ...e, event_key: `c:${event_id}` })), 'courier', now));
      return { accepted, duplicates: events.length - accepted };
    });
  });
}
