-- Checkouts: a basket and the customer's details, owned by one storefront, until it becomes an
-- order. The id is the only key to a checkout, so it is a random UUIDv4 (gen_random_uuid draws
-- from a cryptographic source). Prices are not stored: they are worked out for whoever is signed
-- in when the checkout is read and again when it is completed.
create table checkouts (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    storefront_id uuid not null references storefronts (id) on delete cascade,
    email text,
    full_name text,
    phone text,
    shipping_address jsonb,
    billing_address jsonb,
    create_account boolean not null default false,
    -- argon2id hash of the password chosen for "create an account"; cleared on completion.
    password_hash text,
    order_id uuid references orders (id) on delete set null,
    completed_at timestamptz,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (password_hash is null or create_account)
);
create index checkouts_shop_expires on checkouts (shop_id, expires_at);

create table checkout_lines (
    checkout_id uuid not null references checkouts (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    position integer not null,
    sku text not null,
    quantity integer not null check (quantity between 1 and 9999),
    primary key (checkout_id, position),
    unique (checkout_id, sku)
);

-- Admin contact list: newest first, optionally only guests or only registered contacts.
create index contacts_shop_guest_created on contacts (shop_id, is_guest, created_at desc, id desc);
