import { describe, expect, it } from 'vitest';
import { foldDay, type TradeFacts } from './day-fold.ts';
import { isInquiry, lastAgent, replayConversation, type ConversationHistory, type FoldMessage } from './fold.ts';
import {
  checkRange, checkTargets, creditedAgent, dayIn, figures, kpiScore, METRICS, monthRange, zeroCounters, type Counters,
} from './rules.ts';

// 2026-11-01 in Shanghai runs from 2026-10-31T16:00Z to 2026-11-01T16:00Z.
const range = { from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-01T16:00:00Z') };
const at = (hms: string) => new Date(`2026-11-01T${hms}Z`);
const A = 11;
const B = 12;
const buyer = (seq: number, t: string): FoldMessage => ({ seq, sender: 'buyer', agentId: null, at: at(t) });
const agent = (seq: number, id: number, t: string): FoldMessage => ({ seq, sender: 'agent', agentId: id, at: at(t) });

describe('definitions', () => {
  it('name every figure of SPEC §11 in Chinese, each with a one-line definition in both languages', () => {
    expect(METRICS).toHaveLength(15);
    for (const m of METRICS) expect(m.definition.length > 5 && m.definition_en.length > 5 && !m.definition.includes('\n')).toBe(true);
  });

  it('derive the figures from the counters, and leave a figure with nothing to divide by empty', () => {
    const c: Counters = { ...zeroCounters(), consulted: 4, received: 3, inquired: 2, converted: 1, buyer_msgs: 10, agent_msgs: 15,
      responses: 4, response_ms: 50_000, first_responses: 3, first_response_ms: 36_000, paid_buyers: 2, paid_trades: 4,
      sales: 30_001, items: 5, refunded_trades: 1, ratings: 4, satisfied: 3 };
    expect(figures(c)).toEqual({
      consulted: 4, received: 3, inquired: 2, ordered_buyers: 0, paid_buyers: 2, conversion_rate: 0.5, sales: 30_001,
      avg_order_value: 15_001, items_per_buyer: 2.5, first_response_s: 12, avg_response_s: 12.5, reply_rate: 0.75,
      answer_ratio: 1.5, satisfaction: 0.75, refund_rate: 0.25,
    });
    const none = figures(zeroCounters());
    expect([none.conversion_rate, none.avg_order_value, none.first_response_s, none.reply_rate, none.satisfaction]).toEqual([null, null, null, null, null]);
  });

  it('credit a paid trade by the rule: 下单优先, 付款, 下单', () => {
    expect(creditedAgent('order_first', A, B)).toBe(A);
    expect(creditedAgent('order_first', null, B)).toBe(B);
    expect(creditedAgent('payment', A, B)).toBe(B);
    expect(creditedAgent('order', null, B)).toBeNull();
  });

  it('find the agent who served last within the window: the latest agent message by then', () => {
    const msgs = [{ agentId: B, at: at('01:00:00') }, { agentId: A, at: at('03:00:00') }, { agentId: 9, at: at('03:00:00') }];
    expect(lastAgent(msgs, at('04:00:00'), 3)).toBe(9);
    expect(lastAgent(msgs, at('02:00:00'), 3)).toBe(B);
    expect(lastAgent(msgs, new Date('2026-11-05T00:00:00Z'), 3)).toBeNull(); // more than 3 days before
    expect(isInquiry(at('05:00:00'), [new Date('2026-10-30T05:00:00Z')], 3)).toBe(false);
    expect(isInquiry(at('05:00:00'), [new Date('2026-10-28T04:00:00Z'), at('06:00:00')], 3)).toBe(true);
  });

  it('score a month against weighted targets, lower-is-better figures from above, capped at 100 %', () => {
    const f = figures({ ...zeroCounters(), sales: 150_000, paid_buyers: 1, first_responses: 1, first_response_ms: 20_000 });
    const s = kpiScore(f, [{ metric: 'sales', target: 100_000, weight: 50 }, { metric: 'first_response_s', target: 10, weight: 30 },
      { metric: 'satisfaction', target: 0.9, weight: 20 }]);
    // 50 × 100 % + 30 × (10 / 20) + 20 × 0 (no ratings) = 65
    expect(s.score).toBe(65);
    expect(s.parts.map((p) => p.achievement)).toEqual([1, 0.5, 0]);
    expect(() => checkTargets([{ metric: 'sales', target: 1, weight: 101 }])).toThrow(/weight/);
    expect(() => checkTargets([{ metric: 'reply_rate', target: 1.5, weight: 1 }])).toThrow(/target/i);
  });

  it('check days, ranges and months, and place an instant in the shop’s day', () => {
    expect(dayIn(new Date('2026-10-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-01');
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(checkRange('2026-11-01', '2026-11-30').days).toBe(30);
    expect(() => checkRange('2026-11-02', '2026-11-01')).toThrow();
    expect(() => checkRange('2026-11-31', '2026-12-01')).toThrow();
  });
});

describe('a conversation replayed', () => {
  it('times each answer from the earliest unanswered question, and the first one of the day apart', () => {
    const h: ConversationHistory = {
      buyerId: 1, waitingSince: null,
      marks: [{ agentId: A, startSeq: 1, endSeq: null, assignedAt: at('02:00:02') }],
      messages: [
        buyer(1, '02:00:00'), // written before A got it: received at 02:00:02
        agent(2, A, '02:00:32'), // 30 s after A got it
        buyer(3, '02:01:00'), buyer(4, '02:01:05'),
        agent(5, A, '02:01:20'), agent(6, A, '02:01:25'), // 20 s from the first of the two; the second answer answers nothing
      ],
    };
    const [c] = replayConversation(h, range);
    expect(c).toMatchObject({ agentId: A, buyerMsgs: 3, agentMsgs: 3, responses: 2, responseMs: 50_000, firstResponseMs: 30_000,
      firstBuyerAt: at('02:00:02'), firstAgentAt: at('02:00:32') });
  });

  it("gives 留言 to the agent who takes them, and a transferred buyer's wait to the new agent from the transfer", () => {
    const h: ConversationHistory = {
      buyerId: 1, waitingSince: null,
      marks: [
        { agentId: A, startSeq: 2, endSeq: 4, assignedAt: at('08:00:00') }, // 2 messages left overnight
        { agentId: B, startSeq: 4, endSeq: null, assignedAt: at('08:05:00') }, // A passes it on with a question unanswered
      ],
      messages: [
        { seq: 1, sender: 'buyer', agentId: null, at: new Date('2026-10-31T15:00:00Z') }, // 23:00 the day before
        buyer(2, '07:30:00'),
        agent(3, A, '08:01:00'),
        buyer(4, '08:04:00'),
        agent(5, B, '08:05:10'),
      ],
    };
    const contacts = replayConversation(h, range);
    expect(contacts.find((c) => c.agentId === A)).toMatchObject({ buyerMsgs: 3, agentMsgs: 1, responses: 1, responseMs: 60_000 });
    expect(contacts.find((c) => c.agentId === B)).toMatchObject({ buyerMsgs: 0, agentMsgs: 1, responses: 1, responseMs: 10_000 });
  });

  it('counts only what falls within the day, yet remembers a question left from the day before', () => {
    const h: ConversationHistory = {
      buyerId: 1, waitingSince: null,
      marks: [{ agentId: A, startSeq: 0, endSeq: null, assignedAt: new Date('2026-10-31T15:50:00Z') }],
      messages: [
        { seq: 1, sender: 'buyer', agentId: null, at: new Date('2026-10-31T15:59:00Z') }, // 23:59
        agent(2, A, '00:01:00'), // 08:01 the next morning in Shanghai
      ],
    };
    const [c] = replayConversation(h, range);
    // The question counts on the day before; the answer, 8 h 2 min later, on this day.
    expect(c).toMatchObject({ buyerMsgs: 0, agentMsgs: 1, responses: 1, responseMs: (8 * 60 + 2) * 60_000 });
  });
});

describe('a day folded', () => {
  const trade = (over: Partial<TradeFacts>): TradeFacts => ({
    tid: 1, buyerId: 1, created: at('03:00:00'), payTime: at('03:10:00'), orderAgentId: A, payAgentId: A, payment: 10_000,
    items: 2, lines: [{ numIid: 7, num: 2, totalFee: 10_000 }], refunded: false, refundFee: 0, ...over,
  });

  it('turns contacts, trades and ratings into per-agent counters, with conversion, silent sales and refunds', () => {
    const contacts = replayConversation({
      buyerId: 1, waitingSince: null, marks: [{ agentId: A, startSeq: 0, endSeq: null, assignedAt: at('02:00:00') }],
      messages: [buyer(1, '02:00:00'), agent(2, A, '02:00:10')],
    }, range);
    const r = foldDay({
      range, rule: 'order_first', windowDays: 3, contacts,
      trades: [trade({}), trade({ tid: 2, buyerId: 2, orderAgentId: null, payAgentId: null, refunded: true, refundFee: 5000 }),
        trade({ tid: 3, buyerId: 1, payTime: null, orderAgentId: A })],
      tradesCreatedByBuyer: new Map([[1, [at('03:00:00')]]]),
      paymentsByBuyer: new Map([[1, [{ agentId: A, payTime: at('03:10:00') }]]]),
      ratings: [{ agentId: A, score: 4, at: at('05:00:00') }, { agentId: A, score: 3, at: at('06:00:00') }],
    });
    expect(r.agents.get(A)).toMatchObject({ consulted: 1, received: 1, inquired: 1, converted: 1, ordered_buyers: 1, paid_buyers: 1,
      paid_trades: 1, sales: 10_000, items: 2, ratings: 2, satisfied: 1, rating_sum: 7, first_response_ms: 10_000 });
    expect(r.shop).toEqual({ trades: 3, ordered_buyers: 2, paid_trades: 2, paid_buyers: 2, sales: 20_000, items: 4, refunded_trades: 1, refund_fee: 5000 });
    expect(r.products.get(7)).toEqual({ paid_trades: 2, items: 4, sales: 20_000 });
    expect(r.contacts.find((c) => c.agentId === A)).toMatchObject({ ordered: 2, paid: 1, converted: true });
  });
});
