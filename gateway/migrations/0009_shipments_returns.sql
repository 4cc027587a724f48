-- After the order: shipments with track & trace, returns, order-status links.

-- Days after an order's last shipment during which the customer may ask for a return; 0: none.
alter table storefronts
    add column return_window_days integer not null default 30
        check (return_window_days between 0 and 365);

-- Running totals per order line, kept by the same statements that write shipments and returns.
-- The checks are the last word on over-shipping and over-returning: a conditional
-- `update ... where shipped_quantity + n <= quantity returning` settles concurrent requests.
alter table order_lines
    add column shipped_quantity integer not null default 0,
    add column returning_quantity integer not null default 0,
    add constraint order_lines_shipped_within check (shipped_quantity between 0 and quantity),
    add constraint order_lines_returning_within
        check (returning_quantity between 0 and shipped_quantity);

-- The order-status link: token = HMAC-SHA256(gateway secret "order_status", shop id, order id),
-- stored here only as its SHA-256 hash (found by hash, never by order id from outside).
create table order_status_tokens (
    order_id uuid primary key references orders (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    storefront_id uuid references storefronts (id) on delete set null,
    token_hash bytea not null unique,
    created_at timestamptz not null default now()
);

create table shipments (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    order_id uuid not null references orders (id) on delete cascade,
    carrier text,
    tracking_number text,
    tracking_url text,
    shipped_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);
create index shipments_order on shipments (order_id, shipped_at);

create table shipment_lines (
    shipment_id uuid not null references shipments (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    order_line_id uuid not null references order_lines (id) on delete cascade,
    position integer not null,
    sku text not null,
    quantity integer not null check (quantity > 0),
    primary key (shipment_id, order_line_id)
);

create table returns (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    order_id uuid not null references orders (id) on delete cascade,
    requested_by uuid references contacts (id) on delete set null,
    number text not null,
    status text not null default 'REQUESTED'
        check (status in ('REQUESTED', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED')),
    comment text,
    note text,
    requested_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (shop_id, number)
);
create index returns_order on returns (order_id, requested_at);
create index returns_shop_status on returns (shop_id, status, requested_at desc, id desc);
create index returns_shop_requested on returns (shop_id, requested_at desc, id desc);

create table return_lines (
    return_id uuid not null references returns (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    order_line_id uuid not null references order_lines (id) on delete cascade,
    position integer not null,
    sku text not null,
    quantity integer not null check (quantity > 0),
    reason text not null
        check (reason in ('DAMAGED', 'WRONG_ITEM', 'DOES_NOT_FIT', 'NOT_AS_DESCRIBED',
                          'CHANGED_MIND', 'OTHER')),
    primary key (return_id, order_line_id)
);
