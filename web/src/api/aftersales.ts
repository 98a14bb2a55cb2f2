import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ExchangeSendSchema, ReapplySchema, RefundAddSchema, RefuseSchema, ReturnGoodsSchema,
} from '../../../src/modules/aftersales/schemas.ts';
import type { DisputeType, RefundCommand, RefundStatus } from '../../../src/modules/aftersales/rules.ts';
import { api, get, post } from './client';
import { buyerTradesKey } from './storefront';
import { tradesKey } from './trades';

// The server's own request schemas and refund rules: forms check exactly what the API enforces.
export {
  ExchangeSendSchema, ReapplySchema, RefundAddSchema, RefuseSchema, ReturnGoodsSchema,
} from '../../../src/modules/aftersales/schemas.ts';
export {
  DESCRIPTION_MAX, DISPUTE_TYPE_NAMES, DISPUTE_TYPES, REASON, REFUND_STATUSES, REFUSE_REASON, REFUND_STATUS_NAMES,
  type DisputeType, type RefundCommand, type RefundStatus,
} from './refund-rules';

/** A refund, return or exchange of one sub-order, as the API presents it (docs/aftersales.md). */
export interface Refund {
  refund_id: number;
  tid: number;
  oid: number;
  buyer_nick: string;
  title: string;
  sku_properties_name: string;
  num: number;
  num_iid: number;
  sku_id: number;
  dispute_type: DisputeType;
  dispute_type_name: string;
  has_good_return: boolean;
  status: RefundStatus;
  status_name: string;
  total_fee: number;
  refund_fee: number;
  reason: string;
  desc: string;
  shipped: boolean;
  refuse_reason: string | null;
  refuse_times: number;
  company_code: string | null;
  sid: string | null;
  good_return_time: string | null;
  good_received_time: string | null;
  exchange_company_code: string | null;
  exchange_out_sid: string | null;
  timeout: string | null;
  created: string;
  modified: string;
  end_time: string | null;
  allowed_actions: RefundCommand[];
}

export interface RefundQuery {
  status?: RefundStatus;
  dispute_type?: DisputeType;
  tid?: number;
  page_no?: number;
  page_size?: number;
}

export interface RefundPage {
  refunds: Refund[];
  has_next: boolean;
  page_no: number;
}

export interface RefundSettings {
  agree_hours_before_ship: number;
  agree_days_after_ship: number;
}

export const refundsKey = ['refunds'] as const;
export const buyerRefundsKey = ['buyer', 'refunds'] as const;

/** refunds.receive.get: the nearest deadline first. */
export function useRefunds(query: RefundQuery, enabled = true) {
  return useQuery({
    queryKey: [...refundsKey, 'list', query],
    queryFn: () => get<RefundPage>('/api/refunds', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Every refund of one trade (a trade has a handful at most). */
export function useTradeRefunds(tid: number | undefined, enabled = true) {
  return useQuery({
    queryKey: [...refundsKey, 'trade', tid],
    queryFn: async () => (await get<RefundPage>('/api/refunds', { tid, page_size: 100 })).refunds,
    enabled: enabled && tid !== undefined,
  });
}

export function useRefundCounts() {
  return useQuery({
    queryKey: [...refundsKey, 'counts'],
    queryFn: async () => (await get<{ counts: Partial<Record<RefundStatus, number>> }>('/api/refunds/counts')).counts,
  });
}

export function useRefund(id: number | undefined) {
  return useQuery({
    queryKey: [...refundsKey, 'detail', id],
    queryFn: async () => (await get<{ refund: Refund }>(`/api/refunds/${id}`)).refund,
    enabled: id !== undefined,
  });
}

type Answer = Promise<{ refund: Refund }>;

/** The shop's answers: after-sales (refund.approve) and the warehouse (refund.goods). */
export const refundCommands = {
  agree: (id: number) => post<{ refund: Refund }>(`/api/refunds/${id}/agree`),
  refuse: (id: number, body: z.infer<typeof RefuseSchema>) => post<{ refund: Refund }>(`/api/refunds/${id}/refuse`, body),
  returngoods_agree: (id: number) => post<{ refund: Refund }>(`/api/refunds/${id}/returngoods/agree`),
  returngoods_confirm: (id: number) => post<{ refund: Refund }>(`/api/refunds/${id}/returngoods/confirm`),
  receive_goods: (id: number) => post<{ refund: Refund }>(`/api/refunds/${id}/goods/receive`),
  send_exchange: (id: number, body: z.infer<typeof ExchangeSendSchema>) => post<{ refund: Refund }>(`/api/refunds/${id}/exchange/send`, body),
};

/** Runs a refund command and refreshes the refund, the queue, and the trade it changed (memo, flag, status, escrow). */
export function useRefundCommand<B>(run: (id: number, body: B) => Answer) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: B }) => run(id, body),
    onSuccess: ({ refund }) => {
      qc.setQueryData([...refundsKey, 'detail', refund.refund_id], refund);
      return Promise.all([qc.invalidateQueries({ queryKey: refundsKey }), qc.invalidateQueries({ queryKey: tradesKey })]);
    },
    // A refusal usually means someone else moved the refund on: show it as it stands.
    onError: () => qc.invalidateQueries({ queryKey: refundsKey }),
  });
}

export function useRefundSettings(enabled = true) {
  return useQuery({
    queryKey: [...refundsKey, 'settings'],
    queryFn: async () => (await get<{ settings: RefundSettings }>('/api/aftersales/settings')).settings,
    enabled,
  });
}

export function useSaveRefundSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<RefundSettings>) => api<{ settings: RefundSettings }>('PATCH', '/api/aftersales/settings', body),
    onSuccess: ({ settings }) => qc.setQueryData([...refundsKey, 'settings'], settings),
  });
}

// ---- the buyer's side

export function useBuyerRefunds(enabled: boolean) {
  return useQuery({
    queryKey: buyerRefundsKey,
    queryFn: async () => (await get<RefundPage>('/api/buyer/refunds', { page_size: 100 })).refunds,
    enabled,
  });
}

export const buyerRefundCommands = {
  apply: (tid: number, body: z.infer<typeof RefundAddSchema>) => post<{ refund: Refund }>(`/api/buyer/trades/${tid}/refunds`, body),
  return_goods: (id: number, body: z.infer<typeof ReturnGoodsSchema>) => post<{ refund: Refund }>(`/api/buyer/refunds/${id}/returngoods`, body),
  cancel: (id: number) => post<{ refund: Refund }>(`/api/buyer/refunds/${id}/cancel`),
  reapply: (id: number, body: z.infer<typeof ReapplySchema>) => post<{ refund: Refund }>(`/api/buyer/refunds/${id}/reapply`, body),
};

/** A buyer's refund command; the refunds and the trades are asked again either way (a refusal means something moved). */
export function useBuyerRefundCommand<V>(run: (v: V) => Answer) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: buyerRefundsKey }), qc.invalidateQueries({ queryKey: buyerTradesKey })]),
  });
}
