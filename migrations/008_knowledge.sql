-- Knowledge base (知识库): Q&A entries with similar phrasings and an optional product scope, and each shop's
-- auto-reply settings. Product knowledge itself lives on products (002_catalog.sql).

create table knowledge_entries (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  question text not null,
  similar_questions text[] not null default '{}', -- other ways buyers ask the same thing (相似问法)
  answer text not null,
  num_iid bigint references products(num_iid),   -- null: a shop-wide answer
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (shop_id, question)                      -- an import of the same question updates it
);
create index knowledge_entries_item on knowledge_entries (num_iid) where num_iid is not null;

create table knowledge_settings (
  shop_id bigint primary key references shops(id),
  auto_reply_enabled boolean not null default false,
  auto_reply_threshold real not null default 0.9 check (auto_reply_threshold between 0.5 and 1),
  auto_reply_when_nobody_online boolean not null default true,
  auto_reply_offline_threshold real not null default 0.7 check (auto_reply_offline_threshold between 0.3 and 1),
  auto_reply_prefix text not null default '【自动回复】',
  updated_at timestamptz not null default now()
);
