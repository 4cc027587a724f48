-- A shop's catalogue version: bumped by every statement that writes products or price-list
-- prices, so a process that caches catalogue rows (gateway/pricing/catalogue_cache.py) knows,
-- in the same statement that reads prices, whether what it holds is still what is stored.
alter table shops add column catalogue_version bigint not null default 0;

create function bump_catalogue_version() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update shops set catalogue_version = catalogue_version + 1
        where id in (select distinct shop_id from new_rows);
    elsif tg_op = 'DELETE' then
        update shops set catalogue_version = catalogue_version + 1
        where id in (select distinct shop_id from old_rows);
    else
        update shops set catalogue_version = catalogue_version + 1
        where id in (select shop_id from new_rows union select shop_id from old_rows);
    end if;
    return null;
end
$$;

create trigger products_catalogue_inserted after insert on products
    referencing new table as new_rows for each statement execute function bump_catalogue_version();
create trigger products_catalogue_updated after update on products
    referencing old table as old_rows new table as new_rows
    for each statement execute function bump_catalogue_version();
create trigger products_catalogue_deleted after delete on products
    referencing old table as old_rows for each statement execute function bump_catalogue_version();

create trigger price_list_prices_catalogue_inserted after insert on price_list_prices
    referencing new table as new_rows for each statement execute function bump_catalogue_version();
create trigger price_list_prices_catalogue_updated after update on price_list_prices
    referencing old table as old_rows new table as new_rows
    for each statement execute function bump_catalogue_version();
create trigger price_list_prices_catalogue_deleted after delete on price_list_prices
    referencing old table as old_rows for each statement execute function bump_catalogue_version();
