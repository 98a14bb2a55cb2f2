import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from './client';
import { fetchMe, meKey } from './me';
import type { Buyer, Me } from './types';

export { fetchMe, meKey };
export const buyerMeKey = ['buyer', 'me'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

export const login = (account: string, password: string) => post<Me>('/api/auth/login', { account, password });

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await post('/api/auth/logout');
    qc.clear();
  };
}

export function useBuyerMe() {
  return useQuery({
    queryKey: buyerMeKey,
    queryFn: async () => {
      try {
        return (await get<{ buyer: Buyer }>('/api/buyer/me')).buyer;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
  });
}

export const buyerLogin = (nick: string, password: string) => post<{ buyer: Buyer }>('/api/buyer/login', { nick, password });
export const buyerSignup = (nick: string, password: string) => post<{ buyer: Buyer }>('/api/buyer/signup', { nick, password });
export const buyerLogout = () => post('/api/buyer/logout');

/** Menu entries and pages are shown by permission; the server checks every one again. */
export const hasPermission = (me: Me | null | undefined, permission: string) =>
  !!me && (me.account.is_main || me.permissions.includes(permission));
