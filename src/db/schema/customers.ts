import type { Generated } from 'kysely';
import type { Timestamp, Json, GeneratedTimestamp, GeneratedJson } from './columns.ts';

/** Customers (migrations/012_customers.sql). */
export interface CustomersTable {
  id: Generated<number>;
  shop_id: number;
  nick: string;
  buyer_id: number | null;
  origin: 'trade' | 'chat' | 'import' | 'favourite' | 'buyer';
  mobile: string | null;
  notes: Generated<string>;
  opt_out: Generated<boolean>;
  trade_count: Generated<number>;
  paid_trade_count: Generated<number>;
  total_spend: Generated<number>;
  first_purchase_at: Timestamp | null;
  last_purchase_at: Timestamp | null;
  last_trade_at: Timestamp | null;
  favourites_count: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CustomerHistoryTradesTable {
  shop_id: number;
  tid: string;
  nick: string;
  status: string;
  created: Timestamp;
  pay_time: Timestamp | null;
  payment: number;
  title: string;
  num: number;
  num_iid: number | null;
  import_id: number | null;
}

export interface CustomerItemsTable {
  shop_id: number;
  num_iid: number;
  customer_id: number;
}

export interface CustomerTagsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  color: Generated<string>;
  created_at: GeneratedTimestamp;
}

export interface CustomerTagLinksTable {
  tag_id: number;
  customer_id: number;
  shop_id: number;
}

export interface CustomerSettingsTable {
  shop_id: number;
  levels: Json;
  updated_at: Timestamp;
}

export interface CustomerSegmentsTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  rule: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerImportsTable {
  id: Generated<number>;
  shop_id: number;
  kind: 'customers' | 'trades';
  status: 'running' | 'done' | 'failed';
  file_name: Generated<string>;
  total: Generated<number>;
  processed: Generated<number>;
  imported: Generated<number>;
  rejected: Generated<number>;
  errors: GeneratedJson;
  failure: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ItemFavouritesTable {
  buyer_id: number;
  num_iid: number;
  shop_id: number;
  created_at: Timestamp;
}

export interface CustomerTables {
  customers: CustomersTable;
  customer_history_trades: CustomerHistoryTradesTable;
  customer_items: CustomerItemsTable;
  customer_tags: CustomerTagsTable;
  customer_tag_links: CustomerTagLinksTable;
  customer_settings: CustomerSettingsTable;
  customer_segments: CustomerSegmentsTable;
  customer_imports: CustomerImportsTable;
  item_favourites: ItemFavouritesTable;
}
