-- Customers (客户关系管理): a buyer as one shop sees them. Every buyer who traded or chatted with the shop, and
-- every customer the seller imported, is one row; its trade aggregates are kept on the row so that the list can
-- filter and sort 200,000 customers by an index instead of grouping a million trades on every request.
--
-- The aggregates are recomputed (never incremented, so they cannot drift) by customers_refresh below, from statement
-- triggers on trades: they change in the same transaction as the trade, whichever module or tool writes it.

-- Imported history (a seller moving in): trades of the old platform, kept apart from live trades because they have
-- no receiver, escrow or state machine of ours. The old trade number is text: it may exceed 2^53.
create table customer_history_trades (
  shop_id bigint not null references shops(id),
  tid text not null,
  nick text not null,
  status text not null,
  created timestamptz not null,
  pay_time timestamptz,
  payment bigint not null check (payment >= 0),   -- fen
  title text not null,
  num int not null check (num > 0),
  num_iid bigint,                                  -- the shop's item of that title, when there is one
  import_id bigint,
  primary key (shop_id, tid)
);
create index customer_history_trades_nick on customer_history_trades (shop_id, nick);
create index customer_history_trades_item on customer_history_trades (shop_id, num_iid) where num_iid is not null;
create index customer_history_trades_paid on customer_history_trades (shop_id, pay_time) where pay_time is not null;

create table customers (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  nick text not null,
  buyer_id bigint references buyers(id),           -- null: imported, never seen on this platform
  origin text not null check (origin in ('trade', 'chat', 'import', 'favourite', 'buyer')),
  mobile text,                                     -- given by the seller; receivers' mobiles come from the trades
  notes text not null default '',
  opt_out boolean not null default false,          -- refuses broadcasts (群发)
  trade_count int not null default 0,
  paid_trade_count int not null default 0,         -- paid and neither refunded nor closed
  total_spend bigint not null default 0,           -- fen, of those trades
  first_purchase_at timestamptz,
  last_purchase_at timestamptz,
  last_trade_at timestamptz,
  favourites_count int not null default 0,
  created_at timestamptz not null default now(),   -- first seen by the shop
  updated_at timestamptz not null default now()
);
-- text_pattern_ops: the same uniqueness, and a nick prefix (LIKE 'abc%') reads it under any database collation.
create unique index customers_shop_nick on customers (shop_id, nick text_pattern_ops);
create index customers_shop_spend on customers (shop_id, total_spend desc, id desc);
create index customers_shop_last_purchase on customers (shop_id, last_purchase_at desc nulls last, id desc);
create index customers_shop_purchases on customers (shop_id, paid_trade_count desc, id desc);
create index customers_shop_id on customers (shop_id, id);
create index customers_buyer on customers (buyer_id) where buyer_id is not null;

-- What each customer has bought (a purchased sub-order, live or imported), kept with the aggregates: "bought item X"
-- is then an index range of this table instead of a join of the item's orders with a million trades.
create table customer_items (
  shop_id bigint not null,
  num_iid bigint not null,
  customer_id bigint not null references customers(id) on delete cascade,
  primary key (shop_id, num_iid, customer_id)
);
create index customer_items_customer on customer_items (customer_id);

create table customer_tags (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null,
  color text not null default 'blue',
  created_at timestamptz not null default now(),
  unique (shop_id, name)
);

create table customer_tag_links (
  tag_id bigint not null references customer_tags(id) on delete cascade,
  customer_id bigint not null references customers(id) on delete cascade,
  shop_id bigint not null,
  primary key (tag_id, customer_id)
);
create index customer_tag_links_customer on customer_tag_links (customer_id);

-- Membership levels by spend: [{ "name": "普通会员", "min_spend": 0 }, …] in ascending order (fen).
create table customer_settings (
  shop_id bigint primary key references shops(id),
  levels jsonb not null,
  updated_at timestamptz not null
);

create table customer_segments (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null,
  rule jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (shop_id, name)
);

-- A CSV import: the client polls processed / total while it runs.
create table customer_imports (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  kind text not null check (kind in ('customers', 'trades')),
  status text not null check (status in ('running', 'done', 'failed')),
  file_name text not null default '',
  total int not null default 0,
  processed int not null default 0,
  imported int not null default 0,
  rejected int not null default 0,
  errors jsonb not null default '[]',              -- [{ line, code, reason, reason_en }], the first ones only
  failure text,
  created_by bigint,
  created_by_name text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);
create index customer_imports_shop on customer_imports (shop_id, id desc);

-- Buyers' favourite items (收藏), counted on their customer row of the item's shop.
create table item_favourites (
  buyer_id bigint not null references buyers(id),
  num_iid bigint not null references products(num_iid),
  shop_id bigint not null references shops(id),
  created_at timestamptz not null,
  primary key (buyer_id, num_iid)
);
create index item_favourites_shop_buyer on item_favourites (shop_id, buyer_id);
create index item_favourites_item on item_favourites (num_iid);

-- What a customer has bought: a paid trade that was neither refunded nor closed (modules/customers/rules.ts says the same).
create function customer_trade_counts(p_status text, p_pay_time timestamptz) returns boolean
language sql immutable as $f$
  select p_pay_time is not null and p_status in ('WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED')
$f$;

-- Recomputes what these customers have bought. Their rows are locked first, in (shop, nick) order, so that two
-- transactions refreshing the same customer take turns.
create function customer_items_refresh(p_shop bigint[], p_nick text[]) returns void
language plpgsql as $f$
declare
  ids bigint[];
begin
  select array_agg(c.id order by c.shop_id, c.nick) into ids from (
    select c.id, c.shop_id, c.nick from customers c
    join (select distinct u.shop_id, u.nick from unnest(p_shop, p_nick) as u(shop_id, nick)) k
      on c.shop_id = k.shop_id and c.nick = k.nick
    order by c.shop_id, c.nick for update of c) c;
  if ids is null then return; end if;
  -- Only what changed is written: a payment usually adds an item or none, and rewriting the rest would leave dead rows.
  with wanted as materialized (
    select c.shop_id, o.num_iid, c.id as customer_id from customers c
    join trades t on t.shop_id = c.shop_id and t.buyer_nick = c.nick
    join orders o on o.tid = t.tid
    where c.id = any(ids) and customer_trade_counts(o.status, t.pay_time)
    union
    select c.shop_id, h.num_iid, c.id from customers c
    join customer_history_trades h on h.shop_id = c.shop_id and h.nick = c.nick
    where c.id = any(ids) and h.num_iid is not null and customer_trade_counts(h.status, h.pay_time)
  ), gone as (
    delete from customer_items ci where ci.customer_id = any(ids)
      and not exists (select 1 from wanted w where w.customer_id = ci.customer_id and w.num_iid = ci.num_iid)
  )
  insert into customer_items (shop_id, num_iid, customer_id)
  select w.shop_id, w.num_iid, w.customer_id from wanted w
  on conflict do nothing;
end $f$;

-- Recomputes the aggregates of these (shop, nick) pairs from their live and imported trades, creating the customers
-- that do not exist yet. Rows are written in (shop, nick) order, so two writers never wait on each other in a circle.
create function customers_refresh(p_shop bigint[], p_nick text[], p_origin text) returns void
language plpgsql as $f$
begin
  insert into customers as c (shop_id, nick, buyer_id, origin, trade_count, paid_trade_count, total_spend,
    first_purchase_at, last_purchase_at, last_trade_at, created_at, updated_at)
  select k.shop_id, k.nick, a.buyer_id, p_origin, a.trades, a.paid, a.spend, a.first_paid, a.last_paid, a.last_created,
    coalesce(a.first_created, now()), now()
  from (select distinct u.shop_id, u.nick from unnest(p_shop, p_nick) as u(shop_id, nick)) k
  cross join lateral (
    select max(x.buyer_id) as buyer_id, count(*)::int as trades, (count(*) filter (where x.counted))::int as paid,
      coalesce(sum(x.payment) filter (where x.counted), 0)::bigint as spend,
      min(x.pay_time) filter (where x.counted) as first_paid, max(x.pay_time) filter (where x.counted) as last_paid,
      min(x.created) as first_created, max(x.created) as last_created
    from (
      select t.buyer_id, t.payment::bigint as payment, t.pay_time, t.created,
        customer_trade_counts(t.status, t.pay_time) as counted
      from trades t where t.shop_id = k.shop_id and t.buyer_nick = k.nick
      union all
      select null::bigint, h.payment, h.pay_time, h.created, customer_trade_counts(h.status, h.pay_time)
      from customer_history_trades h where h.shop_id = k.shop_id and h.nick = k.nick
    ) x
  ) a
  order by k.shop_id, k.nick
  on conflict (shop_id, nick) do update set
    buyer_id = coalesce(c.buyer_id, excluded.buyer_id),
    trade_count = excluded.trade_count,
    paid_trade_count = excluded.paid_trade_count,
    total_spend = excluded.total_spend,
    first_purchase_at = excluded.first_purchase_at,
    last_purchase_at = excluded.last_purchase_at,
    last_trade_at = excluded.last_trade_at,
    updated_at = excluded.updated_at;
end $f$;

-- A bulk loader (the trade generator) sets xiaoer.bulk_load for its transaction and calls customers_rebuild once at
-- the end: one grouping pass instead of one per statement.
create function customers_bulk_loading() returns boolean language sql stable as $f$
  select coalesce(current_setting('xiaoer.bulk_load', true), '') = 'on'
$f$;

create function customers_after_trades_insert() returns trigger language plpgsql as $f$
declare
  shops bigint[];
  nicks text[];
begin
  if customers_bulk_loading() then return null; end if;
  select array_agg(d.shop_id), array_agg(d.buyer_nick) into shops, nicks
  from (select distinct n.shop_id, n.buyer_nick from new_trades n) d;
  if shops is not null then perform customers_refresh(shops, nicks, 'trade'); end if;
  return null;
end $f$;

-- Only a change of what the aggregates count refreshes them: a trade becoming (or ceasing to be) a purchase, a
-- purchase's amount, or whose it is. Memos, flags, addresses and the price of an unpaid trade cost nothing here;
-- what was bought changes only when a trade starts or stops counting.
create function customers_after_trades_update() returns trigger language plpgsql as $f$
declare
  shops bigint[];
  nicks text[];
  item_shops bigint[];
  item_nicks text[];
begin
  if customers_bulk_loading() then return null; end if;
  with changed as (
    select n.shop_id, n.buyer_nick as nick, o.shop_id as old_shop, o.buyer_nick as old_nick,
      customer_trade_counts(n.status, n.pay_time) as counts, customer_trade_counts(o.status, o.pay_time) as counted,
      (n.payment, n.pay_time) is distinct from (o.payment, o.pay_time) as amount_changed,
      (n.created, n.buyer_id) is distinct from (o.created, o.buyer_id) as trade_changed,
      (n.buyer_nick, n.shop_id) is distinct from (o.buyer_nick, o.shop_id) as moved
    from new_trades n join old_trades o on o.tid = n.tid
  ), refresh as (
    select shop_id, nick, counts <> counted or moved as items from changed
    where counts <> counted or (counts and amount_changed) or trade_changed or moved
    union all
    select old_shop, old_nick, true from changed where moved
  )
  select array_agg(r.shop_id), array_agg(r.nick),
    array_agg(r.shop_id) filter (where r.items), array_agg(r.nick) filter (where r.items)
  into shops, nicks, item_shops, item_nicks
  from refresh r;
  if shops is not null then perform customers_refresh(shops, nicks, 'trade'); end if;
  if item_shops is not null then perform customer_items_refresh(item_shops, item_nicks); end if;
  return null;
end $f$;

create trigger customers_trades_insert after insert on trades
  referencing new table as new_trades for each statement execute function customers_after_trades_insert();
create trigger customers_trades_update after update on trades
  referencing old table as old_trades new table as new_trades for each statement execute function customers_after_trades_update();

-- What a customer has bought changes with the trade (above), and with its sub-orders: added to a purchase (a new
-- trade's orders come after it, or with it in a bulk load), or a sub-order's status changing (refunded).
create function customers_after_orders_change() returns trigger language plpgsql as $f$
declare
  shops bigint[];
  nicks text[];
begin
  if customers_bulk_loading() then return null; end if;
  if tg_op = 'INSERT' then
    select array_agg(d.shop_id), array_agg(d.buyer_nick) into shops, nicks from (
      select distinct t.shop_id, t.buyer_nick from new_orders o join trades t on t.tid = o.tid
      where customer_trade_counts(o.status, t.pay_time)) d;
  else
    select array_agg(d.shop_id), array_agg(d.buyer_nick) into shops, nicks from (
      select distinct t.shop_id, t.buyer_nick from new_orders n join old_orders o on o.oid = n.oid join trades t on t.tid = n.tid
      where (n.status, n.num_iid, n.tid) is distinct from (o.status, o.num_iid, o.tid)) d;
  end if;
  if shops is not null then perform customer_items_refresh(shops, nicks); end if;
  return null;
end $f$;
create trigger customers_orders_insert after insert on orders
  referencing new table as new_orders for each statement execute function customers_after_orders_change();
create trigger customers_orders_update after update on orders
  referencing old table as old_orders new table as new_orders for each statement execute function customers_after_orders_change();

-- A buyer who opens the shop's chat becomes its customer, and an imported customer of that nick learns its buyer.
create function customers_after_conversations_insert() returns trigger language plpgsql as $f$
begin
  insert into customers as c (shop_id, nick, buyer_id, origin, created_at, updated_at)
  select distinct on (n.shop_id, n.buyer_nick) n.shop_id, n.buyer_nick, n.buyer_id, 'chat', n.created_at, n.created_at
  from new_conversations n order by n.shop_id, n.buyer_nick, n.created_at
  on conflict (shop_id, nick) do update set buyer_id = excluded.buyer_id where c.buyer_id is null;
  return null;
end $f$;
create trigger customers_conversations_insert after insert on conversations
  referencing new table as new_conversations for each statement execute function customers_after_conversations_insert();

-- A bulk loader running as a replica (session_replication_role) skips these triggers like any other, and rebuilds the
-- customers of its shop itself (customers_rebuild).

-- Every customer of one shop recomputed from its live and imported trades in one grouping pass (customers_refresh
-- does the same for a few): after a bulk load, and below for the trades made before this migration. What they bought
-- is added to; a bulk load only adds trades.
create function customers_rebuild(p_shop bigint) returns void language plpgsql as $f$
begin
  insert into customers as c (shop_id, nick, buyer_id, origin, trade_count, paid_trade_count, total_spend,
    first_purchase_at, last_purchase_at, last_trade_at, created_at, updated_at)
  select p_shop, t.nick, max(t.buyer_id), 'trade', count(*),
    count(*) filter (where customer_trade_counts(t.status, t.pay_time)),
    coalesce(sum(t.payment) filter (where customer_trade_counts(t.status, t.pay_time)), 0),
    min(t.pay_time) filter (where customer_trade_counts(t.status, t.pay_time)),
    max(t.pay_time) filter (where customer_trade_counts(t.status, t.pay_time)),
    max(t.created), min(t.created), now()
  from (
    select buyer_nick as nick, buyer_id, payment::bigint as payment, pay_time, status, created from trades where shop_id = p_shop
    union all
    select nick, null, payment, pay_time, status, created from customer_history_trades where shop_id = p_shop
  ) t group by t.nick
  order by t.nick
  on conflict (shop_id, nick) do update set
    buyer_id = coalesce(c.buyer_id, excluded.buyer_id),
    trade_count = excluded.trade_count,
    paid_trade_count = excluded.paid_trade_count,
    total_spend = excluded.total_spend,
    first_purchase_at = excluded.first_purchase_at,
    last_purchase_at = excluded.last_purchase_at,
    last_trade_at = excluded.last_trade_at,
    updated_at = excluded.updated_at;
  insert into customer_items (shop_id, num_iid, customer_id)
  select distinct c.shop_id, o.num_iid, c.id
  from trades t join orders o on o.tid = t.tid join customers c on c.shop_id = t.shop_id and c.nick = t.buyer_nick
  where t.shop_id = p_shop and customer_trade_counts(o.status, t.pay_time)
  on conflict do nothing;
end $f$;

-- The customers of the trades and chats made before this migration.
select customers_rebuild(id) from shops;

insert into customers (shop_id, nick, buyer_id, origin, created_at, updated_at)
select v.shop_id, v.buyer_nick, v.buyer_id, 'chat', v.created_at, now() from conversations v
on conflict (shop_id, nick) do nothing;
