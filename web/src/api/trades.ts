import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { get, post } from './client';
import type {
  CalculatorSchema, CloseSchema, DelaySchema, MemoSchema, PostageUpdateSchema, PriceUpdateSchema, ReceiverSchema, ShipSchema,
  TradeStatus,
} from './shared';
import type { Trade } from './types';

export interface TradeQuery {
  buyer_nick?: string;
  tid?: number;
  status?: TradeStatus;
  flag?: number;
  start_created?: string;
  end_created?: string;
  sort?: 'created_desc' | 'pay_time_asc';
  page_no?: number;
  page_size?: number;
}

export interface TradePage {
  trades: Trade[];
  has_next: boolean;
  page_no: number;
}

export const tradesKey = ['trades'] as const;

export function useTrades(query: TradeQuery, enabled = true) {
  return useQuery({
    queryKey: [...tradesKey, 'list', query],
    queryFn: () => get<TradePage>('/api/trades', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTradeCounts() {
  return useQuery({
    queryKey: [...tradesKey, 'counts'],
    queryFn: async () => (await get<{ counts: Partial<Record<TradeStatus, number>> }>('/api/trades/counts')).counts,
  });
}

export function useTrade(tid: number | undefined) {
  return useQuery({
    queryKey: [...tradesKey, 'detail', tid],
    queryFn: async () => (await get<{ trade: Trade }>(`/api/trades/${tid}`)).trade,
    enabled: tid !== undefined,
  });
}

/** The trade commands of the back-office; each answers with the trade as it now stands. */
export const tradeCommands = {
  price: (tid: number, body: z.infer<typeof PriceUpdateSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/price`, body),
  postage: (tid: number, body: z.infer<typeof PostageUpdateSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/postage`, body),
  address: (tid: number, body: z.infer<typeof ReceiverSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/address`, body),
  close: (tid: number, body: z.infer<typeof CloseSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/close`, body),
  memo: (tid: number, body: z.infer<typeof MemoSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/memo`, body),
  ship: (tid: number, body: z.infer<typeof ShipSchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/ship`, body),
  delay: (tid: number, body: z.infer<typeof DelaySchema>) => post<{ trade: Trade }>(`/api/trades/${tid}/receivetime`, body),
};

/** Runs a command and refreshes every list, count and detail that may show the trade. */
export function useTradeCommand<B>(run: (tid: number, body: B) => Promise<{ trade: Trade }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tid, body }: { tid: number; body: B }) => run(tid, body),
    onSuccess: ({ trade }) => {
      qc.setQueryData([...tradesKey, 'detail', trade.tid], trade);
      return qc.invalidateQueries({ queryKey: tradesKey });
    },
  });
}

export interface Courier {
  code: string;
  name: string;
}

export function useCouriers() {
  return useQuery({
    queryKey: ['logistics', 'companies'],
    queryFn: async () => (await get<{ companies: Courier[] }>('/api/logistics/companies')).companies,
    staleTime: Infinity,
  });
}

export interface Quote {
  orders: { num_iid: number; sku_id: number; title: string; sku_properties_name: string; price: number; num: number; total_fee: number; weight_g: number }[];
  total_fee: number;
  post_fee: number;
  payment: number;
  weight_g: number;
}

export const calculate = (body: z.infer<typeof CalculatorSchema>) => post<Quote>('/api/tools/calculator', body);
