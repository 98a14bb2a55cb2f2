-- Quick replies (快捷回复): phrases an agent sends with a shortcut code. Team phrases belong to the shop
-- (owner_id null) and are managed with a permission; personal phrases belong to one account and only it sees them.

create table reply_groups (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  owner_id bigint references accounts(id),          -- null: the team's group; else the agent's own
  name text not null,
  sort_order int not null default 0,
  created_at timestamptz not null default now()
);
-- A name once per team, once per agent: imports find their groups by name.
create unique index reply_groups_team_name on reply_groups (shop_id, name) where owner_id is null;
create unique index reply_groups_own_name on reply_groups (owner_id, name) where owner_id is not null;

create table quick_replies (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  owner_id bigint references accounts(id),          -- same owner as its group
  group_id bigint not null references reply_groups(id),
  code text,                                        -- shortcut such as /hi; optional
  text text not null,                               -- may hold {买家} {订单号} {运单号} {客服}
  used int not null default 0,
  sort_order int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index quick_replies_team_code on quick_replies (shop_id, code) where owner_id is null and code is not null;
create unique index quick_replies_own_code on quick_replies (owner_id, code) where owner_id is not null and code is not null;
create index quick_replies_group on quick_replies (group_id, sort_order);
-- What an agent sees: the team's and its own, one shop at a time.
create index quick_replies_shop_owner on quick_replies (shop_id, owner_id);
