import { describe, expect, it } from 'vitest';
import { boardFingerprint, checkAcknowledge, checkRubric, checkScores, presentBoard, supervises, TEMPLATE_RUBRIC } from './rules.ts';

const now = new Date('2026-11-01T02:10:00Z');
const agent = (over = {}) => ({
  account_id: 5, login: 'shop:小美', name: '小美', role: 'service', status: 'online', reception_limit: 4,
  status_changed_at: new Date('2026-11-01T01:00:00Z'), active: 3, waiting_since: new Date('2026-11-01T02:08:30Z'), waiting_conversation_id: 9, ...over,
});
const conversation = (over = {}) => ({
  id: 9, buyer_nick: '买家', agent_id: 5, status: 'active', situation: 'presales', assigned_at: new Date('2026-11-01T02:00:00Z'),
  queued_at: null, last_message_at: new Date('2026-11-01T02:08:30Z'), waiting_since: new Date('2026-11-01T02:08:30Z'), ...over,
});

describe('supervision rules', () => {
  it('keeps the board to the owner and supervisors', () => {
    expect(supervises({ id: 1, role: 'service', isMain: false, permissions: [] })).toBe(false);
    expect(supervises({ id: 1, role: 'service', isMain: false, permissions: ['suspend.approve'] })).toBe(true);
    expect(supervises({ id: 1, role: 'owner', isMain: true, permissions: [] })).toBe(true);
  });

  it("shows each agent's load and longest wait, and the queue's oldest buyer, in seconds as of now", () => {
    const b = presentBoard([agent(), agent({ account_id: 6, reception_limit: 0, active: 0, waiting_since: null, waiting_conversation_id: null })], [
      conversation(),
      conversation({ id: 10, agent_id: null, status: 'queued', queued_at: new Date('2026-11-01T02:07:00Z'), waiting_since: new Date('2026-11-01T02:07:00Z') }),
      conversation({ id: 11, agent_id: null, status: 'waiting', queued_at: new Date('2026-11-01T01:00:00Z'), waiting_since: new Date('2026-11-01T01:00:00Z') }),
    ], now);
    expect(b.agents[0]).toMatchObject({ load: 0.75, longest_wait: { conversation_id: 9, seconds: 90 } });
    expect(b.agents[1]).toMatchObject({ load: null, longest_wait: null });
    expect(b.queue).toMatchObject({ queued: 1, waiting: 1, longest_queue_wait_s: 180, longest_message_wait_s: 4200 });
    // The clock moving on alone is no change to push.
    const later = presentBoard([agent()], [conversation()], new Date(now.getTime() + 5000));
    expect(boardFingerprint(later)).toBe(boardFingerprint(presentBoard([agent()], [conversation()], now)));
    expect(boardFingerprint(presentBoard([agent({ active: 4 })], [conversation()], now))).not.toBe(boardFingerprint(later));
  });

  it('checks rubrics and scores item by item', () => {
    expect(checkRubric(TEMPLATE_RUBRIC).reduce((s, i) => s + i.max_score, 0)).toBe(100);
    expect(() => checkRubric([])).toThrow();
    expect(() => checkRubric([{ key: 'A', name: 'x', max_score: 5 }])).toThrow();
    expect(() => checkRubric([{ key: 'a', name: 'x', max_score: 0 }])).toThrow();
    const items = [{ key: 'a', name: '礼貌', max_score: 10 }, { key: 'b', name: '准确', max_score: 20 }];
    expect(checkScores(items, { a: 8, b: 15 })).toEqual({ total: 23, max: 30 });
    expect(() => checkScores(items, { a: 8 })).toThrow(/missing/);
    expect(() => checkScores(items, { a: 11, b: 1 })).toThrow(/0 to 10/);
    expect(() => checkScores(items, { a: 1.5, b: 1 })).toThrow();
    expect(() => checkScores(items, { a: 1, b: 1 }, { c: 'x' })).toThrow(/No such item/);
  });

  it('lets only the agent reviewed acknowledge, once scored', () => {
    expect(() => checkAcknowledge({ status: 'scored', agent_id: 5 }, 6)).toThrow(/Only the agent/);
    expect(() => checkAcknowledge({ status: 'pending', agent_id: 5 }, 5)).toThrow(/not been scored/);
    expect(() => checkAcknowledge({ status: 'scored', agent_id: 5 }, 5)).not.toThrow();
  });
});
