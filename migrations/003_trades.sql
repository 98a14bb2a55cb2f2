create sequence trade_tid_seq start with 3000000000001;
create sequence order_oid_seq start with 4000000000001;

create table trades (
  tid bigint primary key default nextval('trade_tid_seq'),
  shop_id bigint not null references shops(id),
  buyer_id bigint not null references buyers(id),
  buyer_nick text not null,
  status text not null,
  receiver_name text not null,
  receiver_mobile text not null,
  receiver_state text not null,
  receiver_city text not null,
  receiver_district text not null,
  receiver_address text not null,
  total_fee int not null check (total_fee >= 0),   -- items, fen
  post_fee int not null check (post_fee >= 0),
  original_post_fee int not null check (original_post_fee >= 0),  -- postage when placed: with original_price, the base of a max discount
  payment int not null check (payment >= 0),       -- what the buyer pays: items of open sub-orders + postage
  pay_method text,                                 -- 'escrow' | 'bank_transfer'
  alipay_no text,
  flag smallint not null default 0 check (flag between 0 and 5),
  memo text not null default '',
  company_code text,
  out_sid text,
  close_reason text,
  receive_delay_days int not null default 0,
  created timestamptz not null,
  pay_time timestamptz,
  consign_time timestamptz,
  end_time timestamptz,
  modified timestamptz not null,
  version int not null default 1
);
create index trades_shop_nick on trades (shop_id, buyer_nick, created desc);
create index trades_shop_created on trades (shop_id, created desc);
create index trades_shop_status_created on trades (shop_id, status, created desc);
create index trades_shop_paid_queue on trades (shop_id, pay_time, tid) where status = 'WAIT_SELLER_SEND_GOODS';
create index trades_shop_flag on trades (shop_id, flag, created desc) where flag <> 0;
create index trades_buyer on trades (buyer_id, created desc);

create table orders (
  oid bigint primary key default nextval('order_oid_seq'),
  tid bigint not null references trades(tid),
  shop_id bigint not null,
  num_iid bigint not null,
  sku_id bigint not null,
  title text not null,
  sku_properties_name text not null,
  original_price int not null,                     -- unit price when placed: the base of a max discount
  price int not null check (price >= 0),           -- unit price now
  num int not null check (num > 0),
  total_fee int not null check (total_fee >= 0),   -- price × num
  status text not null,
  end_time timestamptz
);
create index orders_tid on orders (tid);

-- Durable timers: claimed with FOR UPDATE SKIP LOCKED so each fires once, across restarts and nodes.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  key text not null,                               -- one live timer per key: rescheduling moves it
  shop_id bigint,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  attempts int not null default 0,
  last_error text,
  done_at timestamptz,
  unique (kind, key)
);
create index jobs_due on jobs (run_at) where done_at is null;

-- The sandbox escrow: money held per trade until it finishes.
create table escrow_payments (
  alipay_no text primary key,
  shop_id bigint not null,
  tid bigint not null unique references trades(tid),
  amount int not null check (amount >= 0),
  status text not null check (status in ('held', 'released', 'refunded')),
  created_at timestamptz not null,
  settled_at timestamptz
);

create table shipping_templates (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null,
  is_default boolean not null default false,
  first_weight_g int not null check (first_weight_g > 0),
  first_fee int not null check (first_fee >= 0),
  additional_weight_g int not null check (additional_weight_g > 0),
  additional_fee int not null check (additional_fee >= 0),
  free_threshold int,                              -- items total (fen) from which postage is free
  region_fees jsonb not null default '[]'          -- [{ states: ['新疆', …], first_fee, additional_fee }]
);
create index shipping_templates_shop on shipping_templates (shop_id);
