-- Shops, their storefronts and admin keys, products. Keys are stored only as SHA-256 hashes.
create table shops (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 200),
    currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
    vat_rate numeric(5, 2) not null default 21.00,
    prices_include_vat boolean not null default true,
    address text,
    vat_number text,
    created_at timestamptz not null default now()
);

create table storefronts (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    name text not null,
    key_hash bytea not null unique,
    -- A second, private secret for server-side storefronts (buyer-IP header); hash only.
    private_secret_hash bytea unique,
    account_url text not null,
    cors_origins text[] not null default '{}',
    login_methods text[] not null default '{PASSWORD,SIGN_IN_LINK}',
    require_login_for_catalogue boolean not null default false,
    account_creation text not null default 'OPT_IN'
        check (account_creation in ('OPT_IN', 'ON_ORDER')),
    sign_in_link_ttl_days integer not null default 14 check (sign_in_link_ttl_days between 1 and 365),
    default_locale text not null default 'en' check (default_locale in ('nl', 'en')),
    invoice_download_enabled boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index storefronts_shop on storefronts (shop_id);

create table admin_keys (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    key_hash bytea not null unique,
    label text not null default 'default',
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create index admin_keys_shop on admin_keys (shop_id);

-- Gapless per-shop sequences (order and invoice numbers): a row lock, rolled back with its
-- transaction, so numbers are consecutive under concurrency.
create table shop_counters (
    shop_id uuid not null references shops (id) on delete cascade,
    name text not null,
    value bigint not null default 0,
    primary key (shop_id, name)
);

-- Secrets the gateway itself needs (e.g. for signing download URLs), shared by all replicas.
create table gateway_secrets (
    name text primary key,
    value bytea not null,
    created_at timestamptz not null default now()
);

create table products (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    sku text not null check (length(sku) between 1 and 100),
    name text not null check (length(name) between 1 and 300),
    price numeric(12, 2) not null check (price >= 0),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (shop_id, sku)
);
