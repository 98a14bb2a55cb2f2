import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  bucketIsFull, checkImage, checkRating, emojiBody, Outgoing, parsePayload, ratingSession, relayTyping, systemBody, takeToken, textBody,
  TEXT_MAX_CHARS, type Bucket, type SystemNote,
} from './rules.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'none';
};

describe('what a client may send', () => {
  it('accepts each kind with its own fields and nothing else', () => {
    expect(parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a-1', text: 'hi' })).toEqual({ kind: 'text', client_msg_id: 'a-1', text: 'hi' });
    expect(parsePayload(Outgoing, { kind: 'product', client_msg_id: 'a', num_iid: 600000000001 }).kind).toBe('product');
    expect(code(() => parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a', text: 'hi', shop_id: 3 }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'html', client_msg_id: 'a', text: 'hi' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'text', client_msg_id: 'a b', text: 'hi' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, { kind: 'trade', client_msg_id: 'a', tid: '3000' }))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, 'text'))).toBe('BAD_PAYLOAD');
    expect(code(() => parsePayload(Outgoing, null))).toBe('BAD_PAYLOAD');
  });

  it('keeps text as text: trimmed, control characters dropped, markup untouched, length limited', () => {
    expect(textBody('  <b>你好</b>\u0007 ')).toEqual({ text: '<b>你好</b>' });
    expect(textBody('第一行\n第二行')).toEqual({ text: '第一行\n第二行' });
    expect(textBody('a\ud800b')).toEqual({ text: 'a\ufffdb' });
    expect(code(() => textBody('  \u0000 '))).toBe('EMPTY_MESSAGE');
    expect(code(() => textBody('好'.repeat(TEXT_MAX_CHARS + 1)))).toBe('MESSAGE_TOO_LONG');
    expect(code(() => textBody('好'.repeat(TEXT_MAX_CHARS)))).toBe('none');
  });

  it('knows its expressions', () => {
    expect(emojiBody('微笑')).toEqual({ code: '微笑', char: '🙂' });
    expect(code(() => emojiBody('<img>'))).toBe('UNKNOWN_EMOJI');
  });

  it('takes images by their bytes, within the size limit', () => {
    expect(checkImage({ mime: 'image/png' }, 100)).toBe('image/png');
    expect(code(() => checkImage({ mime: 'image/svg+xml' }, 100))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(code(() => checkImage(undefined, 100))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(code(() => checkImage({ mime: 'image/png' }, 6 * 1024 * 1024))).toBe('FILE_TOO_LARGE');
  });
});

describe('how fast a sender may go', () => {
  it('lets a burst of `limit` through, then one more per window / limit', () => {
    const bucket: Bucket = { tokens: 20, at: 0 };
    for (let i = 0; i < 20; i++) expect(takeToken(bucket, 0, 20, 10_000)).toBe(0);
    expect(takeToken(bucket, 0, 20, 10_000)).toBe(500);
    expect(takeToken(bucket, 499, 20, 10_000)).toBe(1);
    expect(takeToken(bucket, 500, 20, 10_000)).toBe(0);
    expect(takeToken(bucket, 500, 20, 10_000)).toBe(500);
    expect(bucketIsFull(bucket, 5000, 20, 10_000)).toBe(false);
    expect(bucketIsFull(bucket, 10_500, 20, 10_000)).toBe(true);
    // A refill never goes above the limit, and a clock set back gives nothing.
    expect(takeToken(bucket, 1_000_000, 20, 10_000)).toBe(0);
    expect(bucket.tokens).toBe(19);
    expect(takeToken(bucket, 0, 20, 10_000)).toBe(0);
    expect(bucket.tokens).toBe(18);
  });

  it('relays a change of typing state, and the same state again only after the interval', () => {
    expect(relayTyping(undefined, true, 0, 2000)).toBe(true);
    expect(relayTyping({ typing: true, at: 0 }, true, 1999, 2000)).toBe(false);
    expect(relayTyping({ typing: true, at: 0 }, true, 2000, 2000)).toBe(true);
    expect(relayTyping({ typing: true, at: 0 }, false, 300, 2000)).toBe(true);
    expect(relayTyping({ typing: true, at: 0 }, false, 100, 2000)).toBe(false);
  });
});

describe('system messages', () => {
  const 小美 = { id: 1, name: '小美' };
  const 小林 = { id: 2, name: '小林' };
  it('tell the buyer in Chinese and English what happened, with its details', () => {
    const notes: SystemNote[] = [
      { event: 'transferred', from: 小美, to: 小林 },
      { event: 'reassigned', from: null, to: 小林 },
      { event: 'ended', by: 'agent', agentId: 1 },
      { event: 'ended', by: 'idle', agentId: 1 },
      { event: 'handed_over', from: 小美, to: 小林, status: 'active' },
      { event: 'handed_over', from: 小美, to: null, status: 'queued' },
      { event: 'handed_over', from: 小美, to: null, status: 'waiting' },
      { event: 'rating_invited', agent: 小美 },
      { event: 'rated', score: 5, comment: '很耐心', agentId: 1 },
    ];
    const bodies = notes.map(systemBody);
    for (const [i, b] of bodies.entries()) {
      expect(b.event).toBe(notes[i].event);
      expect(b.text).toMatch(/[\u4e00-\u9fff]/);
      expect(b.text_en).toMatch(/^[\x20-\x7e\u4e00-\u9fff（）]+$/);
    }
    expect(bodies[0]).toMatchObject({ text: '客服 小林 将继续为您服务（由 小美 转接）', from_agent: 小美, to_agent: 小林 });
    expect(bodies[4].text).toContain('小林');
    expect(new Set(bodies.slice(4, 7).map((b) => b.text)).size).toBe(3);
    expect(bodies[8]).toMatchObject({ score: 5, label: '非常满意', label_en: 'Very satisfied', comment: '很耐心' });
  });

  it('never carry a transfer note: the note is not even part of what they are built from', () => {
    const body = systemBody({ event: 'transferred', from: 小美, to: 小林, note: '内部备注' } as SystemNote);
    expect(JSON.stringify(body)).not.toContain('内部备注');
  });
});

describe('satisfaction ratings (满意度评价)', () => {
  it('take a whole score from 1 to 5 and a comment of at most 200 characters', () => {
    expect(checkRating(5, undefined)).toEqual({ score: 5, comment: null });
    expect(checkRating(1, '  太慢了\u0007 ')).toEqual({ score: 1, comment: '太慢了' });
    expect(checkRating(3, '   ')).toEqual({ score: 3, comment: null });
    for (const bad of [0, 6, 4.5, '5', null, undefined, NaN]) expect(code(() => checkRating(bad, undefined))).toBe('BAD_RATING_SCORE');
    expect(code(() => checkRating(4, 42))).toBe('BAD_RATING_COMMENT');
    expect(code(() => checkRating(4, '好'.repeat(201)))).toBe('RATING_COMMENT_TOO_LONG');
    expect(checkRating(4, '好'.repeat(200)).comment).toHaveLength(200);
  });

  it('belong to the session in progress, or to the one that ended less than a day ago', () => {
    const now = new Date('2026-11-02T00:00:00Z');
    const endedAt = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
    expect(ratingSession({ status: 'active', sessionsEnded: 2, endedAt: endedAt(48) }, now)).toBe(2);
    expect(ratingSession({ status: 'ended', sessionsEnded: 3, endedAt: endedAt(23) }, now)).toBe(2);
    expect(ratingSession({ status: 'ended', sessionsEnded: 3, endedAt: endedAt(24) }, now)).toBe(2);
    expect(code(() => ratingSession({ status: 'ended', sessionsEnded: 3, endedAt: endedAt(25) }, now))).toBe('RATING_CLOSED');
    for (const status of ['new', 'waiting', 'queued']) {
      expect(code(() => ratingSession({ status, sessionsEnded: 0, endedAt: null }, now))).toBe('RATING_NOT_OPEN');
    }
  });
});
