-- Organisations that work (B2B): memberships with roles in several organisations, the
-- organisation a session acts for, price lists with quantity breaks, payment terms in days,
-- orders placed for an organisation, and what an EU invoice must carry.

-- A contact may belong to several organisations, each with its own role. The membership id is
-- the `OrganisationMember.id` a portal passes to organisationMemberUpdate/Remove.
create table organisation_members (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    organisation_id uuid not null references organisations (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    role text not null check (role in ('ADMIN', 'BUYER')),
    created_at timestamptz not null default now(),
    unique (organisation_id, contact_id)
);
create index organisation_members_contact on organisation_members (contact_id, created_at);
create index organisation_members_org on organisation_members (organisation_id, created_at, id);

insert into organisation_members (shop_id, organisation_id, contact_id, role)
select shop_id, organisation_id, id, coalesce(organisation_role, 'BUYER')
from contacts where organisation_id is not null and not is_guest;

drop index if exists contacts_organisation;
alter table contacts drop column organisation_id, drop column organisation_role;

-- The organisation this session acts for. organisation_chosen false: the contact's only
-- membership when there is exactly one (so it is active from sign-in), else none; true: the
-- one chosen with setActiveOrganisation (null: a private customer). Either way it counts only
-- while the membership lasts.
alter table sessions
    add column organisation_id uuid references organisations (id) on delete set null,
    add column organisation_chosen boolean not null default false;

alter table organisations
    add column payment_terms_days integer check (payment_terms_days between 0 and 365),
    add column billing_address jsonb,
    add column updated_at timestamptz not null default now();

-- Quantity breaks: a unit price from min_quantity up.
alter table price_list_prices
    add column min_quantity integer not null default 1 check (min_quantity between 1 and 1000000);
alter table price_list_prices drop constraint price_list_prices_pkey;
alter table price_list_prices add primary key (price_list_id, sku, min_quantity);

alter table orders add column organisation_id uuid references organisations (id) on delete set null;
create index orders_organisation_placed on orders (organisation_id, placed_at desc, id desc)
    where organisation_id is not null;

-- VAT: a product's own rate (null: the shop's rate), kept on the order line as sold.
alter table products add column vat_rate numeric(5, 2) check (vat_rate between 0 and 100);
alter table order_lines add column vat_rate numeric(5, 2);

-- The seller as printed on invoices (EU VAT directive art. 226): legal name (null: the shop's
-- name), address and VAT number (already on shops).
alter table shops add column legal_name text check (length(legal_name) between 1 and 300);

alter table invoices add column due_date date, add column supply_date date;
