"""Creating shops with their first storefront and admin key; resolving keys to tenants."""

from __future__ import annotations

import time
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db import shops as db
from gateway.db import sso as sso_db
from gateway.secrets import hash_token, new_token
from gateway.sso.secret import sso_secret as derive_sso_secret
from gateway.tenancy.handles import candidates
from gateway.text import text_fault

STOREFRONT_KEY_PREFIX = "sf_"
ADMIN_KEY_PREFIX = "adm_"
PRIVATE_SECRET_PREFIX = "sfp_"


@dataclass(frozen=True)
class CreatedShop:
    shop_id: UUID
    storefront_id: UUID
    storefront_key: str
    admin_key: str
    storefront_private_secret: str
    sso_secret: str | None = None  # made only when the server key was given
    handle: str = ""

    def as_json(self) -> dict[str, str]:
        shown = {
            "shopId": str(self.shop_id),
            "storefrontKey": self.storefront_key,
            "adminKey": self.admin_key,
            "storefrontPrivateSecret": self.storefront_private_secret,
            "handle": self.handle,
        }
        if self.sso_secret is not None:
            shown["ssoSecret"] = self.sso_secret
        return shown


def validate_account_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not (url.startswith("https://") or url.startswith("http://")) or " " in url:
        raise ValueError(
            "the account URL must be an http(s) URL, e.g. https://shop.example/account"
        )
    return url


async def create_shop(
    pool: asyncpg.Pool,
    name: str,
    account_url: str | None = None,
    currency: str = "EUR",
    server_key: bytes | None = None,
) -> CreatedShop:
    """Make a shop, one storefront and one admin key; the keys are shown only here. With the
    server key (gateway/keyring.py) the storefront's SSO secret is shown too.

    The storefront's handle comes from the name (`Demo tea shop` -> `demo-tea-shop`, then
    `demo-tea-shop-2`, ... when taken: the unique index decides). Without `account_url` the
    storefront's mailed links go to the hosted pages, <GATEWAY_PUBLIC_URL>/account/<handle>.
    """
    name = name.strip()
    if not name:
        raise ValueError("a shop needs a name")
    fault = text_fault(name)  # the name goes into mail subjects and PDFs
    if fault is not None:
        raise ValueError(f"the shop's name: {fault}")
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValueError("currency must be a three-letter ISO 4217 code")
    account_url = validate_account_url(account_url) if account_url else None
    storefront_key = new_token(STOREFRONT_KEY_PREFIX)
    admin_key = new_token(ADMIN_KEY_PREFIX)
    private_secret = new_token(PRIVATE_SECRET_PREFIX)
    async with pool.acquire() as conn, conn.transaction():
        shop = await db.insert_shop(conn, name, currency)
        for handle in candidates(name):
            try:
                async with conn.transaction():  # a savepoint: a taken handle tries the next
                    storefront_id = await db.insert_storefront(
                        conn,
                        shop.id,
                        name,
                        hash_token(storefront_key),
                        account_url,
                        hash_token(private_secret),
                        handle,
                    )
                break
            except asyncpg.UniqueViolationError as error:
                if error.constraint_name != "storefronts_handle":
                    raise
        await db.insert_admin_key(conn, shop.id, hash_token(admin_key))
        salt = await sso_db.sso_salt(conn, shop.id, storefront_id)
    sso_secret = None
    if server_key is not None and salt is not None:
        sso_secret = derive_sso_secret(server_key, storefront_id, salt)
    return CreatedShop(
        shop.id, storefront_id, storefront_key, admin_key, private_secret, sso_secret, handle
    )


class StorefrontKeys:
    """Resolves storefront keys to storefronts with a short in-process cache.

    A key is looked up at most once per `ttl` seconds per process; a settings change made by
    this process is visible at once (`forget`), one made by another replica within `ttl`.
    """

    def __init__(self, pool: asyncpg.Pool, ttl: float = 2.0, max_entries: int = 10_000) -> None:
        self._pool = pool
        self._ttl = ttl
        self._max = max_entries
        self._cache: dict[bytes, tuple[float, db.Storefront | None]] = {}

    async def resolve(self, key: str | None) -> db.Storefront | None:
        if not key or len(key) > 200:
            return None
        key_hash = hash_token(key)
        now = time.monotonic()
        hit = self._cache.get(key_hash)
        if hit is not None and hit[0] > now:
            return hit[1]
        async with self._pool.acquire() as conn:
            storefront = await db.storefront_by_key_hash(conn, key_hash)
        if len(self._cache) >= self._max:
            self._cache.clear()
        self._cache[key_hash] = (now + self._ttl, storefront)
        return storefront

    def forget(self, storefront_id: UUID | None = None) -> None:
        if storefront_id is None:
            self._cache.clear()
            return
        for key_hash, (_, sf) in list(self._cache.items()):
            if sf is not None and sf.id == storefront_id:
                del self._cache[key_hash]


async def shop_for_admin_key(pool: asyncpg.Pool, key: str | None) -> UUID | None:
    if not key or not key.startswith(ADMIN_KEY_PREFIX) or len(key) > 200:
        return None
    async with pool.acquire() as conn:
        return await db.shop_id_by_admin_key_hash(conn, hash_token(key))
