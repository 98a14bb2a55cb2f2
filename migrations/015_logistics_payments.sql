-- Logistics (SPEC §4): the method of each shipping template, tracking events, couriers' webhook secrets and parcel
-- problems. Payments: the shop's provider secret and bank accounts, the provider's callbacks, and bank transfers.

alter table shipping_templates
  add column method text not null default 'EXPRESS'
    check (method in ('SURFACE', 'EXPRESS', 'EMS', 'FREIGHT', 'INTERNATIONAL'));

-- A courier signs the tracking events it pushes with the shop's secret for that courier.
create table courier_secrets (
  shop_id bigint not null references shops(id),
  company_code text not null,
  secret text not null,
  created_at timestamptz not null,
  primary key (shop_id, company_code)
);

-- Tracking events of a parcel (company_code + out_sid), entered by the warehouse or pushed by the courier.
-- event_key is the courier's own event id (or one of ours for an entered event): a repeated push is ignored.
create table parcel_events (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  company_code text not null,
  out_sid text not null,
  event_key text not null,
  status text not null check (status in ('ACCEPT', 'TRANSPORT', 'DELIVERING', 'SIGN', 'FAILED', 'RETURN')),
  description text not null,
  location text not null default '',
  occurred_at timestamptz not null,
  source text not null check (source in ('warehouse', 'courier')),
  recorded_by text,
  created_at timestamptz not null,
  unique (shop_id, company_code, event_key)
);
create index parcel_events_parcel on parcel_events (shop_id, company_code, out_sid, occurred_at);
-- A pushed event finds its trade by the tracking number.
create index trades_shop_out_sid on trades (shop_id, out_sid) where out_sid is not null;

-- Parcel problems (seed 000: 撤回、地址更改、保价、问题件退回、索赔) as cases with an outcome.
create table parcel_cases (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  tid bigint not null references trades(tid),
  kind text not null check (kind in ('address_change', 'recall', 'insured_value', 'return_to_sender', 'claim')),
  status text not null check (status in ('open', 'closed')),
  company_code text,
  out_sid text,
  detail jsonb not null default '{}',
  note text not null default '',
  amount int check (amount > 0),                   -- insured value or claimed amount, fen
  outcome text,
  outcome_note text,
  compensation int check (compensation >= 0),      -- what the courier paid on a claim, fen
  opened_by text not null,
  opened_at timestamptz not null,
  closed_by text,
  closed_at timestamptz
);
create index parcel_cases_shop_status on parcel_cases (shop_id, status, opened_at desc);
create index parcel_cases_tid on parcel_cases (tid);
-- One open case of a kind per trade.
create unique index parcel_cases_open_kind on parcel_cases (tid, kind) where status = 'open';

-- The shop's side of payments: the secret its escrow provider signs callbacks with, the bank accounts it gives
-- buyers who pay by transfer.
create table payment_settings (
  shop_id bigint primary key references shops(id),
  provider_secret text,
  bank_accounts jsonb not null default '[]',       -- [{ bank, account_name, account_no, branch }]
  updated_at timestamptz not null
);

-- Every signed callback of the provider, with the answer it got: a repeated notify_id is answered the same.
create table payment_notifications (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  notify_id text not null,
  tid bigint,
  alipay_no text,
  amount int,
  trade_status text not null,
  outcome text not null check (outcome in ('paid', 'refused', 'ignored')),
  error_code text,
  response_status int not null,
  response_body jsonb not null,
  received_at timestamptz not null,
  unique (shop_id, notify_id)
);
create index payment_notifications_shop on payment_notifications (shop_id, received_at desc);

-- The buyer's notice that they paid by bank transfer (seed 000: 提醒顾客付款后及时通知).
create table bank_transfer_notices (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  tid bigint not null references trades(tid),
  buyer_id bigint not null references buyers(id),
  bank text not null,
  payer_name text not null,
  amount int not null check (amount > 0),
  paid_at timestamptz not null,
  reference text not null default '',
  note text not null default '',
  status text not null check (status in ('pending', 'recorded', 'rejected')),
  reject_reason text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz not null
);
create index bank_transfer_notices_shop on bank_transfer_notices (shop_id, status, created_at);
create index bank_transfer_notices_tid on bank_transfer_notices (tid);
create unique index bank_transfer_notices_pending on bank_transfer_notices (tid) where status = 'pending';

-- A bank transfer an agent found on the shop's account and recorded: the trade's payment.
create table bank_transfers (
  transfer_no text primary key,
  shop_id bigint not null references shops(id),
  tid bigint not null unique references trades(tid),
  bank text not null,
  payer_name text not null,
  amount int not null check (amount > 0),
  received_at timestamptz not null,
  reference text not null default '',
  notice_id bigint references bank_transfer_notices(id),
  recorded_by bigint not null,
  recorded_by_name text not null,
  created_at timestamptz not null
);
create index bank_transfers_shop on bank_transfers (shop_id, created_at desc);
