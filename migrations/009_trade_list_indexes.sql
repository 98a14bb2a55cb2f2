-- Listing orders by (created, tid), so a page by status, or by buyer, is one index range read with no sort.
-- Ascending: created only grows, so ascending indexes stay dense, and a backward scan serves "newest first".
drop index trades_shop_status_created;
drop index trades_shop_created;
drop index trades_shop_nick;
create index trades_shop_status_created on trades (shop_id, status, created, tid);
create index trades_shop_created on trades (shop_id, created, tid);
create index trades_shop_nick on trades (shop_id, buyer_nick, created, tid);
