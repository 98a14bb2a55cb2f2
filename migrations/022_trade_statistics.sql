-- ANALYZE samples every column of a table, and most of its time on trades and orders goes to text columns that no
-- query compares, sorts, groups or joins on across trades: they are shown, never searched (the receiver's address is
-- grouped only within one buyer's handful of trades). Their statistics would never inform a plan, so they are not
-- collected: ANALYZE of trades takes half the time, after every bulk load and every autovacuum analyze.
-- A column that becomes a filter later gets its statistics back with `set statistics -1`.
alter table trades
  alter column receiver_name set statistics 0,
  alter column receiver_mobile set statistics 0,
  alter column receiver_state set statistics 0,
  alter column receiver_city set statistics 0,
  alter column receiver_district set statistics 0,
  alter column receiver_address set statistics 0,
  alter column memo set statistics 0,
  alter column alipay_no set statistics 0,
  alter column close_reason set statistics 0,
  alter column pay_method set statistics 0;

alter table orders
  alter column title set statistics 0,
  alter column sku_properties_name set statistics 0;
