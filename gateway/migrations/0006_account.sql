-- The account area: favourites and their share links, the customer snapshot on invoices.

create table favourites (
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    sku text not null,
    added_at timestamptz not null default now(),
    primary key (contact_id, sku)
);
create index favourites_contact_added on favourites (contact_id, added_at desc, sku desc);

-- A read-only link to a contact's favourites. Only the token's SHA-256 hash is kept; one live
-- share per contact (sharing again replaces the link), revoked_at ends it.
create table favourite_shares (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    token_hash bytea not null unique,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create unique index favourite_shares_live on favourite_shares (contact_id) where revoked_at is null;

-- Who the invoice was made out to, as printed (name, e-mail, VAT number, billing address):
-- an invoice must not change when the customer later edits or deletes the account.
alter table invoices add column customer jsonb not null default '{}';
-- One invoice per order; the second invoiceCreate is refused by this index, not by a check.
create unique index invoices_one_per_order on invoices (order_id);
create index invoices_shop_issued on invoices (shop_id, issued_at desc, id desc);
