-- Integration (SPEC §13): API tokens for other systems, and signed webhooks with a durable delivery outbox.

-- A token is shown once; only its SHA-256 is kept (it is 32 random bytes, so a slow hash adds nothing), and a leaked
-- table opens nothing. Revoking keeps the row, so the audit log and the list still name it.
create table api_tokens (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null check (char_length(name) between 1 and 40),
  token_hash text not null unique,
  token_prefix text not null,                       -- the first characters, to recognise a token in the list
  scopes text[] not null,
  max_discount_pct int not null default 0 check (max_discount_pct between 0 and 100),
  created_by bigint not null references accounts(id),
  created_at timestamptz not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by bigint references accounts(id)
);
create index api_tokens_shop on api_tokens (shop_id, id desc);

create table webhooks (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  url text not null,
  description text not null default '',
  events text[] not null,                           -- event names or patterns: 'trade.changed', 'refund.*', '*'
  secret text not null,                             -- the HMAC key: needed to sign, so kept as it is
  enabled boolean not null default true,
  created_by bigint not null references accounts(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz                            -- deleted webhooks keep their delivery log
);
create index webhooks_shop on webhooks (shop_id) where deleted_at is null;

-- The delivery outbox and log in one: a row per webhook and event, claimed by the job runner with
-- FOR UPDATE SKIP LOCKED, retried with exponential backoff until delivered or given up.
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  shop_id bigint not null,
  webhook_id bigint not null references webhooks(id),
  outbox_id bigint,                                 -- the event's outbox row: one delivery per event, however many nodes heard it
  event_type text not null,
  payload jsonb not null,
  is_test boolean not null default false,
  status text not null check (status in ('pending', 'sending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code int,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null,
  unique (webhook_id, outbox_id)
);
create index webhook_deliveries_hook on webhook_deliveries (webhook_id, id desc);
create index webhook_deliveries_outbox on webhook_deliveries (outbox_id) where outbox_id is not null;

create table webhook_attempts (
  delivery_id bigint not null references webhook_deliveries(id),
  attempt int not null,
  shop_id bigint not null,
  started_at timestamptz not null,
  duration_ms int not null,
  status_code int,
  error text,
  response_excerpt text,
  primary key (delivery_id, attempt)
);
