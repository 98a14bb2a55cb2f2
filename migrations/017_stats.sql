-- Performance of the team (绩效与销售统计, SPEC §11). The figures are kept up to date as events happen, in per
-- (shop, agent, day, buyer) contact rows and per (shop, agent, day) counter rows:
-- - trades, refunds and ratings by statement triggers, in the same transaction as the event;
-- - messages by the folder (modules/stats/folder.ts): each conversation keeps the number of the last message folded
--   in, and the folder adds what came after it in one transaction with the new number, so nothing is counted twice
--   or lost across a restart, and storing a message costs nothing more.
-- `stats recompute --day` rebuilds any day from the raw rows with the same definitions (modules/stats/rules.ts), and
-- a test holds the two to each other.
--
-- Times are instants; a day is the shop's calendar day (shops.timezone). Durations are whole milliseconds.

create table stats_settings (
  shop_id bigint primary key references shops(id),
  attribution_days int not null default 3 check (attribution_days between 2 and 15),
  -- order_first 下单优先: the agent credited at ordering keeps the trade, else the one at payment;
  -- payment 付款: the agent credited at payment; order 下单: only the agent credited at ordering.
  attribution_rule text not null default 'order_first' check (attribution_rule in ('order_first', 'payment', 'order')),
  version int not null default 1,
  updated_at timestamptz not null default now()
);

-- Where each assignment starts and ends in its conversation's message numbers: the router and the message writer both
-- lock the conversation, so these numbers say exactly which messages an assignment served, even within a millisecond.
create table stats_assignment_marks (
  assignment_id bigint primary key,
  shop_id bigint not null,
  conversation_id bigint not null,
  agent_id bigint not null,
  start_seq bigint not null,                        -- messages after this one were written while it served
  end_seq bigint,                                   -- … up to and with this one; null while it serves
  assigned_at timestamptz not null,
  ended_at timestamptz
);
create index stats_assignment_marks_conversation on stats_assignment_marks (conversation_id, start_seq);
create index stats_assignment_marks_assigned on stats_assignment_marks (shop_id, assigned_at);
create index stats_assignment_marks_ended on stats_assignment_marks (shop_id, ended_at);
create index stats_assignment_marks_open on stats_assignment_marks (conversation_id) where end_seq is null;

-- Per conversation, how far the folder has come: the last message and assignment folded in, since when the buyer has
-- waited for an answer, and how many of its messages wait for an agent (written while nobody served it; the next
-- assignment receives them).
create table stats_conversations (
  conversation_id bigint primary key,
  shop_id bigint not null,
  folded_seq bigint not null default 0,
  folded_assignment bigint not null default 0,
  unanswered_since timestamptz,
  pending_msgs int not null default 0,
  -- The assignment folded in last, as its mark was then (the folder reads the marks again only when they changed).
  mark_agent_id bigint,
  mark_start_seq bigint,
  mark_end_seq bigint,
  mark_assigned_at timestamptz
) with (fillfactor = 70);

-- Conversations whose assignment ended since the folder last looked (an open assignment is found by its mark).
create table stats_dirty (
  conversation_id bigint primary key,
  marked bigint not null default 1                  -- bumped by each end: the folder clears only what it has seen
);

-- One agent and one buyer on one day: what each side said, how fast the agent answered, and what the buyer bought
-- that is credited to the agent. A buyer counts once a day in every per-buyer figure.
create table stats_contacts (
  shop_id bigint not null,
  agent_id bigint not null,
  day date not null,
  buyer_id bigint not null,
  buyer_msgs int not null default 0,
  agent_msgs int not null default 0,
  first_buyer_at timestamptz,                       -- for messages that waited for an agent: when it received them
  first_agent_at timestamptz,
  last_agent_at timestamptz,
  responses int not null default 0,
  response_ms bigint not null default 0,
  first_response_ms bigint,
  inquiry boolean not null default false,           -- had placed no trade within the window before first writing
  converted boolean not null default false,         -- … and then paid a trade credited to this agent within the window
  ordered int not null default 0,                   -- trades placed this day credited to the agent at ordering
  paid int not null default 0,                      -- trades paid this day credited to the agent
  primary key (shop_id, agent_id, day, buyer_id)
) with (fillfactor = 70);
create index stats_contacts_buyer on stats_contacts (shop_id, buyer_id, day);

create table stats_agent_days (
  shop_id bigint not null,
  day date not null,
  agent_id bigint not null,
  consulted int not null default 0,                 -- 咨询人数
  received int not null default 0,                  -- 接待人数
  inquired int not null default 0,                  -- 询单人数
  converted int not null default 0,                 -- 询单 → 付款
  buyer_msgs int not null default 0,
  agent_msgs int not null default 0,
  responses int not null default 0,
  response_ms bigint not null default 0,
  first_responses int not null default 0,
  first_response_ms bigint not null default 0,
  ordered_buyers int not null default 0,            -- 下单人数
  paid_buyers int not null default 0,               -- 付款人数
  paid_trades int not null default 0,
  sales bigint not null default 0,                  -- 客服销售额, fen
  items int not null default 0,
  refunded_trades int not null default 0,           -- of the trades paid this day
  refund_fee bigint not null default 0,
  ratings int not null default 0,
  satisfied int not null default 0,                 -- 满意 or 非常满意
  rating_sum int not null default 0,
  primary key (shop_id, day, agent_id)
) with (fillfactor = 50);  -- a busy agent's row of today changes with every batch of messages

-- The whole shop, every trade whether an agent is credited or not.
create table stats_shop_days (
  shop_id bigint not null,
  day date not null,
  trades int not null default 0,
  ordered_buyers int not null default 0,
  paid_trades int not null default 0,
  paid_buyers int not null default 0,
  sales bigint not null default 0,
  items int not null default 0,
  refunded_trades int not null default 0,
  refund_fee bigint not null default 0,
  primary key (shop_id, day)
);

create table stats_buyer_days (
  shop_id bigint not null,
  day date not null,
  buyer_id bigint not null,
  ordered int not null default 0,
  paid int not null default 0,
  primary key (shop_id, day, buyer_id)
);

create table stats_product_days (
  shop_id bigint not null,
  day date not null,
  num_iid bigint not null,
  paid_trades int not null default 0,
  items int not null default 0,
  sales bigint not null default 0,                  -- the sub-orders' amounts (postage is the trade's)
  primary key (shop_id, day, num_iid)
);

-- Who each trade is credited to, decided when it was placed and when it was paid.
create table stats_trades (
  tid bigint primary key,
  shop_id bigint not null,
  buyer_id bigint not null,
  created timestamptz not null,
  order_agent_id bigint,
  pay_time timestamptz,
  pay_agent_id bigint,
  credited_agent_id bigint,
  payment int not null default 0,
  items int not null default 0,
  refunded boolean not null default false,
  refund_fee int not null default 0
);
create index stats_trades_paid on stats_trades (shop_id, pay_time);
create index stats_trades_buyer on stats_trades (buyer_id, pay_time);

-- KPI targets per month set by a supervisor: [{ "metric": "sales", "target": 1000000, "weight": 40 }, …].
create table stats_kpi_targets (
  shop_id bigint not null references shops(id),
  month date not null,                              -- the first day of the month
  targets jsonb not null,
  version int not null default 1,
  updated_by bigint,
  updated_at timestamptz not null,
  primary key (shop_id, month)
);

create function stats_bulk_loading() returns boolean language sql stable as $f$
  select coalesce(current_setting('xiaoer.bulk_load', true), '') = 'on'
$f$;

create function stats_day(p_at timestamptz, p_tz text) returns date language sql stable as $f$
  select (p_at at time zone p_tz)::date
$f$;

-- A window of whole days as hours, so that no session time zone stretches it over a daylight-saving change.
create function stats_days(p_days int) returns interval language sql immutable as $f$
  select make_interval(hours => 24 * p_days)
$f$;

-- The agent who last served the buyer within the window before `p_at`: the sender of the latest agent message (in
-- message order) written by then, if written within the window. Trades are credited by it when placed and when paid,
-- and the recompute credits them by the same function.
create function stats_last_agent(p_shop bigint, p_buyer bigint, p_at timestamptz, p_days int)
returns bigint language sql stable as $f$
  select m.sender_id
  from conversations c
  cross join lateral (
    select x.sender_id, x.created_at from messages x
    where x.conversation_id = c.id and x.sender_kind = 'agent' and x.created_at <= p_at
    order by x.seq desc limit 1
  ) m
  where c.shop_id = p_shop and c.buyer_id = p_buyer and m.created_at >= p_at - stats_days(p_days)
$f$;

-- Adds to contact rows (one per key) and to the agent's day what changes with them: a buyer counts the first time
-- it writes, is received (both sides have spoken), orders or pays that day. Returns the contacts that have just
-- become 询单 receptions. The new values come back from the upsert
-- itself, under the row's lock, so two transactions adding to the same contact count its buyer once.
create function stats_apply_contacts(
  p_shop bigint[], p_day date[], p_agent bigint[], p_buyer bigint[], p_buyer_msgs int[], p_agent_msgs int[],
  p_first_buyer_at timestamptz[], p_first_agent_at timestamptz[], p_last_agent_at timestamptz[], p_responses int[],
  p_response_ms bigint[], p_first_response_ms bigint[], p_inquiry boolean[], p_ordered int[], p_paid int[],
  p_paid_trades int[], p_sales bigint[], p_items int[])
returns table (r_shop bigint, r_agent bigint, r_day date, r_buyer bigint) language plpgsql as $f$
begin
  return query with d as (
    select * from unnest(p_shop, p_day, p_agent, p_buyer, p_buyer_msgs, p_agent_msgs, p_first_buyer_at, p_first_agent_at,
      p_last_agent_at, p_responses, p_response_ms, p_first_response_ms, p_inquiry, p_ordered, p_paid, p_paid_trades, p_sales, p_items)
      as t(shop_id, day, agent_id, buyer_id, buyer_msgs, agent_msgs, first_buyer_at, first_agent_at, last_agent_at, responses,
        response_ms, first_response_ms, inquiry, ordered, paid, paid_trades, sales, items)
  ),
  up as (
    insert into stats_contacts as c (shop_id, agent_id, day, buyer_id, buyer_msgs, agent_msgs, first_buyer_at, first_agent_at,
      last_agent_at, responses, response_ms, first_response_ms, inquiry, ordered, paid)
    select shop_id, agent_id, day, buyer_id, buyer_msgs, agent_msgs, first_buyer_at, first_agent_at, last_agent_at, responses,
      response_ms, first_response_ms, coalesce(inquiry, false), ordered, paid
    from d order by shop_id, agent_id, day, buyer_id
    on conflict (shop_id, agent_id, day, buyer_id) do update set
      buyer_msgs = c.buyer_msgs + excluded.buyer_msgs,
      agent_msgs = c.agent_msgs + excluded.agent_msgs,
      first_buyer_at = least(c.first_buyer_at, excluded.first_buyer_at),
      first_agent_at = least(c.first_agent_at, excluded.first_agent_at),
      last_agent_at = greatest(c.last_agent_at, excluded.last_agent_at),
      first_response_ms = case when c.responses = 0 then excluded.first_response_ms else c.first_response_ms end,
      responses = c.responses + excluded.responses,
      response_ms = c.response_ms + excluded.response_ms,
      inquiry = case when c.buyer_msgs = 0 then excluded.inquiry else c.inquiry end,
      ordered = c.ordered + excluded.ordered,
      paid = c.paid + excluded.paid
    returning c.*
  ),
  moved as (
    select up.shop_id, up.agent_id, up.day, up.buyer_id,
      up.buyer_msgs > 0 and up.buyer_msgs = d.buyer_msgs as consulted,
      up.buyer_msgs > 0 and up.agent_msgs > 0 and not (up.buyer_msgs > d.buyer_msgs and up.agent_msgs > d.agent_msgs) as received,
      up.inquiry,
      up.responses > 0 and up.responses = d.responses as first_response, up.first_response_ms,
      up.ordered > 0 and up.ordered = d.ordered as ordered, up.paid > 0 and up.paid = d.paid as paid,
      d.buyer_msgs, d.agent_msgs, d.responses, d.response_ms, d.paid_trades, d.sales, d.items
    from up join d on d.shop_id = up.shop_id and d.agent_id = up.agent_id and d.day = up.day and d.buyer_id = up.buyer_id
  ),
  ad as (
  insert into stats_agent_days as a (shop_id, day, agent_id, consulted, received, inquired, buyer_msgs, agent_msgs, responses,
    response_ms, first_responses, first_response_ms, ordered_buyers, paid_buyers, paid_trades, sales, items)
  select shop_id, day, agent_id, count(*) filter (where consulted), count(*) filter (where received),
    count(*) filter (where received and inquiry), sum(buyer_msgs), sum(agent_msgs), sum(responses), sum(response_ms),
    count(*) filter (where first_response), coalesce(sum(first_response_ms) filter (where first_response), 0),
    count(*) filter (where ordered), count(*) filter (where paid), sum(paid_trades), sum(sales), sum(items)
  from moved group by shop_id, day, agent_id
  order by shop_id, day, agent_id
  on conflict (shop_id, day, agent_id) do update set
    consulted = a.consulted + excluded.consulted, received = a.received + excluded.received,
    inquired = a.inquired + excluded.inquired, buyer_msgs = a.buyer_msgs + excluded.buyer_msgs,
    agent_msgs = a.agent_msgs + excluded.agent_msgs, responses = a.responses + excluded.responses,
    response_ms = a.response_ms + excluded.response_ms, first_responses = a.first_responses + excluded.first_responses,
    first_response_ms = a.first_response_ms + excluded.first_response_ms,
    ordered_buyers = a.ordered_buyers + excluded.ordered_buyers, paid_buyers = a.paid_buyers + excluded.paid_buyers,
    paid_trades = a.paid_trades + excluded.paid_trades, sales = a.sales + excluded.sales, items = a.items + excluded.items
  )
  -- The contacts that have just become 询单 receptions: a payment made before may convert them.
  select m.shop_id, m.agent_id, m.day, m.buyer_id from moved m where m.received and m.inquiry;
end $f$;

-- The shop's day: trades and buyers, a buyer counted once a day.
create function stats_apply_shop(
  p_shop bigint[], p_day date[], p_buyer bigint[], p_ordered int[], p_paid int[], p_sales bigint[], p_items int[])
returns void language plpgsql as $f$
begin
  with d as (
    select * from unnest(p_shop, p_day, p_buyer, p_ordered, p_paid, p_sales, p_items)
      as t(shop_id, day, buyer_id, ordered, paid, sales, items)
  ),
  up as (
    insert into stats_buyer_days as b (shop_id, day, buyer_id, ordered, paid)
    select shop_id, day, buyer_id, ordered, paid from d order by shop_id, day, buyer_id
    on conflict (shop_id, day, buyer_id) do update set ordered = b.ordered + excluded.ordered, paid = b.paid + excluded.paid
    returning b.*
  )
  insert into stats_shop_days as s (shop_id, day, trades, ordered_buyers, paid_trades, paid_buyers, sales, items)
  select d.shop_id, d.day, sum(d.ordered), count(*) filter (where up.ordered > 0 and up.ordered = d.ordered),
    sum(d.paid), count(*) filter (where up.paid > 0 and up.paid = d.paid), sum(d.sales), sum(d.items)
  from d join up on up.shop_id = d.shop_id and up.day = d.day and up.buyer_id = d.buyer_id
  group by d.shop_id, d.day order by d.shop_id, d.day
  on conflict (shop_id, day) do update set
    trades = s.trades + excluded.trades, ordered_buyers = s.ordered_buyers + excluded.ordered_buyers,
    paid_trades = s.paid_trades + excluded.paid_trades, paid_buyers = s.paid_buyers + excluded.paid_buyers,
    sales = s.sales + excluded.sales, items = s.items + excluded.items;
end $f$;

-- Assignments: where each starts and ends in message numbers (the folder credits waiting messages at the start).
create function stats_after_assignments_insert() returns trigger language plpgsql as $f$
begin
  insert into stats_assignment_marks (assignment_id, shop_id, conversation_id, agent_id, start_seq, assigned_at)
  select n.id, n.shop_id, n.conversation_id, n.agent_id, c.last_seq, n.assigned_at
  from new_assignments n join conversations c on c.id = n.conversation_id;
  return null;
end $f$;
create trigger stats_assignments_insert after insert on conversation_assignments
  referencing new table as new_assignments for each statement execute function stats_after_assignments_insert();

create function stats_after_assignments_update() returns trigger language plpgsql as $f$
begin
  with ended as (
    update stats_assignment_marks k set end_seq = c.last_seq, ended_at = n.ended_at
    from new_assignments n
    join old_assignments o on o.id = n.id
    join conversations c on c.id = n.conversation_id
    where k.assignment_id = n.id and o.ended_at is null and n.ended_at is not null
    returning k.conversation_id
  )
  insert into stats_dirty as d (conversation_id) select distinct conversation_id from ended order by 1
  on conflict (conversation_id) do update set marked = d.marked + 1;
  return null;
end $f$;
create trigger stats_assignments_update after update on conversation_assignments
  referencing old table as old_assignments new table as new_assignments for each statement
  execute function stats_after_assignments_update();

-- 满意度: a rating counts on the day it was given, for the agent who served the session.
create function stats_after_ratings_insert() returns trigger language plpgsql as $f$
begin
  if stats_bulk_loading() then return null; end if;
  insert into stats_agent_days as a (shop_id, day, agent_id, ratings, satisfied, rating_sum)
  select n.shop_id, stats_day(n.created_at, sh.timezone), n.agent_id, count(*), count(*) filter (where n.score >= 4), sum(n.score)
  from new_ratings n join shops sh on sh.id = n.shop_id
  where n.agent_id is not null
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (shop_id, day, agent_id) do update set ratings = a.ratings + excluded.ratings,
    satisfied = a.satisfied + excluded.satisfied, rating_sum = a.rating_sum + excluded.rating_sum;
  return null;
end $f$;
create trigger stats_ratings_insert after insert on chat_ratings
  referencing new table as new_ratings for each statement execute function stats_after_ratings_insert();

-- A trade placed: credited to the agent who last served the buyer within the window (下单人数).
create function stats_trades_placed(p_tids bigint[]) returns void language plpgsql as $f$
declare
  v_shop bigint[]; v_day date[]; v_agent bigint[]; v_buyer bigint[];
begin
  with t as (
    select t.tid, t.shop_id, t.buyer_id, t.created, stats_day(t.created, sh.timezone) as day,
      stats_last_agent(t.shop_id, t.buyer_id, t.created, coalesce(ss.attribution_days, 3)) as agent_id
    from trades t join shops sh on sh.id = t.shop_id left join stats_settings ss on ss.shop_id = t.shop_id
    where t.tid = any(p_tids)
  ),
  ins as (
    insert into stats_trades (tid, shop_id, buyer_id, created, order_agent_id)
    select tid, shop_id, buyer_id, created, agent_id from t order by tid
    on conflict (tid) do nothing
    returning tid
  )
  select array_agg(t.shop_id), array_agg(t.day), array_agg(t.agent_id), array_agg(t.buyer_id)
  into v_shop, v_day, v_agent, v_buyer
  from t join ins on ins.tid = t.tid;
  if v_shop is null then return; end if;

  perform stats_apply_shop(g.s, g.d, g.b, g.n, g.z, g.z8, g.z)
  from (select array_agg(shop_id) s, array_agg(day) d, array_agg(buyer_id) b, array_agg(n) n, array_agg(0) z, array_agg(0::bigint) z8
        from (select shop_id, day, buyer_id, count(*)::int n from unnest(v_shop, v_day, v_buyer) u(shop_id, day, buyer_id)
              group by 1, 2, 3) x) g;

  perform stats_apply_contacts(g.s, g.d, g.a, g.b, g.z, g.z, g.nt, g.nt, g.nt, g.z, g.z8, g.n8, g.nb, g.n, g.z, g.z, g.z8, g.z)
  from (select array_agg(shop_id) s, array_agg(day) d, array_agg(agent_id) a, array_agg(buyer_id) b, array_agg(n) n,
          array_agg(0) z, array_agg(0::bigint) z8, array_agg(null::timestamptz) nt, array_agg(null::bigint) n8,
          array_agg(null::boolean) nb
        from (select shop_id, day, agent_id, buyer_id, count(*)::int n
              from unnest(v_shop, v_day, v_agent, v_buyer) u(shop_id, day, agent_id, buyer_id)
              where agent_id is not null group by 1, 2, 3, 4) x) g
  where g.s is not null;
end $f$;

-- A trade paid: credited by the shop's rule; the buyer's inquiries with that agent within the window are converted.
create function stats_trades_paid(p_tids bigint[]) returns void language plpgsql as $f$
declare
  v_tid bigint[]; v_shop bigint[]; v_buyer bigint[]; v_pay timestamptz[]; v_day date[]; v_agent bigint[];
  v_pay_agent bigint[]; v_payment int[]; v_items int[]; v_w int[]; v_tz text[];
begin
  -- Placed before these figures were kept: credited at ordering now, from what is known.
  perform stats_trades_placed(array(select u from unnest(p_tids) u where not exists (select 1 from stats_trades s where s.tid = u)));
  select array_agg(tid), array_agg(shop_id), array_agg(buyer_id), array_agg(pay_time), array_agg(day),
    array_agg(case rule when 'order' then order_agent when 'payment' then pay_agent else coalesce(order_agent, pay_agent) end),
    array_agg(pay_agent), array_agg(payment), array_agg(items), array_agg(w), array_agg(tz)
  into v_tid, v_shop, v_buyer, v_pay, v_day, v_agent, v_pay_agent, v_payment, v_items, v_w, v_tz
  from (
    select t.tid, t.shop_id, t.buyer_id, t.pay_time, stats_day(t.pay_time, sh.timezone) as day, st.order_agent_id as order_agent,
      stats_last_agent(t.shop_id, t.buyer_id, t.pay_time, coalesce(ss.attribution_days, 3)) as pay_agent,
      coalesce(ss.attribution_rule, 'order_first') as rule, t.payment,
      coalesce((select sum(o.num) from orders o where o.tid = t.tid and o.status <> 'TRADE_CLOSED_BY_TAOBAO'), 0)::int as items,
      coalesce(ss.attribution_days, 3) as w, sh.timezone as tz
    from trades t
    join shops sh on sh.id = t.shop_id
    left join stats_settings ss on ss.shop_id = t.shop_id
    join stats_trades st on st.tid = t.tid and st.pay_time is null
    where t.tid = any(p_tids) and t.pay_time is not null
    order by t.tid
  ) x;
  if v_tid is null then return; end if;

  update stats_trades s set pay_time = p.pay_time, pay_agent_id = p.pay_agent, credited_agent_id = p.agent_id,
    payment = p.payment, items = p.items
  from unnest(v_tid, v_pay, v_pay_agent, v_agent, v_payment, v_items) as p(tid, pay_time, pay_agent, agent_id, payment, items)
  where s.tid = p.tid;

  -- 询单转化: the inquiries this agent received from the buyer within the window before the payment.
  with p as (
    select * from unnest(v_shop, v_buyer, v_pay, v_day, v_agent, v_w, v_tz) as p(shop_id, buyer_id, pay_time, day, agent_id, w, tz)
    where agent_id is not null
  ),
  conv as (
    update stats_contacts c set converted = true
    from p
    where c.shop_id = p.shop_id and c.agent_id = p.agent_id and c.buyer_id = p.buyer_id
      and c.day between stats_day(p.pay_time - stats_days(p.w), p.tz) and p.day
      and c.inquiry and not c.converted and c.buyer_msgs > 0 and c.agent_msgs > 0
      and greatest(c.first_buyer_at, c.first_agent_at) between p.pay_time - stats_days(p.w) and p.pay_time
    returning c.shop_id, c.day, c.agent_id
  )
  insert into stats_agent_days as a (shop_id, day, agent_id, converted)
  select shop_id, day, agent_id, count(*) from conv group by 1, 2, 3 order by 1, 2, 3
  on conflict (shop_id, day, agent_id) do update set converted = a.converted + excluded.converted;

  perform stats_apply_contacts(g.s, g.d, g.a, g.b, g.z, g.z, g.nt, g.nt, g.nt, g.z, g.z8, g.n8, g.nb, g.z, g.n, g.n, g.sales, g.items)
  from (select array_agg(shop_id) s, array_agg(day) d, array_agg(agent_id) a, array_agg(buyer_id) b, array_agg(n) n,
          array_agg(sales) sales, array_agg(items) items, array_agg(0) z, array_agg(0::bigint) z8,
          array_agg(null::timestamptz) nt, array_agg(null::bigint) n8, array_agg(null::boolean) nb
        from (select shop_id, day, agent_id, buyer_id, count(*)::int n, sum(payment)::bigint sales, sum(items)::int items
              from unnest(v_shop, v_day, v_agent, v_buyer, v_payment, v_items) u(shop_id, day, agent_id, buyer_id, payment, items)
              where agent_id is not null group by 1, 2, 3, 4) x) g
  where g.s is not null;

  perform stats_apply_shop(g.s, g.d, g.b, g.z, g.n, g.sales, g.items)
  from (select array_agg(shop_id) s, array_agg(day) d, array_agg(buyer_id) b, array_agg(0) z, array_agg(n) n,
          array_agg(sales) sales, array_agg(items) items
        from (select shop_id, day, buyer_id, count(*)::int n, sum(payment)::bigint sales, sum(items)::int items
              from unnest(v_shop, v_day, v_buyer, v_payment, v_items) u(shop_id, day, buyer_id, payment, items)
              group by 1, 2, 3) x) g;

  insert into stats_product_days as pd (shop_id, day, num_iid, paid_trades, items, sales)
  select p.shop_id, p.day, o.num_iid, count(distinct o.tid), sum(o.num), sum(o.total_fee)
  from unnest(v_tid, v_shop, v_day) as p(tid, shop_id, day)
  join orders o on o.tid = p.tid and o.status <> 'TRADE_CLOSED_BY_TAOBAO'
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (shop_id, day, num_iid) do update set paid_trades = pd.paid_trades + excluded.paid_trades,
    items = pd.items + excluded.items, sales = pd.sales + excluded.sales;
end $f$;

-- 询单转化 found from the other side: contacts the folder has just made receptions, against payments already credited
-- to the same agent within the window after the reception (a payment may be made before its chat is folded in).
create function stats_convert_contacts(p_shop bigint[], p_agent bigint[], p_day date[], p_buyer bigint[])
returns void language plpgsql as $f$
begin
  with conv as (
    update stats_contacts c set converted = true
    from unnest(p_shop, p_agent, p_day, p_buyer) as k(shop_id, agent_id, day, buyer_id)
    left join stats_settings ss on ss.shop_id = k.shop_id
    where c.shop_id = k.shop_id and c.agent_id = k.agent_id and c.day = k.day and c.buyer_id = k.buyer_id
      and c.inquiry and not c.converted and c.buyer_msgs > 0 and c.agent_msgs > 0
      and exists (select 1 from stats_trades t where t.buyer_id = c.buyer_id and t.shop_id = c.shop_id and t.credited_agent_id = c.agent_id
        and t.pay_time >= greatest(c.first_buyer_at, c.first_agent_at)
        and t.pay_time <= greatest(c.first_buyer_at, c.first_agent_at) + stats_days(coalesce(ss.attribution_days, 3)))
    returning c.shop_id, c.day, c.agent_id
  )
  insert into stats_agent_days as a (shop_id, day, agent_id, converted)
  select shop_id, day, agent_id, count(*) from conv group by 1, 2, 3 order by 1, 2, 3
  on conflict (shop_id, day, agent_id) do update set converted = a.converted + excluded.converted;
end $f$;

-- 退款: a paid trade with a refund (退款 or 退货退款, not an exchange) that succeeded counts as refunded, with what was
-- given back, on the day it was paid: the rate is the share of a day's sales that came back.
create function stats_trades_refunded(p_tids bigint[]) returns void language plpgsql as $f$
begin
  with now_state as (
    select s.tid, s.shop_id, s.credited_agent_id, stats_day(s.pay_time, sh.timezone) as day, s.refunded, s.refund_fee,
      coalesce(r.fee, 0) as fee, r.tid is not null as is_refunded
    from stats_trades s
    join shops sh on sh.id = s.shop_id
    left join (select tid, sum(refund_fee)::int as fee from refunds
               where tid = any(p_tids) and status = 'SUCCESS' and dispute_type <> 'EXCHANGE' group by tid) r on r.tid = s.tid
    where s.tid = any(p_tids) and s.pay_time is not null
  ),
  changed as (
    update stats_trades s set refunded = n.is_refunded, refund_fee = n.fee
    from now_state n where s.tid = n.tid and (n.is_refunded <> n.refunded or n.fee <> n.refund_fee)
    returning s.tid
  ),
  delta as (
    select n.shop_id, n.day, n.credited_agent_id, (n.is_refunded::int - n.refunded::int) as trades, (n.fee - n.refund_fee)::bigint as fee
    from now_state n join changed c on c.tid = n.tid
  ),
  agents as (
    insert into stats_agent_days as a (shop_id, day, agent_id, refunded_trades, refund_fee)
    select shop_id, day, credited_agent_id, sum(trades), sum(fee) from delta where credited_agent_id is not null
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (shop_id, day, agent_id) do update set refunded_trades = a.refunded_trades + excluded.refunded_trades,
      refund_fee = a.refund_fee + excluded.refund_fee
  )
  insert into stats_shop_days as s (shop_id, day, refunded_trades, refund_fee)
  select shop_id, day, sum(trades), sum(fee) from delta group by 1, 2 order by 1, 2
  on conflict (shop_id, day) do update set refunded_trades = s.refunded_trades + excluded.refunded_trades,
    refund_fee = s.refund_fee + excluded.refund_fee;
end $f$;

create function stats_after_refunds_change() returns trigger language plpgsql as $f$
declare
  tids bigint[];
begin
  if stats_bulk_loading() then return null; end if;
  if tg_op = 'INSERT' then
    select array_agg(distinct tid) into tids from new_refunds where status = 'SUCCESS';
  else
    select array_agg(distinct n.tid) into tids from new_refunds n join old_refunds o on o.refund_id = n.refund_id
    where (n.status = 'SUCCESS') <> (o.status = 'SUCCESS') or (n.status = 'SUCCESS' and n.refund_fee <> o.refund_fee);
  end if;
  if tids is not null then perform stats_trades_refunded(tids); end if;
  return null;
end $f$;
create trigger stats_refunds_insert after insert on refunds
  referencing new table as new_refunds for each statement execute function stats_after_refunds_change();
create trigger stats_refunds_update after update on refunds
  referencing old table as old_refunds new table as new_refunds for each statement execute function stats_after_refunds_change();

create function stats_after_trades_insert() returns trigger language plpgsql as $f$
declare
  tids bigint[];
begin
  if stats_bulk_loading() then return null; end if;
  select array_agg(tid order by tid) into tids from new_trades;
  perform stats_trades_placed(tids);
  select array_agg(tid order by tid) into tids from new_trades where pay_time is not null;
  if tids is not null then perform stats_trades_paid(tids); end if;
  return null;
end $f$;
create trigger stats_trades_insert after insert on trades
  referencing new table as new_trades for each statement execute function stats_after_trades_insert();

create function stats_after_trades_update() returns trigger language plpgsql as $f$
declare
  paid bigint[];
begin
  if stats_bulk_loading() then return null; end if;
  select array_agg(n.tid order by n.tid) into paid
  from new_trades n join old_trades o on o.tid = n.tid
  where o.pay_time is null and n.pay_time is not null;
  if paid is not null then perform stats_trades_paid(paid); end if;
  return null;
end $f$;
create trigger stats_trades_update after update on trades
  referencing old table as old_trades new table as new_trades for each statement execute function stats_after_trades_update();

-- The assignments made before these figures were kept, bounded by time (after this, by message number).
insert into stats_assignment_marks (assignment_id, shop_id, conversation_id, agent_id, start_seq, end_seq, assigned_at, ended_at)
select a.id, a.shop_id, a.conversation_id, a.agent_id,
  coalesce((select max(m.seq) from messages m where m.conversation_id = a.conversation_id and m.created_at < a.assigned_at), 0),
  case when a.ended_at is not null then
    coalesce((select max(m.seq) from messages m where m.conversation_id = a.conversation_id and m.created_at <= a.ended_at
      and m.sender_kind <> 'system'), 0) end,
  a.assigned_at, a.ended_at
from conversation_assignments a;
