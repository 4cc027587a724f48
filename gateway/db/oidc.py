"""SQL for OpenID Connect: providers per storefront, sign-in attempts, linked identities."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Provider:
    id: UUID
    shop_id: UUID
    storefront_id: UUID
    name: str
    issuer: str
    client_id: str
    client_secret_encrypted: bytes
    metadata: dict[str, Any]


_PROVIDER = """id, shop_id, storefront_id, name, issuer, client_id, client_secret_encrypted,
    metadata"""


def _provider(row: asyncpg.Record) -> Provider:
    data = dict(row.items())
    if isinstance(data["metadata"], str):
        data["metadata"] = json.loads(data["metadata"])
    return Provider(**data)


async def upsert_provider(
    conn: asyncpg.Connection,
    shop_id: UUID,
    storefront_id: UUID,
    name: str,
    issuer: str,
    client_id: str,
    metadata: dict[str, Any],
) -> UUID:
    """Insert or replace the storefront's provider of this name; the secret comes next."""
    return await conn.fetchval(
        """insert into oidc_providers (shop_id, storefront_id, name, issuer, client_id,
                                       client_secret_encrypted, metadata)
           values ($1, $2, $3, $4, $5, '', $6::jsonb)
           on conflict (storefront_id, name) do update
           set issuer = excluded.issuer, client_id = excluded.client_id,
               metadata = excluded.metadata, updated_at = now()
           where oidc_providers.shop_id = excluded.shop_id
           returning id""",
        shop_id,
        storefront_id,
        name,
        issuer,
        client_id,
        json.dumps(metadata),
    )


async def set_client_secret(
    conn: asyncpg.Connection, shop_id: UUID, provider_id: UUID, encrypted: bytes
) -> None:
    await conn.execute(
        """update oidc_providers set client_secret_encrypted = $3
           where shop_id = $1 and id = $2""",
        shop_id,
        provider_id,
        encrypted,
    )


async def offer_openid_connect(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID
) -> None:
    """Add OPENID_CONNECT to the storefront's login methods (once it has a provider)."""
    await conn.execute(
        """update storefronts
           set login_methods = array_append(login_methods, 'OPENID_CONNECT'), updated_at = now()
           where shop_id = $1 and id = $2 and not ('OPENID_CONNECT' = any(login_methods))""",
        shop_id,
        storefront_id,
    )


async def provider_by_id(
    conn: asyncpg.Connection, provider_id: UUID, shop_id: UUID | None = None
) -> Provider | None:
    """By id; with `shop_id` only that shop's (admin), without it any (the browser's start
    and callback routes, where the id itself names the shop)."""
    row = await conn.fetchrow(
        f"""select {_PROVIDER} from oidc_providers
            where id = $1 and ($2::uuid is null or shop_id = $2)""",
        provider_id,
        shop_id,
    )
    return _provider(row) if row else None


async def providers_of_storefront(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID | None
) -> list[Provider]:
    rows = await conn.fetch(
        f"""select {_PROVIDER} from oidc_providers
            where shop_id = $1 and ($2::uuid is null or storefront_id = $2)
            order by storefront_id, name""",
        shop_id,
        storefront_id,
    )
    return [_provider(r) for r in rows]


async def delete_provider(conn: asyncpg.Connection, shop_id: UUID, provider_id: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "delete from oidc_providers where shop_id = $1 and id = $2 returning true",
            shop_id,
            provider_id,
        )
    )


@dataclass(frozen=True)
class Attempt:
    provider_id: UUID
    shop_id: UUID
    code_verifier: str
    nonce: str
    redirect_uri: str


async def insert_attempt(
    conn: asyncpg.Connection,
    provider: Provider,
    state_hash: bytes,
    browser_hash: bytes,
    attempt: Attempt,
    ttl_seconds: int,
) -> None:
    await conn.execute(
        """insert into oidc_attempts (state_hash, shop_id, provider_id, browser_hash,
                                      code_verifier, nonce, redirect_uri, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))""",
        state_hash,
        provider.shop_id,
        provider.id,
        browser_hash,
        attempt.code_verifier,
        attempt.nonce,
        attempt.redirect_uri,
        ttl_seconds,
    )


async def use_attempt(
    conn: asyncpg.Connection, state_hash: bytes, browser_hash: bytes
) -> Attempt | None:
    """The attempt of this state, if it was started by this browser, is unused and not
    expired; marks it used (so a state works once, whoever comes first)."""
    row = await conn.fetchrow(
        """update oidc_attempts set used_at = now()
           where state_hash = $1 and browser_hash = $2 and used_at is null and expires_at > now()
           returning provider_id, shop_id, code_verifier, nonce, redirect_uri""",
        state_hash,
        browser_hash,
    )
    return Attempt(**dict(row.items())) if row else None


async def linked_contact(conn: asyncpg.Connection, provider: Provider, subject: str) -> UUID | None:
    """The registered, not anonymised contact this provider account signed in as before."""
    return await conn.fetchval(
        """update oidc_identities i set last_used_at = now()
           from contacts c
           where i.provider_id = $1 and i.subject = $2 and i.shop_id = $3
             and c.id = i.contact_id and c.shop_id = $3 and not c.is_guest
             and c.anonymised_at is null
           returning i.contact_id""",
        provider.id,
        subject,
        provider.shop_id,
    )


async def link_identity(
    conn: asyncpg.Connection, provider: Provider, subject: str, contact_id: UUID, email: str
) -> None:
    await conn.execute(
        """insert into oidc_identities (provider_id, subject, shop_id, contact_id, email)
           values ($1, $2, $3, $4, $5)
           on conflict (provider_id, subject) do update
           set contact_id = excluded.contact_id, email = excluded.email, last_used_at = now()""",
        provider.id,
        subject,
        provider.shop_id,
        contact_id,
        email,
    )


async def delete_dead_attempts(conn: asyncpg.Connection) -> int:
    status = await conn.execute(
        "delete from oidc_attempts where expires_at < now() - interval '1 day'"
    )
    return int(status.split()[-1])
