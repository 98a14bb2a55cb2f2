-- Routing (分流): agents' status and limits, service groups bound to the buyer's situation, suspend requests.

create table agent_states (
  account_id bigint primary key references accounts(id),
  shop_id bigint not null references shops(id),
  status text not null default 'offline' check (status in ('online', 'busy', 'suspended', 'offline')),
  reception_limit int not null default 10 check (reception_limit between 0 and 500),  -- 接待上限
  weight int not null default 1 check (weight between 1 and 100),
  status_changed_at timestamptz not null,
  last_assigned_at timestamptz,                     -- round robin serves the longest-waiting agent first
  assigned_count bigint not null default 0
);
create index agent_states_shop on agent_states (shop_id);

create table service_groups (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null,
  created_at timestamptz not null default now(),
  unique (shop_id, name)
);

create table service_group_members (
  group_id bigint not null references service_groups(id) on delete cascade,
  account_id bigint not null references accounts(id),
  shop_id bigint not null,
  primary key (group_id, account_id)
);
create index service_group_members_account on service_group_members (account_id);

create table routing_settings (
  shop_id bigint primary key references shops(id),
  mode text not null default 'balanced' check (mode in ('balanced', 'round_robin', 'weighted')),
  presales_group_id bigint references service_groups(id) on delete set null,
  unshipped_group_id bigint references service_groups(id) on delete set null,
  aftersales_group_id bigint references service_groups(id) on delete set null,
  recent_contact_days int not null default 3 check (recent_contact_days between 0 and 15),
  idle_end_minutes int not null default 30 check (idle_end_minutes between 1 and 1440),
  queue_counter bigint not null default 0           -- numbers the shop's queue, taken under the shop's routing lock
);

-- 挂起: an agent asks, a supervisor approves or refuses; at most one open request per agent.
create table suspend_requests (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  account_id bigint not null references accounts(id),
  reason text not null,
  status text not null check (status in ('pending', 'approved', 'refused', 'cancelled', 'ended')),
  requested_at timestamptz not null,
  decided_by bigint references accounts(id),
  decided_at timestamptz,
  note text,
  ended_at timestamptz
);
create unique index suspend_requests_open on suspend_requests (account_id) where status in ('pending', 'approved');
create index suspend_requests_shop on suspend_requests (shop_id, status, requested_at);

-- Who served which conversation when, and how it came to them (routing, 最近联系人, transfer, reassignment).
create table conversation_assignments (
  id bigint generated always as identity primary key,
  shop_id bigint not null,
  conversation_id bigint not null references conversations(id),
  agent_id bigint not null references accounts(id),
  via text not null check (via in ('recent', 'group', 'shop', 'transfer', 'reassign', 'claim')),
  from_agent_id bigint,
  note text,
  assigned_at timestamptz not null,
  ended_at timestamptz,
  end_reason text
);
create index conversation_assignments_conversation on conversation_assignments (conversation_id, assigned_at desc);
create index conversation_assignments_agent on conversation_assignments (shop_id, agent_id, assigned_at);
