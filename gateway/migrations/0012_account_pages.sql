-- Hosted account pages: every storefront gets a handle (its pages live at /account/<handle>/),
-- an optional look (logo, accent colour) and links back to the shop. A storefront without its
-- own account URL (null) uses the hosted pages: <GATEWAY_PUBLIC_URL>/account/<handle>.
alter table storefronts alter column account_url drop not null;
alter table storefronts
    add column handle text,
    add column logo_url text,
    add column accent_color text check (accent_color ~ '^#[0-9a-f]{6}$'),
    add column shop_url text,
    add column checkout_url text;

-- Handles for storefronts made before this migration: the name as a slug; a second storefront
-- with the same slug gets a piece of its id.
with slugs as (
    select id,
           coalesce(nullif(trim(both '-' from left(
               regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g'), 30)), ''), 'shop') as base,
           row_number() over (
               partition by coalesce(nullif(trim(both '-' from left(
                   regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g'), 30)), ''), 'shop')
               order by created_at, id) as rank
    from storefronts
)
update storefronts sf
   set handle = case when slugs.rank = 1 then slugs.base
                     else slugs.base || '-' || left(replace(sf.id::text, '-', ''), 8) end
  from slugs
 where slugs.id = sf.id;

alter table storefronts alter column handle set not null;
alter table storefronts add constraint storefronts_handle_format
    check (handle ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$');
create unique index storefronts_handle on storefronts (handle);
