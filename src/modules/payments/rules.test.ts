import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { callbackPays, checkNoticePending, decideBankTransfer, decideNotice } from './rules.ts';
import { sign, signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected a refusal');
};
const now = new Date('2026-11-01T02:00:00Z');
const unpaid = { status: 'WAIT_BUYER_PAY', payment: 25000 };

describe('signed requests', () => {
  const body = '{"notify_id":"n1","tid":1}';
  const ts = String(now.getTime() / 1000);
  const headers = (h: Record<string, string>) => ({ timestamp: h[TIMESTAMP_HEADER], signature: h[SIGNATURE_HEADER] });

  it('accepts the HMAC-SHA256 of "timestamp.body" under the secret, within five minutes either way', () => {
    expect(sign('s3cret', ts, body)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => verifySignature('s3cret', headers(signedHeaders('s3cret', body, now)), body, now)).not.toThrow();
    expect(() => verifySignature('s3cret', headers(signedHeaders('s3cret', body, new Date(now.getTime() - 299_000))), body, now)).not.toThrow();
    expect(code(() => verifySignature('s3cret', headers(signedHeaders('s3cret', body, new Date(now.getTime() - 301_000))), body, now)))
      .toBe('STALE_TIMESTAMP');
    expect(code(() => verifySignature('s3cret', headers(signedHeaders('s3cret', body, new Date(now.getTime() + 301_000))), body, now)))
      .toBe('STALE_TIMESTAMP');
  });
  it('refuses another secret, a changed body or timestamp, missing headers, and a sender with no secret', () => {
    const h = headers(signedHeaders('s3cret', body, now));
    expect(code(() => verifySignature('other', h, body, now))).toBe('BAD_SIGNATURE');
    expect(code(() => verifySignature('s3cret', h, body.replace('n1', 'n2'), now))).toBe('BAD_SIGNATURE');
    expect(code(() => verifySignature('s3cret', { ...h, timestamp: String(Number(h.timestamp) + 1) }, body, now))).toBe('BAD_SIGNATURE');
    expect(code(() => verifySignature('s3cret', { timestamp: h.timestamp }, body, now))).toBe('BAD_SIGNATURE');
    expect(code(() => verifySignature('s3cret', { ...h, signature: 'zz' }, body, now))).toBe('BAD_SIGNATURE');
    expect(code(() => verifySignature(null, h, body, now))).toBe('BAD_SIGNATURE');
  });
});

describe('provider callbacks', () => {
  it('pays on TRADE_SUCCESS only', () => {
    expect(callbackPays('TRADE_SUCCESS')).toBe(true);
    expect(callbackPays('WAIT_BUYER_PAY')).toBe(false);
    expect(callbackPays('TRADE_CLOSED')).toBe(false);
  });
});

describe('bank transfer', () => {
  const transfer = { amount: 25000, received_at: now };
  it('records a transfer of exactly what is due, on an unpaid trade, not received in the future', () => {
    expect(() => decideBankTransfer(unpaid, transfer, undefined, 1, now)).not.toThrow();
    expect(code(() => decideBankTransfer(unpaid, { ...transfer, amount: 24999 }, undefined, 1, now))).toBe('TRANSFER_AMOUNT_MISMATCH');
    expect(code(() => decideBankTransfer({ ...unpaid, status: 'WAIT_SELLER_SEND_GOODS' }, transfer, undefined, 1, now))).toBe('TRADE_NOT_PAYABLE');
    expect(code(() => decideBankTransfer(unpaid, { ...transfer, received_at: new Date(now.getTime() + 3_600_000) }, undefined, 1, now)))
      .toBe('TIME_IN_FUTURE');
  });
  it('decides a notice once, and only for its own trade', () => {
    expect(() => decideBankTransfer(unpaid, transfer, { status: 'pending', tid: 1 }, 1, now)).not.toThrow();
    expect(code(() => decideBankTransfer(unpaid, transfer, { status: 'pending', tid: 2 }, 1, now))).toBe('NOTICE_NOT_FOR_TRADE');
    expect(code(() => checkNoticePending({ status: 'recorded', tid: 1 }, 1))).toBe('NOTICE_DECIDED');
    expect(code(() => checkNoticePending({ status: 'rejected', tid: 1 }, 1))).toBe('NOTICE_DECIDED');
  });
  it('takes a buyer\'s notice on an unpaid trade only', () => {
    expect(() => decideNotice(unpaid, { paid_at: now }, now)).not.toThrow();
    expect(code(() => decideNotice({ status: 'TRADE_CLOSED_BY_TAOBAO' }, { paid_at: now }, now))).toBe('TRADE_NOT_PAYABLE');
    expect(code(() => decideNotice(unpaid, { paid_at: new Date(now.getTime() + 86_400_000) }, now))).toBe('TIME_IN_FUTURE');
  });
});
