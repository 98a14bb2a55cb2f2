import { AppError } from '../../errors.ts';

/** Couriers by the platform's company codes (logistics.companies.get). */
export const COURIERS = {
  SF: '顺丰速运',
  EMS: 'EMS',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  YUNDA: '韵达快递',
  JD: '京东物流',
  DBL: '德邦物流',
  POSTB: '邮政快递包裹',
  HTKY: '极兔速递',
} as const;
export type CompanyCode = keyof typeof COURIERS;

export const isCourier = (code: string): code is CompanyCode => Object.hasOwn(COURIERS, code);

/** A tracking number as couriers print them: letters, digits and dashes. */
export const OUT_SID = /^[A-Za-z0-9-]{6,40}$/;

export interface RegionFee {
  states: string[];
  first_fee: number;
  additional_fee: number;
}

export interface ShippingTemplate {
  first_weight_g: number;
  first_fee: number;
  additional_weight_g: number;
  additional_fee: number;
  free_threshold: number | null;
  region_fees: RegionFee[];
}

/**
 * Postage in fen: the first weight at the first fee, each started additional weight at the additional fee,
 * with the fees of the receiver's province where the template names it. Free from the threshold on, except to
 * the provinces with fees of their own (偏远地区不包邮, as shops say).
 */
export function calculatePostage(t: ShippingTemplate, parcel: { weightG: number; itemsTotal: number; state: string }) {
  const region = t.region_fees.find((r) => r.states.some((s) => parcel.state.startsWith(s)));
  if (!region && t.free_threshold !== null && parcel.itemsTotal >= t.free_threshold) return 0;
  const first = region?.first_fee ?? t.first_fee;
  const additional = region?.additional_fee ?? t.additional_fee;
  const extraWeight = Math.max(0, parcel.weightG - t.first_weight_g);
  return first + Math.ceil(extraWeight / t.additional_weight_g) * additional;
}

/** Ways of sending a parcel (seed 000): 平邮, 快递, EMS, 货运, and international parcels (国际邮包). */
export const METHODS = {
  SURFACE: '平邮',
  EXPRESS: '快递',
  EMS: 'EMS',
  FREIGHT: '货运',
  INTERNATIONAL: '国际邮包',
} as const;
export type Method = keyof typeof METHODS;
export const METHOD_CODES = Object.keys(METHODS) as [Method, ...Method[]];

/** The methods each courier offers, so the warehouse picks a courier that carries what the buyer chose. */
export const COURIER_METHODS: Record<CompanyCode, Method[]> = {
  SF: ['EXPRESS', 'INTERNATIONAL'],
  EMS: ['EMS', 'INTERNATIONAL'],
  ZTO: ['EXPRESS'],
  YTO: ['EXPRESS'],
  STO: ['EXPRESS'],
  YUNDA: ['EXPRESS'],
  JD: ['EXPRESS', 'FREIGHT'],
  DBL: ['EXPRESS', 'FREIGHT'],
  POSTB: ['SURFACE', 'EXPRESS'],
  HTKY: ['EXPRESS'],
};

const refuse = (code: string, status: number, zh: string, en: string, details?: unknown) =>
  new AppError(code, status, zh, en, details);

/** A template names each province in one region at most, or the fee for it would depend on the order of regions. */
export function checkTemplate(t: Pick<ShippingTemplate, 'region_fees'>) {
  const seen = new Map<string, number>();
  t.region_fees.forEach((region, i) => {
    for (const state of region.states) {
      const earlier = [...seen.keys()].find((s) => s.startsWith(state) || state.startsWith(s));
      if (earlier !== undefined) {
        throw refuse('REGION_REPEATED', 400, `「${state}」在多个地区运费中出现`,
          `"${state}" appears in more than one region`, { state, regions: [seen.get(earlier), i] });
      }
      seen.set(state, i);
    }
  });
}

/** Tracking statuses, as couriers report them (揽收 → 运输 → 派件 → 签收, or 问题件 / 退回). */
export const TRACE_STATUSES = {
  ACCEPT: '已揽收',
  TRANSPORT: '运输中',
  DELIVERING: '派送中',
  SIGN: '已签收',
  FAILED: '问题件',
  RETURN: '退回中',
} as const;
export type TraceStatus = keyof typeof TRACE_STATUSES;
export const TRACE_STATUS_CODES = Object.keys(TRACE_STATUSES) as [TraceStatus, ...TraceStatus[]];

/** A parcel's tracking can be entered once it has a tracking number, that is once the trade has shipped. */
export function checkTraceable(trade: { company_code: string | null; out_sid: string | null }) {
  if (!trade.company_code || !trade.out_sid) {
    throw refuse('NOT_SHIPPED', 409, '该交易尚未发货，没有运单号', 'This trade has not shipped: it has no tracking number');
  }
  return { company_code: trade.company_code, out_sid: trade.out_sid };
}

/** An event happens before it is told, give or take a courier's clock: one from the future is a typo. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export function checkOccurredAt(occurredAt: Date, now: Date) {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw refuse('EVENT_IN_FUTURE', 400, '物流事件时间不能晚于当前时间', 'A tracking event cannot happen in the future',
      { occurred_at: occurredAt.toISOString() });
  }
}

/** The parcel's state now: the latest event by when it happened (entry order breaks ties). */
export function latestTrace<T extends { occurred_at: Date; id: number }>(events: readonly T[]): T | undefined {
  return events.reduce<T | undefined>((last, e) =>
    !last || e.occurred_at.getTime() > last.occurred_at.getTime()
    || (e.occurred_at.getTime() === last.occurred_at.getTime() && e.id > last.id) ? e : last, undefined);
}

/**
 * Parcel problems (seed 000: 包裹撤回、地址更改、保价、问题件退回、索赔): in which trade statuses each may be raised,
 * and the outcomes that close it. A case other than insurance needs the parcel's tracking number.
 */
export const CASE_KINDS = {
  address_change: {
    name: '地址更改', statuses: ['WAIT_BUYER_CONFIRM_GOODS'], outcomes: { changed: '已改址', failed: '改址失败' },
  },
  recall: {
    name: '包裹撤回', statuses: ['WAIT_BUYER_CONFIRM_GOODS'], outcomes: { recalled: '已撤回', failed: '撤回失败' },
  },
  insured_value: {
    name: '保价', statuses: ['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS'],
    outcomes: { insured: '已保价', refused: '未能保价' },
  },
  return_to_sender: {
    name: '问题件退回', statuses: ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED'],
    outcomes: { returned: '已退回', redelivered: '已重新派送' },
  },
  claim: {
    name: '索赔', statuses: ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED'],
    outcomes: { compensated: '已赔付', rejected: '索赔被拒' },
  },
} as const satisfies Record<string, { name: string; statuses: readonly string[]; outcomes: Record<string, string> }>;
export type CaseKind = keyof typeof CASE_KINDS;
export const CASE_KIND_CODES = Object.keys(CASE_KINDS) as [CaseKind, ...CaseKind[]];
export const CASE_OUTCOMES = [...new Set(CASE_KIND_CODES.flatMap((k) => Object.keys(CASE_KINDS[k].outcomes)))] as [string, ...string[]];

export interface CaseTrade {
  status: string;
  payment: number;
  company_code: string | null;
  out_sid: string | null;
}

/** Opening a case: the trade is in a status the kind allows; an amount (insured or claimed) is within what was paid. */
export function decideOpenCase(
  kind: CaseKind, trade: CaseTrade, input: { amount?: number | null; receiver?: Record<string, string> | null },
) {
  const spec = CASE_KINDS[kind];
  if (!(spec.statuses as readonly string[]).includes(trade.status)) {
    throw refuse('CASE_NOT_ALLOWED', 409, `交易当前状态下不能登记「${spec.name}」`,
      `A ${kind} case cannot be opened for a trade in ${trade.status}`, { kind, status: trade.status });
  }
  if (kind !== 'insured_value') checkTraceable(trade);
  const needsAmount = kind === 'insured_value' || kind === 'claim';
  const amount = input.amount ?? null;
  if (needsAmount && amount === null) {
    throw refuse('CASE_AMOUNT_REQUIRED', 400, `「${spec.name}」须填写金额（分）`, `A ${kind} case needs an amount in fen`);
  }
  if (amount !== null && (!needsAmount || !Number.isSafeInteger(amount) || amount < 1 || amount > trade.payment)) {
    throw refuse('CASE_AMOUNT_INVALID', 400, `金额须为 1 到 ${trade.payment} 分（买家实付）`,
      `The amount must be 1 to ${trade.payment} fen (what the buyer paid)`, { max: trade.payment });
  }
  if (kind === 'address_change' && !input.receiver) {
    throw refuse('CASE_RECEIVER_REQUIRED', 400, '地址更改须填写新的收货信息', 'An address change needs the new receiver');
  }
  return { amount, detail: kind === 'address_change' ? { receiver: input.receiver } : {} };
}

/** Closing a case with one of its kind's outcomes; a claim paid out says how much, at most what was claimed. */
export function decideCloseCase(
  c: { kind: CaseKind; status: string; amount: number | null },
  input: { outcome: string; compensation?: number | null },
) {
  if (c.status !== 'open') throw refuse('CASE_CLOSED', 409, '该问题件已处理完毕', 'This case is closed already');
  const outcomes = CASE_KINDS[c.kind].outcomes as Record<string, string>;
  if (!Object.hasOwn(outcomes, input.outcome)) {
    throw refuse('BAD_CASE_OUTCOME', 400, `处理结果须为：${Object.keys(outcomes).join('、')}`,
      `The outcome of a ${c.kind} case is one of: ${Object.keys(outcomes).join(', ')}`, { outcomes: Object.keys(outcomes) });
  }
  const compensation = input.compensation ?? null;
  if (input.outcome === 'compensated') {
    if (compensation === null || !Number.isSafeInteger(compensation) || compensation < 1 || compensation > (c.amount ?? 0)) {
      throw refuse('BAD_COMPENSATION', 400, `赔付金额须为 1 到 ${c.amount} 分（索赔金额）`,
        `The compensation must be 1 to ${c.amount} fen (the amount claimed)`, { max: c.amount });
    }
  } else if (compensation !== null) {
    throw refuse('BAD_COMPENSATION', 400, '只有「已赔付」才填写赔付金额', 'Only a compensated claim has a compensation');
  }
  return { outcome: input.outcome, compensation };
}
