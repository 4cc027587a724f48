-- Contacts and everything that hangs off a person: addresses, sessions, one-time tokens, mail.
create table customer_groups (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    discount_percent numeric(5, 2) not null check (discount_percent between 0 and 100),
    created_at timestamptz not null default now(),
    unique (shop_id, name)
);

create table price_lists (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz not null default now()
);
create index price_lists_shop on price_lists (shop_id);

create table price_list_prices (
    price_list_id uuid not null references price_lists (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    sku text not null,
    price numeric(12, 2) not null check (price >= 0),
    primary key (price_list_id, sku)
);

create table organisations (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    name text not null check (length(name) between 1 and 300),
    vat_number text,
    payment_terms text,
    price_list_id uuid references price_lists (id) on delete set null,
    created_at timestamptz not null default now()
);
create index organisations_shop on organisations (shop_id);

create table contacts (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    email text not null,
    full_name text not null,
    is_guest boolean not null,
    email_confirmed_at timestamptz,
    password_hash text,
    password_changed_at timestamptz,
    phone text,
    locale text not null default 'en' check (locale in ('nl', 'en')),
    vat_number text,
    preferences jsonb not null default '{}',
    customer_group_id uuid references customer_groups (id) on delete set null,
    organisation_id uuid references organisations (id) on delete set null,
    organisation_role text check (organisation_role in ('ADMIN', 'BUYER')),
    default_shipping_address_id uuid,
    default_billing_address_id uuid,
    anonymised_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (not is_guest or password_hash is null)
);
-- One registered contact per address and shop, compared case-insensitively; guests may repeat.
create unique index contacts_registered_email on contacts (shop_id, lower(email)) where not is_guest;
create index contacts_email on contacts (shop_id, lower(email));
create index contacts_shop_created on contacts (shop_id, created_at desc, id desc);
create index contacts_organisation on contacts (organisation_id) where organisation_id is not null;

create table addresses (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    name text not null,
    street text not null,
    postal_code text not null,
    city text not null,
    country text not null check (country ~ '^[A-Z]{2}$'),
    created_at timestamptz not null default now()
);
create index addresses_contact on addresses (contact_id, created_at);
alter table contacts
    add foreign key (default_shipping_address_id) references addresses (id) on delete set null,
    add foreign key (default_billing_address_id) references addresses (id) on delete set null;

create table sessions (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    last_used_at timestamptz not null default now(),
    expires_at timestamptz not null,
    user_agent text,
    ip inet,
    revoked_at timestamptz
);
create index sessions_contact on sessions (contact_id) where revoked_at is null;

-- Single-use tokens mailed to a person: confirm, sign-in link, reset, invitation, e-mail change,
-- account deletion. Only the SHA-256 hash is stored; used_at settles single use.
create table auth_tokens (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    purpose text not null,
    token_hash bytea not null unique,
    payload jsonb not null default '{}',
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);
create index auth_tokens_contact on auth_tokens (contact_id, purpose) where used_at is null;

create table mail_outbox (
    id bigint generated always as identity primary key,
    shop_id uuid references shops (id) on delete cascade,
    to_address text not null,
    subject text not null,
    text_body text not null,
    html_body text,
    template text not null,
    created_at timestamptz not null default now(),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    sent_at timestamptz,
    last_error text
);
create index mail_outbox_pending on mail_outbox (next_attempt_at) where sent_at is null;
