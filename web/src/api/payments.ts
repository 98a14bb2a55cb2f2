import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from './client';
import { tradesKey } from './trades';

/** A buyer's notice that they paid by bank transfer (docs/logistics.md, Payments). */
export interface TransferNotice {
  id: number;
  tid: number;
  bank: string;
  payer_name: string;
  amount: number;
  paid_at: string;
  reference: string;
  note: string;
  status: 'pending' | 'recorded' | 'rejected';
  reject_reason: string | null;
  created_at: string;
}

export interface BankTransfer {
  transfer_no: string;
  bank: string;
  payer_name: string;
  amount: number;
  received_at: string;
  reference?: string;
  recorded_by_name?: string;
  created_at?: string;
}

export interface BankAccount {
  bank: string;
  account_name: string;
  account_no: string;
  branch: string;
}

/** payment.get: how the trade was paid, the buyer's notices and the provider's callbacks. */
export interface TradePayment {
  tid: number;
  status: string;
  payment: number;
  pay_method: string | null;
  alipay_no: string | null;
  pay_time: string | null;
  bank_transfer: BankTransfer | null;
  notices: TransferNotice[];
}

export interface TransferBody {
  bank: string;
  payer_name: string;
  amount: number;
  received_at: string;
  reference?: string;
  notice_id?: number;
}

const paymentKey = (tid: number) => ['payments', 'trade', tid] as const;

export function useTradePayment(tid: number, enabled = true) {
  return useQuery({ queryKey: paymentKey(tid), queryFn: () => get<TradePayment>(`/api/trades/${tid}/payment`), enabled });
}

/** Records a transfer found on the shop's account: the trade is paid, so every trade view is asked again. */
export function useRecordTransfer(tid: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TransferBody) => post<{ trade: { tid: number; status: string }; bank_transfer: BankTransfer }>(`/api/trades/${tid}/bank-transfer`, body),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: tradesKey }), qc.invalidateQueries({ queryKey: paymentKey(tid) })]),
  });
}

export function usePaymentSettings(enabled: boolean) {
  return useQuery({
    queryKey: ['payments', 'settings'],
    queryFn: () => get<{ provider_secret_set: boolean; bank_accounts: BankAccount[]; updated_at: string | null }>('/api/payments/settings'),
    enabled,
  });
}

export function useSaveBankAccounts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (bank_accounts: BankAccount[]) => post<{ bank_accounts: BankAccount[] }>('/api/payments/settings', { bank_accounts }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['payments', 'settings'] }),
  });
}
