-- After-sales (售后): refunds, returns and exchanges per sub-order, the shop's time limits for answering them, and the
-- escrow's side of a refund. The state machine is in src/modules/aftersales/rules.ts.

create sequence refund_id_seq start with 6000000000001;

create table refunds (
  refund_id bigint primary key default nextval('refund_id_seq'),
  shop_id bigint not null references shops(id),
  tid bigint not null references trades(tid),
  oid bigint not null references orders(oid),
  buyer_id bigint not null references buyers(id),
  buyer_nick text not null,
  dispute_type text not null check (dispute_type in ('REFUND', 'REFUND_AND_RETURN', 'EXCHANGE')),
  status text not null check (status in ('WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS',
    'SELLER_REFUSE_BUYER', 'CLOSED', 'SUCCESS')),
  shipped boolean not null,                        -- the sub-order had been shipped when the buyer (last) asked
  total_fee int not null check (total_fee >= 0),   -- what was paid for the sub-order
  refund_fee int not null check (refund_fee >= 0), -- what the buyer asks back (0 for an exchange)
  reason text not null,
  description text not null default '',
  refuse_reason text,
  refuse_times int not null default 0,
  company_code text,                               -- the buyer's return parcel
  sid text,
  good_return_time timestamptz,
  good_received_time timestamptz,                  -- the warehouse has the parcel (green flag)
  exchange_company_code text,                      -- an exchange's new parcel (blue flag)
  exchange_out_sid text,
  timeout timestamptz,                             -- when the party who must act is taken to have acted
  created timestamptz not null,
  modified timestamptz not null,
  end_time timestamptz,
  version int not null default 1
);
-- The seller's list: by status, the nearest deadline first.
create index refunds_shop_status_timeout on refunds (shop_id, status, timeout, refund_id);
create index refunds_shop_timeout on refunds (shop_id, timeout, refund_id);
create index refunds_tid on refunds (tid);
create index refunds_buyer on refunds (buyer_id, created desc);
-- At most one refund in progress per sub-order; a new one may follow a closed or successful one.
create unique index refunds_one_open_per_order on refunds (oid) where status not in ('CLOSED', 'SUCCESS');

create table refund_settings (
  shop_id bigint primary key references shops(id),
  agree_hours_before_ship int not null default 48 check (agree_hours_before_ship between 1 and 72),
  agree_days_after_ship int not null default 5 check (agree_days_after_ship between 1 and 15),
  updated_at timestamptz not null
);

-- The sandbox escrow keeps a ledger: paid in = refunded to the buyer + released to the shop + still held.
alter table escrow_payments add column refunded int not null default 0 check (refunded >= 0);
alter table escrow_payments add column released int not null default 0 check (released >= 0);
update escrow_payments set released = amount where status = 'released';
alter table escrow_payments add constraint escrow_payments_balanced check (refunded + released <= amount);

-- Each refund's money in escrow: reserved while the refund is in progress (the trade may finish meanwhile without
-- paying it to the shop), then refunded to the buyer or cancelled, each exactly once.
create table escrow_refunds (
  refund_id bigint primary key,
  alipay_no text not null references escrow_payments(alipay_no),
  tid bigint not null,
  shop_id bigint not null,
  amount int not null check (amount >= 0),
  status text not null check (status in ('reserved', 'refunded', 'cancelled')),
  created_at timestamptz not null,
  settled_at timestamptz
);
create index escrow_refunds_reserved on escrow_refunds (tid) where status = 'reserved';
