-- Identity: throttle counters shared by every replica (failed sign-ins, mail requests).
-- A key names what is counted ("login-account-ip:<sha256>", "ip:sign_in:<sha256>", ...); e-mail
-- addresses and IPs are only stored hashed. `blocked_until` is set by the growing-delay counters
-- (failed passwords), `window_start` drives the fixed-window counters (mail requests).
create table throttle_counters (
    shop_id uuid not null references shops (id) on delete cascade,
    key text not null,
    count integer not null,
    window_start timestamptz not null default now(),
    blocked_until timestamptz,
    updated_at timestamptz not null default now(),
    primary key (shop_id, key)
);
create index throttle_counters_updated on throttle_counters (updated_at);

-- The sender claims due mails in id order.
create index mail_outbox_due on mail_outbox (next_attempt_at, id) where sent_at is null;
