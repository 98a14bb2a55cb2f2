-- Reviews (SPEC §8): the buyer rates each sub-order of a finished trade; neutral and bad reviews get a follow-up.

create table reviews (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  tid bigint not null references trades(tid),
  oid bigint not null unique references orders(oid),
  buyer_id bigint not null references buyers(id),
  buyer_nick text not null,
  num_iid bigint not null,
  item_title text not null,
  result text not null check (result in ('good', 'neutral', 'bad')),
  content text not null,
  original_result text not null check (original_result in ('good', 'neutral', 'bad')),
  original_content text not null,
  created_at timestamptz not null,
  changed_at timestamptz,                          -- set once: a review changes at most once
  version int not null default 1
);
create index reviews_shop_created on reviews (shop_id, created_at desc);
create index reviews_shop_item on reviews (shop_id, num_iid, created_at desc);
create index reviews_tid on reviews (tid);

-- After-sales' follow-up of a neutral or bad review: contacts with the buyer, then an outcome.
create table review_followups (
  id bigint generated always as identity primary key,
  shop_id bigint not null references shops(id),
  review_id bigint not null unique references reviews(id),
  tid bigint not null,
  oid bigint not null,
  buyer_nick text not null,
  result text not null,                            -- the review's result when the follow-up opened
  status text not null check (status in ('open', 'contacted', 'closed')),
  outcome text check (outcome in ('resolved', 'changed_to_good', 'unresolved')),
  outcome_note text,
  contacts int not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_by text,
  closed_at timestamptz
);
create index review_followups_shop_status on review_followups (shop_id, status, created_at);

create table review_followup_contacts (
  id bigint generated always as identity primary key,
  followup_id bigint not null references review_followups(id),
  shop_id bigint not null,
  channel text not null check (channel in ('chat', 'phone', 'sms')),
  note text not null,
  by_id bigint not null,
  by_name text not null,
  at timestamptz not null
);
create index review_followup_contacts_followup on review_followup_contacts (followup_id, id);
