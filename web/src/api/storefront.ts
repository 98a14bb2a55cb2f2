import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { get, post } from './client';
import type { TradeAddSchema } from './shared';
import type { Item, Shop, Trade } from './types';

export function useStorefront(shopName: string) {
  return useQuery({
    queryKey: ['storefront', shopName],
    queryFn: async () => (await get<{ shop: Shop }>(`/api/storefront/${encodeURIComponent(shopName)}`)).shop,
    retry: false,
  });
}

export function useStorefrontItems(shopName: string) {
  return useQuery({
    queryKey: ['storefront', shopName, 'items'],
    queryFn: async () => (await get<{ items: Item[] }>(`/api/storefront/${encodeURIComponent(shopName)}/items`, { page_size: 100 })).items,
  });
}

export const buyerTradesKey = ['buyer', 'trades'] as const;

export function useBuyerTrades(enabled: boolean) {
  return useQuery({
    queryKey: buyerTradesKey,
    queryFn: async () => (await get<{ trades: Trade[] }>('/api/buyer/trades', { page_size: 50 })).trades,
    enabled,
  });
}

export const placeTrade = (shopName: string, body: z.infer<typeof TradeAddSchema>) =>
  post<{ tid: number; payment: number; post_fee: number }>(`/api/storefront/${encodeURIComponent(shopName)}/trades`, body);

/** Buyer commands: a refusal refreshes the list too, since it usually means the trade changed meanwhile. */
export function useBuyerCommand<V>(run: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => qc.invalidateQueries({ queryKey: buyerTradesKey }),
  });
}

export const payTrade = ({ tid, payment }: { tid: number; payment: number }) =>
  post<{ trade: Trade }>(`/api/buyer/trades/${tid}/pay`, { payment });
export const confirmTrade = ({ tid }: { tid: number }) => post<{ trade: Trade }>(`/api/buyer/trades/${tid}/confirm`);
