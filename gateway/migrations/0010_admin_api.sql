-- The merchant's admin API: lists a back office pages through, newest first.
create index orders_shop_placed on orders (shop_id, placed_at desc, id desc);
create index products_shop_created on products (shop_id, created_at desc, id desc);
-- productDelete asks whether any order line still names the SKU.
create index order_lines_shop_sku on order_lines (shop_id, sku);
