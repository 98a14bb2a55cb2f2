-- Chat (旺旺): one conversation per (shop, buyer) holding the whole history; its routing state lives on the same row.

create table conversations (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  buyer_id bigint not null references buyers(id),
  buyer_nick text not null,
  -- new: never routed; waiting: 留言 (nobody online); queued: every agent full; active: an agent serves it; ended
  status text not null default 'new' check (status in ('new', 'waiting', 'queued', 'active', 'ended')),
  agent_id bigint references accounts(id),          -- set while active
  situation text check (situation in ('presales', 'unshipped', 'aftersales')),
  group_id bigint,                                  -- the service group it was routed or queued for
  queue_seq bigint,                                 -- order in the shop's queue while waiting or queued
  queued_at timestamptz,
  assigned_at timestamptz,
  last_agent_id bigint,                             -- 最近联系人: who served the buyer last, and until when
  last_agent_at timestamptz,
  last_seq bigint not null default 0,               -- the newest message's seq; seqs grow in commit order
  last_message_at timestamptz,
  last_buyer_message_at timestamptz,
  buyer_read_seq bigint not null default 0,
  agent_read_seq bigint not null default 0,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  unique (shop_id, buyer_id),
  check ((status = 'active') = (agent_id is not null))
) with (fillfactor = 70);  -- room for HOT updates: every message bumps last_seq, and no index covers what it changes
-- Few, partial indexes: each one is written again whenever routing changes a conversation's status.
create index conversations_active on conversations (shop_id, agent_id) where status = 'active';
create index conversations_queue on conversations (shop_id, queue_seq) where status in ('waiting', 'queued');

-- Messages are numbered per conversation; the client's own id makes a resend after a timeout harmless.
-- No foreign key on conversation_id: the only writer, chat_store_messages below, inserts for conversations it has
-- just locked, and conversations are never deleted; the per-row check would cost a tenth of the write.
create table messages (
  conversation_id bigint not null,
  seq bigint not null,
  shop_id bigint not null,
  sender_kind text not null check (sender_kind in ('buyer', 'agent', 'system')),
  sender_id bigint,
  sender_name text not null,
  client_msg_id text not null,
  kind text not null check (kind in ('text', 'emoji', 'image', 'product', 'trade', 'system')),
  body jsonb not null,                              -- text is stored as text, never as HTML
  created_at timestamptz not null,
  primary key (conversation_id, seq),
  unique (conversation_id, client_msg_id)
);

-- Images sent in a conversation, kept in the database so that every node can serve them.
create table chat_uploads (
  id text primary key,                              -- random, unguessable
  shop_id bigint not null references shops(id),
  conversation_id bigint not null references conversations(id),
  uploader_kind text not null check (uploader_kind in ('buyer', 'agent')),
  uploader_id bigint not null,
  mime text not null check (mime in ('image/jpeg', 'image/png', 'image/gif', 'image/webp')),
  size int not null check (size > 0),
  data bytea not null,
  created_at timestamptz not null
);
create index chat_uploads_conversation on chat_uploads (conversation_id);

-- The chat writer's group commit in one call: plpgsql keeps the plans of these statements for the session, which
-- halves the cost of a batch on the embedded database. Conversations are locked in id order (so two batches or two
-- nodes never wait on each other in a circle) and stay locked until commit, so each conversation's seq grows in
-- commit order. A sender who may not write there is refused row by row; a resend (same client id) inserts nothing.
create function chat_store_messages(
  p_conversation bigint[], p_shop bigint[], p_sender_kind text[], p_sender bigint[], p_sender_name text[],
  p_client_msg_id text[], p_kind text[], p_body text[], p_now timestamptz)
returns table (ord bigint, seq bigint, inserted boolean, allowed boolean, status text, agent_id bigint)
language plpgsql as $f$
begin
  perform 1 from conversations c where c.id = any(p_conversation) order by c.id for update;
  return query
  with v as (
    select * from unnest(p_conversation, p_shop, p_sender_kind, p_sender, p_sender_name, p_client_msg_id, p_kind, p_body)
      with ordinality as t(conversation_id, shop_id, sender_kind, sender_id, sender_name, client_msg_id, kind, body, ord)
  ),
  chk as (
    select v.*, c.last_seq, c.status, c.agent_id,
      coalesce(c.shop_id = v.shop_id and ((v.sender_kind = 'buyer' and c.buyer_id = v.sender_id)
        or (v.sender_kind = 'agent' and c.status = 'active' and c.agent_id = v.sender_id)
        or v.sender_kind = 'system'), false) as ok
    from v left join conversations c on c.id = v.conversation_id
  ),
  num as (
    select chk.*, chk.last_seq + row_number() over (partition by chk.conversation_id order by chk.ord) as new_seq
    from chk where chk.ok
  ),
  ins as (
    insert into messages (conversation_id, seq, shop_id, sender_kind, sender_id, sender_name, client_msg_id, kind, body, created_at)
    select n.conversation_id, n.new_seq, n.shop_id, n.sender_kind, n.sender_id, n.sender_name, n.client_msg_id, n.kind,
           n.body::jsonb, p_now
    from num n
    on conflict (conversation_id, client_msg_id) do nothing
    returning messages.conversation_id, messages.client_msg_id
  ),
  upd as (
    update conversations c
    set last_seq = m.top, last_message_at = p_now,
        last_buyer_message_at = case when m.buyer then p_now else c.last_buyer_message_at end
    from (select n.conversation_id, max(n.new_seq) as top, bool_or(n.sender_kind = 'buyer') as buyer
          from num n group by n.conversation_id) m
    where c.id = m.conversation_id
  )
  select chk.ord, num.new_seq, ins.client_msg_id is not null, chk.ok, chk.status, chk.agent_id
  from chk
  left join num on num.ord = chk.ord
  left join ins on ins.conversation_id = chk.conversation_id and ins.client_msg_id = chk.client_msg_id;
end $f$;
