import type { UnitOfWork } from '../db/transaction.ts';
import type { AccountActor, BuyerActor } from '../modules/accounts/index.ts';
import * as refunds from '../modules/aftersales/actions.ts';
import type { DisputeType } from '../modules/aftersales/rules.ts';
import type { CompanyCode } from '../modules/logistics/index.ts';
import { sandboxEscrow } from '../modules/payments/index.ts';
import * as reviews from '../modules/reviews/actions.ts';
import type { Result } from '../modules/reviews/index.ts';

/**
 * The after-sales part of a demo story: the buyer asks for a refund of a sub-order, the shop answers, the parcel goes
 * back, and a finished trade is reviewed and followed up; each step through the modules' own use cases, so the
 * refund's deadlines, the escrow and the flags are what the rules make them.
 */
export type AftersalesStep =
  | { do: 'refund'; at: number; line: number; type: DisputeType; fee?: number; reason: string; desc?: string }
  | { do: 'refund_agree' | 'refund_return_agree' | 'refund_confirm' | 'refund_receive'; at: number; by: string }
  | { do: 'refund_refuse'; at: number; by: string; reason: string }
  | { do: 'refund_return'; at: number; company: CompanyCode; sid: string }
  | { do: 'refund_exchange'; at: number; by: string; company: CompanyCode; out_sid: string }
  | { do: 'review'; at: number; line: number; result: Result; content: string }
  | { do: 'followup_contact'; at: number; by: string; channel: 'chat' | 'phone' | 'sms'; note: string }
  | { do: 'followup_close'; at: number; by: string; outcome: 'resolved' | 'unresolved'; note: string };

export interface StoryTrade {
  shopId: number;
  tid: number;
  oids: number[];
  buyer: BuyerActor;
  actors: Map<string, AccountActor>;
}

/** The story's latest refund, and latest review follow-up: the steps after the request act on them. */
async function latestRefund(uow: UnitOfWork, tid: number) {
  const row = await uow.trx.selectFrom('refunds').select('refund_id').where('tid', '=', tid)
    .orderBy('refund_id', 'desc').executeTakeFirstOrThrow();
  return row.refund_id;
}

async function latestFollowup(uow: UnitOfWork, tid: number) {
  const row = await uow.trx.selectFrom('review_followups').select('id').where('tid', '=', tid)
    .orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

export async function playAftersales(uow: UnitOfWork, step: AftersalesStep, s: StoryTrade, when: Date) {
  const by = (name: string) => s.actors.get(name)!;
  switch (step.do) {
    case 'refund': {
      const oid = s.oids[step.line];
      const order = await uow.trx.selectFrom('orders').select('total_fee').where('oid', '=', oid).executeTakeFirstOrThrow();
      const fee = step.type === 'EXCHANGE' ? 0 : step.fee ?? order.total_fee;
      await refunds.applyRefund(uow, s.buyer, s.tid, {
        oid, dispute_type: step.type, refund_fee: fee, reason: step.reason, description: step.desc ?? '',
      }, sandboxEscrow, when);
      break;
    }
    case 'refund_agree':
      await refunds.simpleStep(uow, by(step.by), await latestRefund(uow, s.tid), 'agree', sandboxEscrow, when);
      break;
    case 'refund_return_agree':
      await refunds.simpleStep(uow, by(step.by), await latestRefund(uow, s.tid), 'returngoods_agree', sandboxEscrow, when);
      break;
    case 'refund_confirm':
      await refunds.simpleStep(uow, by(step.by), await latestRefund(uow, s.tid), 'returngoods_confirm', sandboxEscrow, when);
      break;
    case 'refund_refuse':
      await refunds.refuseRefund(uow, by(step.by), await latestRefund(uow, s.tid), step.reason, sandboxEscrow, when);
      break;
    case 'refund_return':
      await refunds.returnGoods(uow, s.buyer, await latestRefund(uow, s.tid), { company_code: step.company, sid: step.sid }, sandboxEscrow, when);
      break;
    case 'refund_receive':
      await refunds.receiveGoods(uow, by(step.by), await latestRefund(uow, s.tid), sandboxEscrow, when);
      break;
    case 'refund_exchange':
      await refunds.sendExchange(uow, by(step.by), await latestRefund(uow, s.tid),
        { company_code: step.company, out_sid: step.out_sid }, sandboxEscrow, when);
      break;
    case 'review':
      await reviews.addReviews(uow, s.buyer, s.tid, [{ oid: s.oids[step.line], result: step.result, content: step.content }], when);
      break;
    case 'followup_contact':
      await reviews.contactBuyer(uow, by(step.by), await latestFollowup(uow, s.tid), { channel: step.channel, note: step.note }, when);
      break;
    case 'followup_close':
      await reviews.closeFollowup(uow, by(step.by), await latestFollowup(uow, s.tid), step.outcome, step.note, when);
      break;
  }
}
