import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccount } from '../../http/auth.ts';
import type { ZodApp } from '../../http/types.ts';
import { assertCan } from '../accounts/index.ts';
import { closeFollowup, contactBuyer } from './actions.ts';
import { CONTACT_CHANNELS, FOLLOWUP_OUTCOMES, type FollowupOutcome } from './rules.ts';
import { FollowupInQueueSchema, FollowupSchema } from './schemas.ts';
import * as store from './store.ts';

const TAGS = ['reviews'];
const Id = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const ListQuery = z.object({
  status: z.enum(['active', 'open', 'contacted', 'closed']).default('active').describe('active: open or contacted'),
  before_id: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(100).default(40),
});
const ContactSchema = z.object({ channel: z.enum(CONTACT_CHANNELS), note: z.string().trim().min(1).max(500) });
// "Changed to good" is the buyer's doing and closes the follow-up by itself; a person closes with the other two.
const CloseSchema = z.object({ outcome: z.enum(['resolved', 'unresolved']), note: z.string().trim().max(500).default('') });

const outcomeName = (outcome: string | null) => (outcome ? FOLLOWUP_OUTCOMES[outcome as FollowupOutcome] : null);
const withName = <T extends { outcome: string | null }>(f: T) => Object.assign({}, f, { shop_id: undefined, outcome_name: outcomeName(f.outcome) });

/** After-sales' follow-ups of neutral and bad reviews: the queue, contacts with the buyer, the outcome. */
export function registerFollowupRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.database.db;

  app.get('/api/review-followups', {
    schema: { operationId: 'traderate.followups.get', tags: TAGS, querystring: ListQuery,
      summary: 'Follow-ups of neutral and bad reviews, newest first, with the review and every contact',
      response: { 200: z.object({ followups: z.array(FollowupInQueueSchema) }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'trade.view');
    const q = request.query;
    const rows = await store.listFollowups(db, actor.shopId, { status: q.status, beforeId: q.before_id, limit: q.limit });
    const contacts = await store.contactsOf(db, rows.map((r) => r.id));
    return { followups: rows.map((f) => Object.assign(withName(f), { contact_log: contacts.filter((c) => c.followup_id === f.id) })) };
  });

  app.post('/api/review-followups/:id/contacts', {
    schema: { operationId: 'traderate.followup.contact', tags: TAGS, params: Id, body: ContactSchema,
      summary: 'Note a contact with the buyer (chat, phone or SMS) about their review',
      response: { 201: z.object({ followup: FollowupSchema }) } },
  }, async (request, reply) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'refund.approve');
    const f = await inTransaction(ctx, (uow) => contactBuyer(uow, actor, request.params.id, request.body, ctx.clock.now()));
    return reply.status(201).send({ followup: withName(f) });
  });

  app.post('/api/review-followups/:id/close', {
    schema: { operationId: 'traderate.followup.close', tags: TAGS, params: Id, body: CloseSchema,
      summary: 'Close a follow-up with its outcome: resolved or unresolved (after a contact)',
      response: { 200: z.object({ followup: FollowupSchema }) } },
  }, async (request) => {
    const actor = await requireAccount(ctx, request);
    assertCan(actor, 'refund.approve');
    const { outcome, note } = request.body;
    const f = await inTransaction(ctx, (uow) => closeFollowup(uow, actor, request.params.id, outcome, note, ctx.clock.now()));
    return { followup: withName(f) };
  });
}
