import { z } from 'zod';
import { AnyJson, Int, Timestamp } from '../../http/response-schemas.ts';

/** The answers' shapes of logistics: shipping templates, parcel tracking and parcel problems. */
export const RegionFeeSchema = z.object({
  states: z.array(z.string()).describe('provinces 省'),
  first_fee: Int.describe('fen'),
  additional_fee: Int.describe('fen'),
});

/** A shipping template: its row, every column shown. */
export const ShippingTemplateSchema = z.looseObject({
  id: Int,
  shop_id: Int,
  name: z.string(),
  method: z.string().describe('SURFACE, EXPRESS, EMS, FREIGHT or INTERNATIONAL'),
  is_default: z.boolean(),
  first_weight_g: Int,
  first_fee: Int.describe('fen'),
  additional_weight_g: Int,
  additional_fee: Int.describe('fen'),
  free_threshold: Int.nullable().describe('fen: items totalling this ship free'),
  region_fees: z.array(RegionFeeSchema),
});

export const TraceSchema = z.object({
  id: Int,
  status: z.string(),
  status_name: z.string(),
  description: z.string(),
  location: z.string(),
  occurred_at: Timestamp,
  source: z.enum(['warehouse', 'courier']),
  recorded_by: z.string().nullable().describe('the account that entered it (warehouse); null for a courier push'),
  created_at: Timestamp,
});

/** The parcel of a trade and its tracking: all null and no events before it ships. */
export const TrackingSchema = z.object({
  tid: Int,
  company_code: z.string().nullable(),
  company_name: z.string().nullable(),
  out_sid: z.string().nullable(),
  status: z.string().nullable().describe('the latest tracking status'),
  status_name: z.string().nullable(),
  traces: z.array(TraceSchema).describe('in time order'),
});
export const BuyerTrackingSchema = TrackingSchema.extend({ traces: z.array(TraceSchema.omit({ recorded_by: true })) });

/** A parcel problem: its row, every column shown but the shop. */
export const ParcelCaseSchema = z.looseObject({
  id: Int,
  tid: Int,
  kind: z.string().describe('address_change, recall, insured_value, return_to_sender or claim'),
  kind_name: z.string(),
  status: z.enum(['open', 'closed']),
  company_code: z.string().nullable(),
  out_sid: z.string().nullable(),
  detail: AnyJson.describe('what the case is about, e.g. `{ receiver }` of an address change'),
  note: z.string(),
  amount: Int.nullable().describe('fen: the insured value, or the amount claimed'),
  outcome: z.string().nullable(),
  outcome_name: z.string().nullable(),
  outcome_note: z.string().nullable(),
  compensation: Int.nullable().describe('fen paid by the courier'),
  opened_by: z.string(),
  opened_at: Timestamp,
  closed_by: z.string().nullable(),
  closed_at: Timestamp.nullable(),
});
