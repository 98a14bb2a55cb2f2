import { describe, expect, it } from 'vitest';
import { HeardMessages } from './heard.ts';

const at = new Date('2026-11-01T02:00:00Z');
const msg = (seq: number, senderKind: 'buyer' | 'agent' | 'system' = 'buyer', conversationId = 1) =>
  ({ conversationId, seq, senderKind, senderId: senderKind === 'agent' ? 7 : senderKind === 'buyer' ? 3 : null, at });

describe('the messages the folder heard of', () => {
  it('gives a run only when every message of it was heard, system messages taking their number and counting nothing', () => {
    const heard = new HeardMessages();
    heard.add([msg(1), msg(3, 'agent')]);
    heard.add([msg(2, 'system')]); // told a little out of order
    expect(heard.between(1, 0, 3)).toEqual([
      { seq: 1, sender: 'buyer', agentId: null, at }, { seq: 3, sender: 'agent', agentId: 7, at },
    ]);
    expect(heard.between(1, 1, 2)).toEqual([]);
    expect(heard.between(1, 3, 3)).toEqual([]);
    // A number it did not hear (another node's message, or one taken by a resend): read from the database instead.
    expect(heard.between(1, 0, 4)).toBeUndefined();
    heard.add([msg(5)]);
    expect(heard.between(1, 3, 5)).toBeUndefined();
    expect(heard.between(2, 0, 1)).toBeUndefined();
    // An agent's message whose sender is not named (none is, today) still counts as the agent side's.
    heard.add([{ conversationId: 3, seq: 1, senderKind: 'agent', senderId: null, at }]);
    expect(heard.between(3, 0, 1)).toEqual([{ seq: 1, sender: 'agent', agentId: null, at }]);
  });

  it('forgets what is folded in, and everything when too much waits', () => {
    const heard = new HeardMessages(4);
    heard.add([msg(1), msg(2), msg(3)]);
    heard.forget(1, 2);
    expect(heard.between(1, 0, 3)).toBeUndefined();
    expect(heard.between(1, 2, 3)).toHaveLength(1);
    heard.add([msg(4), msg(1, 'buyer', 2), msg(2, 'buyer', 2)]);
    expect(heard.between(1, 2, 4)).toHaveLength(2);
    heard.add([msg(3, 'buyer', 2)]); // a fifth waiting message: all before it is forgotten
    expect(heard.between(1, 2, 4)).toBeUndefined();
    expect(heard.between(2, 0, 2)).toBeUndefined();
    expect(heard.between(2, 2, 3)).toHaveLength(1);
  });
});
