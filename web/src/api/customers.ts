import { useQuery } from '@tanstack/react-query';
import { get } from './client';

/** A buyer as this shop knows them (客户): what they bought, their level and the team's notes. */
export interface CustomerProfile {
  customer: {
    nick: string;
    level: string | null;
    tags: { id: number; name: string; color: string }[];
    trade_count: number;
    paid_trade_count: number;
    total_spend: number;
    last_purchase_at: string | null;
    notes: string;
    opt_out: boolean;
    favourites_count: number;
  };
  addresses: { receiver_name: string; receiver_state: string; receiver_city: string; trades: number }[];
}

export function useCustomer(nick: string | undefined) {
  return useQuery({
    queryKey: ['customers', nick],
    queryFn: () => get<CustomerProfile>(`/api/customers/${encodeURIComponent(nick!)}`),
    enabled: !!nick,
    retry: false,
  });
}
