import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  afterAttempt, backoffMs, checkEvents, checkUrl, deliveryBody, deliveryHeaders, matches, MAX_ATTEMPTS, patternsMatching, sign,
  verifySignature,
} from './webhooks-rules.ts';

describe('event names', () => {
  it('match exactly, by area with .*, or all with *', () => {
    expect(matches(['trade.changed'], 'trade.changed')).toBe(true);
    expect(matches(['trade.changed'], 'trade.created')).toBe(false);
    expect(matches(['refund.*'], 'refund.changed')).toBe(true);
    expect(matches(['refund.*'], 'refunds.changed')).toBe(false);
    expect(matches(['review.*'], 'review.followup.closed')).toBe(true);
    expect(matches(['*'], 'message.created')).toBe(true);
  });

  it('list every pattern that matches a name, and no other (the message webhooks ask the database with them)', () => {
    expect(patternsMatching('message.created')).toEqual(['*', 'message.*', 'message.created']);
    const candidates = [
      '*', 'message.*', 'message.created', 'message.created.*', 'message.changed', 'messages.*', 'trade.*', 'review.*',
      'review.followup.*', 'review.followup.closed', 'review.followup', 'review',
    ];
    for (const type of ['message.created', 'review.followup.closed', 'trade.changed']) {
      for (const p of candidates) expect(patternsMatching(type).includes(p), `${p} ~ ${type}`).toBe(matches([p], type));
    }
  });

  it('never deliver events about the webhooks themselves', () => {
    expect(matches(['*'], 'webhook.delivered')).toBe(false);
  });

  it('refuse malformed patterns', () => {
    expect(checkEvents(['trade.*', 'refund.changed', 'trade.*'])).toEqual(['refund.changed', 'trade.*']);
    for (const bad of [[], ['Trade.Changed'], ['trade.*.x'], ['<script>'], ['a'.repeat(81)]]) {
      expect(() => checkEvents(bad), JSON.stringify(bad)).toThrow(/event names/);
    }
  });
});

describe('webhook addresses', () => {
  it('are http(s) without credentials', () => {
    expect(checkUrl('https://erp.example.com/hooks/xiaoer')).toBe('https://erp.example.com/hooks/xiaoer');
    for (const bad of ['ftp://x.example', 'javascript:alert(1)', 'https://user:pw@x.example/', 'not a url', 'file:///etc/passwd']) {
      expect(() => checkUrl(bad), bad).toThrow();
    }
  });
});

describe('signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":1,"event":"trade.changed"}';
  const now = new Date('2025-03-01T08:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);

  it('are HMAC-SHA256 of the timestamp and the body, as a receiver computes it', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(sign(secret, ts, body)).toBe(`v1=${expected}`);
    const headers = deliveryHeaders({ id: 9, event_type: 'trade.changed' }, 2, secret, body, now);
    expect(headers).toMatchObject({ 'x-xiaoer-event': 'trade.changed', 'x-xiaoer-delivery': '9', 'x-xiaoer-attempt': '2', 'x-xiaoer-timestamp': String(ts) });
    expect(verifySignature(secret, { timestamp: headers['x-xiaoer-timestamp'], signature: headers['x-xiaoer-signature'] }, body, now)).toBe(true);
  });

  it('fail for an altered body, another secret, or an old timestamp', () => {
    const signature = sign(secret, ts, body);
    expect(verifySignature(secret, { timestamp: String(ts), signature }, `${body} `, now)).toBe(false);
    expect(verifySignature('whsec_other', { timestamp: String(ts), signature }, body, now)).toBe(false);
    expect(verifySignature(secret, { timestamp: String(ts), signature }, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, { timestamp: undefined, signature }, body, now)).toBe(false);
  });

  it('cover the same bytes on every attempt', () => {
    const d = { id: 3, event_type: 'refund.changed', outbox_id: 77, shop_id: 5, created_at: now, payload: { refund_id: 1 }, is_test: false };
    expect(deliveryBody(d)).toBe(deliveryBody({ ...d }));
    expect(JSON.parse(deliveryBody(d))).toEqual({
      id: 3, event: 'refund.changed', event_id: 77, shop_id: 5, test: false, created_at: now.toISOString(), data: { refund_id: 1 },
    });
  });
});

describe('retries', () => {
  const now = new Date('2025-03-01T08:00:00Z');

  it('back off exponentially, capped', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30)).toBe(6 * 3_600_000);
  });

  it('stop at a 2xx, retry anything else, and give up after the last attempt', () => {
    expect(afterAttempt({ statusCode: 204, error: null }, 1, now)).toEqual({ status: 'delivered', nextAt: null });
    expect(afterAttempt({ statusCode: 500, error: 'HTTP 500' }, 1, now)).toEqual({ status: 'pending', nextAt: new Date(now.getTime() + 30_000) });
    expect(afterAttempt({ statusCode: 302, error: 'HTTP 302' }, 2, now).status).toBe('pending');
    expect(afterAttempt({ statusCode: null, error: 'ECONNREFUSED' }, 3, now).nextAt).toEqual(new Date(now.getTime() + 120_000));
    expect(afterAttempt({ statusCode: 500, error: 'HTTP 500' }, MAX_ATTEMPTS, now)).toEqual({ status: 'failed', nextAt: null });
  });
});
