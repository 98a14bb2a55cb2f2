-- Shops (tenants), their accounts, platform buyers, sessions, and the append-only audit log.

create table shops (
  id bigint generated always as identity primary key,
  name text not null unique,                       -- the log-in prefix: 'demo' in 'demo:小美'
  title text not null,
  type text not null check (type in ('C', 'B')),   -- C: 集市店 C-shop, B: 商城店 mall shop
  timezone text not null default 'Asia/Shanghai',
  unpaid_close_hours int not null default 24 check (unpaid_close_hours between 1 and 72),
  created_at timestamptz not null default now()
);

create table accounts (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  login text not null unique,                      -- 'demo' (main) or 'demo:小美' (sub-account)
  display_name text not null,
  is_main boolean not null default false,
  role text not null check (role in ('owner', 'service', 'warehouse', 'aftersales', 'finance', 'supervisor')),
  permissions text[] not null default '{}',
  max_discount_pct int not null default 0 check (max_discount_pct between 0 and 100),
  password_hash text not null,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index accounts_shop on accounts (shop_id);

-- Buyers are the platform's members: one nick buys from any shop of the deployment.
create table buyers (
  id bigint generated always as identity primary key,
  nick text not null unique,
  password_hash text not null,
  mobile text,
  created_at timestamptz not null default now()
);

create table sessions (
  token_hash text primary key,
  account_id bigint references accounts(id),
  buyer_id bigint references buyers(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check ((account_id is null) <> (buyer_id is null))
);
create index sessions_expiry on sessions (expires_at);

create table audit_log (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  actor_kind text not null check (actor_kind in ('account', 'buyer', 'system')),
  actor_id bigint,
  actor_name text not null,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_shop_time on audit_log (shop_id, created_at desc);
create index audit_log_entity on audit_log (shop_id, entity, entity_id);

-- The audit log is a record, not a working table: no row is ever changed or removed.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();

-- Events written in the same transaction as the change they describe (published after commit).
create table outbox (
  id bigint generated always as identity primary key,
  shop_id bigint not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
