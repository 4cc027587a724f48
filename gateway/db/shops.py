"""SQL for shops, storefronts, admin keys and gateway-wide secrets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Shop:
    id: UUID
    name: str
    currency: str


@dataclass(frozen=True)
class Storefront:
    id: UUID
    shop_id: UUID
    shop_name: str
    currency: str
    name: str
    account_url: str
    cors_origins: tuple[str, ...]
    login_methods: tuple[str, ...]
    require_login_for_catalogue: bool
    account_creation: str
    sign_in_link_ttl_days: int
    default_locale: str
    invoice_download_enabled: bool
    has_private_secret: bool
    updated_at: datetime
    # Hosted account pages (/account/<handle>/); account_url above is the effective one: the
    # storefront's own (own_account_url) or <GATEWAY_PUBLIC_URL>/account/<handle>.
    handle: str = ""
    own_account_url: str | None = None
    logo_url: str | None = None
    accent_color: str | None = None
    shop_url: str | None = None
    checkout_url: str | None = None
    return_window_days: int = 30


# A storefront's effective account URL (alias sf): its own, else the hosted pages. The pool sets
# gateway.public_url per connection (gateway/database.py: GATEWAY_PUBLIC_URL).
EFFECTIVE_ACCOUNT_URL = """coalesce(sf.account_url,
    coalesce(nullif(current_setting('gateway.public_url', true), ''), 'http://127.0.0.1:8000')
    || '/account/' || sf.handle)"""
_STOREFRONT_COLUMNS = f"""
    sf.id, sf.shop_id, s.name as shop_name, s.currency, sf.name,
    {EFFECTIVE_ACCOUNT_URL} as account_url,
    sf.cors_origins, sf.login_methods, sf.require_login_for_catalogue, sf.account_creation,
    sf.sign_in_link_ttl_days, sf.default_locale, sf.invoice_download_enabled,
    sf.private_secret_hash is not null as has_private_secret, sf.updated_at,
    sf.handle, sf.account_url as own_account_url, sf.logo_url, sf.accent_color, sf.shop_url,
    sf.checkout_url,
    sf.return_window_days
"""


def _storefront(row: asyncpg.Record) -> Storefront:
    data = dict(row.items())
    data["cors_origins"] = tuple(data["cors_origins"])
    data["login_methods"] = tuple(data["login_methods"])
    return Storefront(**data)


async def insert_shop(conn: asyncpg.Connection, name: str, currency: str) -> Shop:
    row = await conn.fetchrow(
        "insert into shops (name, currency) values ($1, $2) returning id, name, currency",
        name,
        currency,
    )
    return Shop(**dict(row.items()))


async def insert_storefront(
    conn: asyncpg.Connection,
    shop_id: UUID,
    name: str,
    key_hash: bytes,
    account_url: str | None,
    private_secret_hash: bytes | None = None,
    handle: str = "shop",
) -> UUID:
    """Insert a storefront; a taken handle raises asyncpg.UniqueViolationError."""
    return await conn.fetchval(
        """insert into storefronts (shop_id, name, key_hash, account_url, private_secret_hash,
                                    handle)
           values ($1, $2, $3, $4, $5, $6) returning id""",
        shop_id,
        name,
        key_hash,
        account_url,
        private_secret_hash,
        handle,
    )


async def storefront_by_handle(conn: asyncpg.Connection, handle: str) -> Storefront | None:
    row = await conn.fetchrow(
        f"""select {_STOREFRONT_COLUMNS} from storefronts sf join shops s on s.id = sf.shop_id
            where sf.handle = $1""",
        handle,
    )
    return _storefront(row) if row else None


async def insert_admin_key(conn: asyncpg.Connection, shop_id: UUID, key_hash: bytes) -> None:
    await conn.execute(
        "insert into admin_keys (shop_id, key_hash) values ($1, $2)", shop_id, key_hash
    )


async def storefront_by_key_hash(conn: asyncpg.Connection, key_hash: bytes) -> Storefront | None:
    row = await conn.fetchrow(
        f"""select {_STOREFRONT_COLUMNS} from storefronts sf join shops s on s.id = sf.shop_id
            where sf.key_hash = $1""",
        key_hash,
    )
    return _storefront(row) if row else None


async def storefront_by_id(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID
) -> Storefront | None:
    row = await conn.fetchrow(
        f"""select {_STOREFRONT_COLUMNS} from storefronts sf join shops s on s.id = sf.shop_id
            where sf.shop_id = $1 and sf.id = $2""",
        shop_id,
        storefront_id,
    )
    return _storefront(row) if row else None


async def storefronts_of_shop(conn: asyncpg.Connection, shop_id: UUID) -> list[Storefront]:
    rows = await conn.fetch(
        f"""select {_STOREFRONT_COLUMNS} from storefronts sf join shops s on s.id = sf.shop_id
            where sf.shop_id = $1 order by sf.created_at""",
        shop_id,
    )
    return [_storefront(r) for r in rows]


async def private_secret_matches(
    conn: asyncpg.Connection, storefront_id: UUID, secret_hash: bytes
) -> bool:
    return bool(
        await conn.fetchval(
            "select true from storefronts where id = $1 and private_secret_hash = $2",
            storefront_id,
            secret_hash,
        )
    )


async def update_storefront_settings(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID, changes: dict[str, object]
) -> Storefront | None:
    allowed = {
        "login_methods",
        "require_login_for_catalogue",
        "account_creation",
        "sign_in_link_ttl_days",
        "default_locale",
        "invoice_download_enabled",
        "account_url",
        "cors_origins",
        "name",
        "handle",
        "logo_url",
        "accent_color",
        "shop_url",
        "checkout_url",
        "return_window_days",
    }
    assignments = []
    values: list[object] = [shop_id, storefront_id]
    for column, value in changes.items():
        if column not in allowed:
            raise ValueError(f"unknown storefront setting {column}")
        values.append(value)
        assignments.append(f"{column} = ${len(values)}")
    if assignments:  # a taken handle raises asyncpg.UniqueViolationError
        await conn.execute(
            f"""update storefronts set {", ".join(assignments)}, updated_at = now()
                where shop_id = $1 and id = $2""",
            *values,
        )
    return await storefront_by_id(conn, shop_id, storefront_id)


async def shop_id_by_admin_key_hash(conn: asyncpg.Connection, key_hash: bytes) -> UUID | None:
    return await conn.fetchval(
        "select shop_id from admin_keys where key_hash = $1 and revoked_at is null", key_hash
    )


async def shop_by_name(conn: asyncpg.Connection, name: str) -> Shop | None:
    row = await conn.fetchrow(
        "select id, name, currency from shops where name = $1 order by created_at limit 1", name
    )
    return Shop(**dict(row.items())) if row else None


async def secret(conn: asyncpg.Connection, name: str) -> bytes:
    """A gateway-wide secret, made on first use; every replica reads the same one."""
    await conn.execute(
        "insert into gateway_secrets (name, value) values ($1, $2) on conflict do nothing",
        name,
        secrets.token_bytes(32),
    )
    return await conn.fetchval("select value from gateway_secrets where name = $1", name)


async def next_counter(conn: asyncpg.Connection, shop_id: UUID, name: str) -> int:
    """Next value of a gapless per-shop counter; call inside the transaction that uses it."""
    return await conn.fetchval(
        """insert into shop_counters (shop_id, name, value) values ($1, $2, 1)
           on conflict (shop_id, name) do update set value = shop_counters.value + 1
           returning value""",
        shop_id,
        name,
    )


async def currency(conn: asyncpg.Connection, shop_id: UUID) -> str:
    return await conn.fetchval("select currency from shops where id = $1", shop_id)
