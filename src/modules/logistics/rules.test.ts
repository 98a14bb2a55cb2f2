import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import {
  calculatePostage, checkOccurredAt, checkTemplate, checkTraceable, COURIER_METHODS, COURIERS, decideCloseCase, decideOpenCase,
  latestTrace, METHODS, type ShippingTemplate,
} from './rules.ts';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected a refusal');
};

const TEMPLATE: ShippingTemplate = {
  first_weight_g: 1000, first_fee: 800, additional_weight_g: 500, additional_fee: 300, free_threshold: 9900,
  region_fees: [{ states: ['新疆', '西藏'], first_fee: 2000, additional_fee: 1000 }],
};

describe('postage by template', () => {
  it('charges the first weight, then each started additional weight', () => {
    expect(calculatePostage(TEMPLATE, { weightG: 1000, itemsTotal: 5000, state: '浙江省' })).toBe(800);
    expect(calculatePostage(TEMPLATE, { weightG: 1001, itemsTotal: 5000, state: '浙江省' })).toBe(1100);
    expect(calculatePostage(TEMPLATE, { weightG: 2500, itemsTotal: 5000, state: '浙江省' })).toBe(800 + 3 * 300);
  });
  it('is free from the threshold on, except to provinces with fees of their own', () => {
    expect(calculatePostage(TEMPLATE, { weightG: 3000, itemsTotal: 9899, state: '浙江省' })).toBe(800 + 4 * 300);
    expect(calculatePostage(TEMPLATE, { weightG: 3000, itemsTotal: 9900, state: '浙江省' })).toBe(0);
    expect(calculatePostage(TEMPLATE, { weightG: 3000, itemsTotal: 9900, state: '新疆维吾尔自治区' })).toBe(2000 + 4 * 1000);
  });
  it('refuses a province named in two regions, also by a shorter name', () => {
    expect(code(() => checkTemplate({ region_fees: [
      { states: ['新疆'], first_fee: 1, additional_fee: 1 }, { states: ['西藏', '新疆维吾尔自治区'], first_fee: 2, additional_fee: 2 },
    ] }))).toBe('REGION_REPEATED');
    expect(code(() => checkTemplate({ region_fees: [{ states: ['青海', '青海'], first_fee: 1, additional_fee: 1 }] }))).toBe('REGION_REPEATED');
    expect(() => checkTemplate(TEMPLATE)).not.toThrow();
  });
});

describe('methods and couriers', () => {
  it('gives every courier at least one method, all of them known', () => {
    for (const c of Object.keys(COURIERS) as (keyof typeof COURIERS)[]) {
      expect(COURIER_METHODS[c].length).toBeGreaterThan(0);
      for (const m of COURIER_METHODS[c]) expect(Object.keys(METHODS)).toContain(m);
    }
    expect(COURIER_METHODS.POSTB).toContain('SURFACE');
  });
});

describe('tracking', () => {
  const now = new Date('2026-11-01T02:00:00Z');
  it('needs a shipped parcel, and refuses an event from the future beyond a courier\'s clock', () => {
    expect(code(() => checkTraceable({ company_code: null, out_sid: null }))).toBe('NOT_SHIPPED');
    expect(checkTraceable({ company_code: 'SF', out_sid: 'SF123456' })).toEqual({ company_code: 'SF', out_sid: 'SF123456' });
    expect(() => checkOccurredAt(new Date(now.getTime() + 4 * 60_000), now)).not.toThrow();
    expect(code(() => checkOccurredAt(new Date(now.getTime() + 6 * 60_000), now))).toBe('EVENT_IN_FUTURE');
  });
  it('takes the latest event by when it happened, not by when it arrived', () => {
    const at = (m: number) => new Date(now.getTime() + m * 60_000);
    expect(latestTrace([{ id: 1, occurred_at: at(10) }, { id: 2, occurred_at: at(5) }])?.id).toBe(1);
    expect(latestTrace([{ id: 1, occurred_at: at(5) }, { id: 2, occurred_at: at(5) }])?.id).toBe(2);
    expect(latestTrace([])).toBeUndefined();
  });
});

describe('parcel problems', () => {
  const shipped = { status: 'WAIT_BUYER_CONFIRM_GOODS', payment: 25000, company_code: 'SF', out_sid: 'SF123456' };
  const paid = { status: 'WAIT_SELLER_SEND_GOODS', payment: 25000, company_code: null, out_sid: null };

  it('opens each kind only in the statuses it allows', () => {
    expect(code(() => decideOpenCase('recall', paid, {}))).toBe('CASE_NOT_ALLOWED');
    expect(code(() => decideOpenCase('recall', { ...shipped, status: 'TRADE_FINISHED' }, {}))).toBe('CASE_NOT_ALLOWED');
    expect(decideOpenCase('recall', shipped, {})).toEqual({ amount: null, detail: {} });
    // Insurance is declared before the parcel leaves, too.
    expect(decideOpenCase('insured_value', paid, { amount: 25000 })).toMatchObject({ amount: 25000 });
    expect(decideOpenCase('claim', { ...shipped, status: 'TRADE_CLOSED' }, { amount: 100 })).toMatchObject({ amount: 100 });
  });
  it('keeps amounts within what the buyer paid, and asks for what each kind needs', () => {
    expect(code(() => decideOpenCase('claim', shipped, {}))).toBe('CASE_AMOUNT_REQUIRED');
    expect(code(() => decideOpenCase('claim', shipped, { amount: 25001 }))).toBe('CASE_AMOUNT_INVALID');
    expect(code(() => decideOpenCase('claim', shipped, { amount: 0 }))).toBe('CASE_AMOUNT_INVALID');
    expect(code(() => decideOpenCase('recall', shipped, { amount: 10 }))).toBe('CASE_AMOUNT_INVALID');
    expect(code(() => decideOpenCase('address_change', shipped, {}))).toBe('CASE_RECEIVER_REQUIRED');
    expect(decideOpenCase('address_change', shipped, { receiver: { receiver_name: '李四' } }).detail).toEqual({ receiver: { receiver_name: '李四' } });
  });
  it('closes once, with an outcome of its kind; a paid claim pays at most what was claimed', () => {
    const claim = { kind: 'claim' as const, status: 'open', amount: 5000 };
    expect(decideCloseCase(claim, { outcome: 'compensated', compensation: 5000 })).toEqual({ outcome: 'compensated', compensation: 5000 });
    expect(code(() => decideCloseCase(claim, { outcome: 'compensated', compensation: 5001 }))).toBe('BAD_COMPENSATION');
    expect(code(() => decideCloseCase(claim, { outcome: 'compensated' }))).toBe('BAD_COMPENSATION');
    expect(code(() => decideCloseCase(claim, { outcome: 'rejected', compensation: 1 }))).toBe('BAD_COMPENSATION');
    expect(code(() => decideCloseCase(claim, { outcome: 'recalled' }))).toBe('BAD_CASE_OUTCOME');
    expect(code(() => decideCloseCase({ ...claim, status: 'closed' }, { outcome: 'rejected' }))).toBe('CASE_CLOSED');
    expect(decideCloseCase({ kind: 'recall', status: 'open', amount: null }, { outcome: 'recalled' })).toEqual({ outcome: 'recalled', compensation: null });
  });
});
