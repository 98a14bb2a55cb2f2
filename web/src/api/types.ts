import type { TradeStatus } from './shared';

/** The API's answers as the server presents them (snake_case, platform field names, money in fen). */
export interface Shop {
  id: number;
  name: string;
  title: string;
  type: 'C' | 'B';
  timezone?: string;
  unpaid_close_hours?: number;
}

export type Role = 'owner' | 'service' | 'warehouse' | 'aftersales' | 'finance' | 'supervisor';

export interface Account {
  id: number;
  login: string;
  display_name: string;
  is_main: boolean;
  role: Role;
  permissions: string[];
  max_discount_pct: number;
}

export interface Me {
  account: Account;
  shop: Shop;
  permissions: string[];
}

export interface Order {
  oid: number;
  tid: number;
  num_iid: number;
  sku_id: number;
  title: string;
  sku_properties_name: string;
  original_price: number;
  price: number;
  num: number;
  total_fee: number;
  status: TradeStatus;
  status_name: string;
}

export type TradeAction =
  | 'pay' | 'modify_price' | 'modify_postage' | 'change_address' | 'close' | 'close_order' | 'memo' | 'ship'
  | 'confirm' | 'delay_receive';

export interface Receiver {
  receiver_name: string;
  receiver_mobile: string;
  receiver_state: string;
  receiver_city: string;
  receiver_district: string;
  receiver_address: string;
}

export interface Trade extends Receiver {
  tid: number;
  buyer_nick: string;
  status: TradeStatus;
  status_name: string;
  total_fee: number;
  post_fee: number;
  payment: number;
  pay_method: string | null;
  alipay_no: string | null;
  flag?: number;
  flag_name?: string;
  memo?: string;
  company_code: string | null;
  out_sid: string | null;
  close_reason: string | null;
  receive_delay_days: number;
  created: string;
  pay_time: string | null;
  consign_time: string | null;
  end_time: string | null;
  modified: string;
  orders: Order[];
  allowed_actions: TradeAction[];
  timeout_action_time?: string | null;
  /** Fen paid in; paid back to the buyer and paid to the shop so far; the rest is still held. */
  escrow?: { alipay_no: string; amount: number; status: string; refunded: number; released: number; settled_at: string | null } | null;
  shop_name?: string;
  shop_title?: string;
}

export interface Sku {
  sku_id: number;
  num_iid: number;
  properties_name: string;
  price: number;
  quantity: number;
}

export interface Item {
  num_iid: number;
  title: string;
  price: number;
  weight_g: number;
  approve_status: 'onsale' | 'instock';
  material: string;
  size_chart: string;
  usage: string;
  care: string;
  suitable_for: string;
  not_suitable_for: string;
  notes: string;
  skus: Sku[];
  num: number;
}

export interface Buyer {
  id: number;
  nick: string;
}
