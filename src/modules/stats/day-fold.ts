import { creditedAgent, windowMs, zeroCounters, type AttributionRule, type Counters } from './rules.ts';
import { emptyContact, isInquiry, receivedAt, type ContactFacts, type Range } from './fold.ts';

/** A day of the shop from its contacts, trades and ratings, with the definitions of rules.ts (pure: the recompute's). */

const inRange = (at: Date, r: Range) => at >= r.from && at < r.to;

export interface TradeFacts {
  tid: number;
  buyerId: number;
  created: Date;
  payTime: Date | null;
  /** The agent credited at ordering, and the one at payment. */
  orderAgentId: number | null;
  payAgentId: number | null;
  payment: number;
  items: number;
  lines: { numIid: number; num: number; totalFee: number }[];
  refunded: boolean;
  refundFee: number;
}

export const creditOf = (t: TradeFacts, rule: AttributionRule) => creditedAgent(rule, t.orderAgentId, t.payAgentId);

/** 询单转化: an inquiry received within the window before a payment credited to the same agent. */
export function isConverted(c: ContactFacts, payments: { agentId: number | null; payTime: Date }[], windowDays: number) {
  const r = receivedAt(c);
  if (!c.inquiry || !r) return false;
  return payments.some((p) => p.agentId === c.agentId && r <= p.payTime && r.getTime() >= p.payTime.getTime() - windowMs(windowDays));
}

export interface DayInput {
  range: Range;
  rule: AttributionRule;
  windowDays: number;
  /** Contacts of the day from the conversations (replayConversation), before trades are added. */
  contacts: ContactFacts[];
  /** Trades placed or paid within the range, credited (orderAgentId, payAgentId) from the raw messages. */
  trades: TradeFacts[];
  /** Each buyer's trades placed around the day, for 询单. */
  tradesCreatedByBuyer: Map<number, Date[]>;
  /** Payments up to a window after the day, credited, for 询单转化. */
  paymentsByBuyer: Map<number, { agentId: number | null; payTime: Date }[]>;
  ratings: { agentId: number; score: number; at: Date }[];
}

export interface DayResult {
  contacts: ContactFacts[];
  agents: Map<number, Counters>;
  shop: { trades: number; ordered_buyers: number; paid_trades: number; paid_buyers: number; sales: number; items: number;
    refunded_trades: number; refund_fee: number };
  buyers: Map<number, { ordered: number; paid: number }>;
  products: Map<number, { paid_trades: number; items: number; sales: number }>;
}

/** Everything a day holds, from its contacts, trades and ratings. */
export function foldDay(input: DayInput): DayResult {
  const { range, rule, windowDays } = input;
  const byKey = new Map<string, ContactFacts>();
  const contact = (agentId: number, buyerId: number) => {
    const k = `${agentId}:${buyerId}`;
    let c = byKey.get(k);
    if (!c) byKey.set(k, (c = emptyContact(agentId, buyerId)));
    return c;
  };
  for (const c of input.contacts) {
    const into = contact(c.agentId, c.buyerId);
    Object.assign(into, { ...c, ordered: into.ordered + c.ordered, paid: into.paid + c.paid });
  }
  for (const c of byKey.values()) {
    if (c.buyerMsgs > 0 && c.firstBuyerAt) c.inquiry = isInquiry(c.firstBuyerAt, input.tradesCreatedByBuyer.get(c.buyerId) ?? [], windowDays);
  }

  const agents = new Map<number, Counters>();
  const agent = (id: number) => {
    let a = agents.get(id);
    if (!a) agents.set(id, (a = zeroCounters()));
    return a;
  };
  const shop = { trades: 0, ordered_buyers: 0, paid_trades: 0, paid_buyers: 0, sales: 0, items: 0, refunded_trades: 0, refund_fee: 0 };
  const buyers = new Map<number, { ordered: number; paid: number }>();
  const buyer = (id: number) => {
    let b = buyers.get(id);
    if (!b) buyers.set(id, (b = { ordered: 0, paid: 0 }));
    return b;
  };
  const products = new Map<number, { paid_trades: number; items: number; sales: number }>();

  for (const t of input.trades) {
    if (inRange(t.created, range)) {
      shop.trades++;
      buyer(t.buyerId).ordered++;
      if (t.orderAgentId !== null) contact(t.orderAgentId, t.buyerId).ordered++;
    }
    if (!t.payTime || !inRange(t.payTime, range)) continue;
    shop.paid_trades++;
    shop.sales += t.payment;
    shop.items += t.items;
    buyer(t.buyerId).paid++;
    if (t.refunded) shop.refunded_trades++;
    shop.refund_fee += t.refundFee;
    const seen = new Set<number>();
    for (const l of t.lines) {
      let p = products.get(l.numIid);
      if (!p) products.set(l.numIid, (p = { paid_trades: 0, items: 0, sales: 0 }));
      if (!seen.has(l.numIid)) p.paid_trades++;
      seen.add(l.numIid);
      p.items += l.num;
      p.sales += l.totalFee;
    }
    const credited = creditOf(t, rule);
    if (credited === null) continue;
    contact(credited, t.buyerId).paid++;
    const a = agent(credited);
    a.paid_trades++;
    a.sales += t.payment;
    a.items += t.items;
    if (t.refunded) a.refunded_trades++;
    a.refund_fee += t.refundFee;
  }
  for (const b of buyers.values()) {
    if (b.ordered > 0) shop.ordered_buyers++;
    if (b.paid > 0) shop.paid_buyers++;
  }

  for (const c of byKey.values()) {
    c.converted = isConverted(c, input.paymentsByBuyer.get(c.buyerId) ?? [], windowDays);
    const a = agent(c.agentId);
    const received = c.buyerMsgs > 0 && c.agentMsgs > 0;
    if (c.buyerMsgs > 0) a.consulted++;
    if (received) a.received++;
    if (received && c.inquiry) a.inquired++;
    if (c.converted) a.converted++;
    a.buyer_msgs += c.buyerMsgs;
    a.agent_msgs += c.agentMsgs;
    a.responses += c.responses;
    a.response_ms += c.responseMs;
    if (c.responses > 0) {
      a.first_responses++;
      a.first_response_ms += c.firstResponseMs ?? 0;
    }
    if (c.ordered > 0) a.ordered_buyers++;
    if (c.paid > 0) a.paid_buyers++;
  }
  for (const r of input.ratings) {
    if (!inRange(r.at, range)) continue;
    const a = agent(r.agentId);
    a.ratings++;
    if (r.score >= 4) a.satisfied++;
    a.rating_sum += r.score;
  }
  return { contacts: [...byKey.values()], agents, shop, buyers, products };
}
