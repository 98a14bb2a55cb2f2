create table products (
  num_iid bigint generated always as identity (start with 600000000001) primary key,
  shop_id bigint not null references shops(id),
  title text not null,
  price int not null check (price >= 0),           -- fen; the lowest SKU price is shown on the storefront
  weight_g int not null default 0 check (weight_g >= 0),
  approve_status text not null default 'onsale' check (approve_status in ('onsale', 'instock')),
  -- product knowledge (商品知识)
  material text not null default '',
  size_chart text not null default '',
  usage text not null default '',
  care text not null default '',
  suitable_for text not null default '',
  not_suitable_for text not null default '',
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_shop on products (shop_id, approve_status, num_iid);

create table skus (
  sku_id bigint generated always as identity (start with 700000000001) primary key,
  num_iid bigint not null references products(num_iid),
  shop_id bigint not null,
  properties_name text not null,                   -- '颜色:红色;尺码:M'
  price int not null check (price >= 0),
  quantity int not null check (quantity >= 0),     -- stock left to sell; a placed trade reserves it
  weight_g int
);
create index skus_product on skus (num_iid);
