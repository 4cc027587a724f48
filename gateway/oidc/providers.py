"""Admin: a storefront's OpenID providers (issuer, client id and secret), read by discovery.

Setting a provider fetches `<issuer>/.well-known/openid-configuration` once and keeps it; the
document's `issuer` must be the one given, and it must name the authorization, token and JWKS
endpoints. The client secret is stored encrypted with the server key (gateway/keyring.py) and
bound to the provider's row. The storefront then offers OPENID_CONNECT in `loginMethods`.
Issuers are https (plain http only outside production, for local test providers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import httpx

from gateway.config import Settings
from gateway.db import oidc as db
from gateway.db.shops import storefronts_of_shop
from gateway.errors import Problem, ProblemError
from gateway.keyring import decrypt, encrypt, server_key

SECRET_LABEL = "oidc-client-secret"
DISCOVERY_PATH = "/.well-known/openid-configuration"
HTTP_TIMEOUT = 10.0
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    storefront_id: str | None = None


def _problem(field: str, message: str) -> ProblemError:
    return ProblemError(Problem("INVALID", ["input", field], message))


def _checked_issuer(raw: str, settings: Settings) -> str:
    issuer = raw.strip().rstrip("/")
    plain_ok = not settings.production
    if not (issuer.startswith("https://") or (plain_ok and issuer.startswith("http://"))):
        raise _problem("issuer", "The issuer is an https URL, e.g. https://accounts.google.com.")
    if any(c.isspace() for c in issuer) or len(issuer) > 500:
        raise _problem("issuer", "The issuer is a URL without spaces.")
    return issuer


async def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata; INVALID (field issuer) when it cannot be read or is not for
    this issuer."""
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
            response = await http.get(issuer + DISCOVERY_PATH)
            response.raise_for_status()
            metadata = response.json()
    except (httpx.HTTPError, ValueError):
        raise _problem("issuer", "The provider's discovery document could not be read.") from None
    if not isinstance(metadata, dict) or str(metadata.get("issuer", "")).rstrip("/") != issuer:
        raise _problem("issuer", "The discovery document is for another issuer.")
    if not all(isinstance(metadata.get(k), str) for k in REQUIRED):
        raise _problem("issuer", "The provider does not publish the authorization code flow.")
    return metadata


async def set_provider(
    pool: asyncpg.Pool, settings: Settings, shop_id: UUID, given: ProviderSettings
) -> db.Provider:
    name = given.name.strip().lower()
    if not _NAME.fullmatch(name):
        raise _problem("name", "A short name of a-z, 0-9 and hyphens, e.g. google.")
    client_id = given.client_id.strip()
    if not 1 <= len(client_id) <= 500:
        raise _problem("clientId", "Give the client id the provider issued.")
    if not 1 <= len(given.client_secret) <= 2000:
        raise _problem("clientSecret", "Give the client secret the provider issued.")
    issuer = _checked_issuer(given.issuer, settings)
    key = server_key(settings)
    metadata = await discover(issuer)
    async with pool.acquire() as conn, conn.transaction():
        storefront_id = await _storefront(conn, shop_id, given.storefront_id)
        provider_id = await db.upsert_provider(
            conn, shop_id, storefront_id, name, issuer, client_id, metadata
        )
        if provider_id is None:
            raise _problem("name", "This name is taken.")
        sealed = encrypt(key, SECRET_LABEL, given.client_secret, str(provider_id))
        await db.set_client_secret(conn, shop_id, provider_id, sealed)
        await db.offer_openid_connect(conn, shop_id, storefront_id)
        provider = await db.provider_by_id(conn, provider_id, shop_id)
    assert provider is not None
    return provider


async def _storefront(conn: asyncpg.Connection, shop_id: UUID, raw: str | None) -> UUID:
    storefronts = await storefronts_of_shop(conn, shop_id)
    if raw is None and storefronts:
        return storefronts[0].id
    for storefront in storefronts:
        if str(storefront.id) == str(raw).strip():
            return storefront.id
    raise ProblemError(
        Problem("NOT_FOUND", ["input", "storefrontId"], "There is no such storefront.")
    )


def client_secret(settings: Settings, provider: db.Provider) -> str | None:
    return decrypt(
        server_key(settings), SECRET_LABEL, provider.client_secret_encrypted, str(provider.id)
    )


async def remove_provider(pool: asyncpg.Pool, shop_id: UUID, raw_id: str) -> None:
    try:
        provider_id = UUID(str(raw_id))
    except ValueError:
        provider_id = None
    async with pool.acquire() as conn:
        gone = provider_id is not None and await db.delete_provider(conn, shop_id, provider_id)
    if not gone:
        raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such provider."))


async def list_providers(
    pool: asyncpg.Pool, shop_id: UUID, storefront_id: UUID | None = None
) -> list[db.Provider]:
    async with pool.acquire() as conn:
        return await db.providers_of_storefront(conn, shop_id, storefront_id)
