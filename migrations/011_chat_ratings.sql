-- Post-chat satisfaction ratings (满意度评价). A conversation serves the same buyer session after session, so its
-- ends are counted: a rating belongs to one session, and a session takes one rating.
alter table conversations add column sessions_ended int not null default 0;

create table chat_ratings (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  conversation_id bigint not null references conversations(id),
  session_no int not null,                          -- conversations.sessions_ended while that session was open
  buyer_id bigint not null references buyers(id),
  agent_id bigint references accounts(id),          -- who served the session
  score smallint not null check (score between 1 and 5),   -- 5 非常满意 … 1 非常不满意
  comment text check (char_length(comment) <= 200),
  created_at timestamptz not null,
  unique (conversation_id, session_no)
);
create index chat_ratings_shop_created on chat_ratings (shop_id, created_at);
create index chat_ratings_agent_created on chat_ratings (shop_id, agent_id, created_at);
