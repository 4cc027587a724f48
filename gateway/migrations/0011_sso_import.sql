-- Signing in from elsewhere (SSO from the merchant's site, OpenID Connect) and the contact import.

-- SSO: the storefront's SSO secret is never stored. It is derived from the gateway's server key
-- (GATEWAY_SECRET_KEY, kept outside the database) and this random salt; rotating the secret
-- draws a new salt. A leaked database therefore holds nothing that signs a token.
alter table storefronts add column sso_salt bytea not null
    default (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
alter table storefronts add column sso_rotated_at timestamptz;
-- New storefronts offer SSO from the start: only the merchant holds the secret.
alter table storefronts alter column login_methods set default '{PASSWORD,SIGN_IN_LINK,SSO}';

-- Each SSO token's `jti` is used once per storefront: the primary key settles replays, also
-- between replicas. Rows are kept until the token would have expired anyway.
create table sso_token_uses (
    storefront_id uuid not null references storefronts (id) on delete cascade,
    shop_id uuid not null references shops (id) on delete cascade,
    jti text not null check (length(jti) between 1 and 200),
    expires_at timestamptz not null,
    used_at timestamptz not null default now(),
    primary key (storefront_id, jti)
);
create index sso_token_uses_expires on sso_token_uses (expires_at);

-- OpenID Connect providers per storefront. The client secret is encrypted (AES-256-GCM) with a
-- key derived from the server key; the provider's discovery document is kept as fetched.
create table oidc_providers (
    id uuid primary key default gen_random_uuid(),
    shop_id uuid not null references shops (id) on delete cascade,
    storefront_id uuid not null references storefronts (id) on delete cascade,
    name text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    issuer text not null,
    client_id text not null,
    client_secret_encrypted bytea not null,
    metadata jsonb not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (storefront_id, name)
);
create index oidc_providers_shop on oidc_providers (shop_id);

-- One sign-in attempt: the state (hash only), bound to the browser by a cookie (hash only),
-- with the PKCE verifier and the nonce. Used once (`used_at`), valid 10 minutes.
create table oidc_attempts (
    state_hash bytea primary key,
    shop_id uuid not null references shops (id) on delete cascade,
    provider_id uuid not null references oidc_providers (id) on delete cascade,
    browser_hash bytea not null,
    code_verifier text not null,
    nonce text not null,
    redirect_uri text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
);
create index oidc_attempts_expires on oidc_attempts (expires_at);

-- Which provider account (issuer's `sub`) is which contact.
create table oidc_identities (
    provider_id uuid not null references oidc_providers (id) on delete cascade,
    subject text not null,
    shop_id uuid not null references shops (id) on delete cascade,
    contact_id uuid not null references contacts (id) on delete cascade,
    email text,
    created_at timestamptz not null default now(),
    last_used_at timestamptz not null default now(),
    primary key (provider_id, subject)
);
create index oidc_identities_contact on oidc_identities (contact_id);
