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
