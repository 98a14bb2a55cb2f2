-- Supervision (SPEC §12): quality inspection (质检). A supervisor samples served sessions (one assignment of a
-- conversation: the messages between its marks in stats_assignment_marks), scores each with a rubric, and comments;
-- the agent reads the outcome and acknowledges it. The live board reads routing's and stats' rows and keeps none.

create table qa_rubrics (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  name text not null,
  items jsonb not null,                             -- [{ "key": "greeting", "name": "礼貌用语", "max_score": 20, "description": "…" }]
  active boolean not null default true,
  version int not null default 1,
  created_by bigint references accounts(id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (shop_id, name)
);

create table qa_reviews (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  conversation_id bigint not null references conversations(id),
  assignment_id bigint not null unique,             -- the session under review: one review per session
  agent_id bigint not null references accounts(id),
  rubric_id bigint not null references qa_rubrics(id),
  rubric_items jsonb not null,                      -- the rubric as it was when sampled: a later edit changes no review
  status text not null default 'pending' check (status in ('pending', 'scored')),
  scores jsonb,                                     -- { "greeting": 18, … }
  item_comments jsonb,                              -- { "greeting": "…" }
  total int,
  max_total int not null,
  comment text check (char_length(comment) <= 1000),
  sampled_by bigint references accounts(id),
  sampled_at timestamptz not null,
  reviewer_id bigint references accounts(id),
  scored_at timestamptz,
  acknowledged_at timestamptz,
  version int not null default 1
);
create index qa_reviews_shop_status on qa_reviews (shop_id, status, sampled_at desc);
create index qa_reviews_agent on qa_reviews (shop_id, agent_id, sampled_at desc);
create index qa_reviews_conversation on qa_reviews (conversation_id);
