-- Broadcasts (群发): a promotion sent through the chat to every customer of a segment, throttled, with a status per
-- recipient. The recipients are chosen once, when the broadcast starts; each batch marks its recipients sent in the
-- same transaction as their messages, so a restart goes on where it stopped and never sends twice.

create table broadcasts (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  segment_id bigint references customer_segments(id) on delete set null,
  segment_name text not null,
  rule jsonb not null,                              -- the segment's rule when sent: who was chosen, and why
  text text not null,
  status text not null check (status in ('sending', 'done', 'cancelled')),
  rate_per_minute int not null check (rate_per_minute between 1 and 6000),
  total int not null default 0,
  sent int not null default 0,
  skipped_opt_out int not null default 0,
  failed int not null default 0,
  batches int not null default 0,
  created_by bigint not null references accounts(id),
  created_by_name text not null,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index broadcasts_shop on broadcasts (shop_id, id desc);
create index broadcasts_sending on broadcasts (shop_id) where status = 'sending';

create table broadcast_recipients (
  broadcast_id bigint not null references broadcasts(id),
  customer_id bigint not null references customers(id),
  shop_id bigint not null,
  nick text not null,
  buyer_id bigint,
  status text not null default 'pending' check (status in ('pending', 'sent', 'skipped_opt_out', 'failed')),
  reason text,
  conversation_id bigint,
  seq bigint,                                       -- the message's number in the conversation
  updated_at timestamptz not null,
  primary key (broadcast_id, customer_id)
);
-- The next batch is the first pending recipients in customer order: a small index that shrinks as they are sent.
create index broadcast_recipients_pending on broadcast_recipients (broadcast_id, customer_id) where status = 'pending';
create index broadcast_recipients_status on broadcast_recipients (broadcast_id, status, customer_id);
