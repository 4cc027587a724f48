-- Orders, their lines and invoices. Addresses on an order are a snapshot, not a reference.
create table orders (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    number text not null,
    contact_id uuid references contacts (id) on delete set null,
    email text not null,
    full_name text,
    placed_at timestamptz not null default now(),
    currency text not null,
    total numeric(14, 2) not null check (total >= 0),
    amount_paid numeric(14, 2) not null default 0 check (amount_paid >= 0),
    shipping_method text,
    payment_method text,
    shipping_address jsonb,
    billing_address jsonb,
    expected_delivery_date date,
    tracking_url text,
    payment_status text not null default 'PENDING'
        check (payment_status in ('PENDING', 'PAID', 'PARTIALLY_PAID', 'REFUNDED', 'CANCELLED')),
    fulfilment_status text not null default 'UNFULFILLED'
        check (fulfilment_status in
               ('UNFULFILLED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    source text not null default 'checkout',
    checkout_id uuid unique,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (shop_id, number)
);
create index orders_contact_placed on orders (contact_id, placed_at desc, id desc);
create index orders_email on orders (shop_id, lower(email));

create table order_lines (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    order_id uuid not null references orders (id) on delete cascade,
    position integer not null,
    sku text not null,
    name text not null,
    quantity integer not null check (quantity > 0),
    unit_price numeric(12, 2) not null,
    total numeric(14, 2) not null,
    unique (order_id, position)
);

create table invoices (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    order_id uuid not null references orders (id) on delete cascade,
    number text not null,
    issued_at timestamptz not null default now(),
    currency text not null,
    total numeric(14, 2) not null,
    unique (shop_id, number)
);
create index invoices_order on invoices (order_id);
