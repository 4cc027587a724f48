"""Short-lived signed download URLs for invoices.

`/invoices/<id>.pdf?expires=<unix time>&sig=<hex>`: HMAC-SHA256 over invoice id, shop id and
expiry with the gateway-wide secret "url_signing" (read once per process, shared by replicas).
Whoever holds the URL may download the PDF until it expires; nobody can make one for another
invoice or a later expiry without the secret.
"""

from __future__ import annotations

import hmac
import time
from uuid import UUID

import asyncpg

from gateway.db.shops import secret

SECRET_NAME = "url_signing"
TTL_SECONDS = 15 * 60
_cache: dict[str, bytes] = {}


async def signing_key(pool: asyncpg.Pool) -> bytes:
    key = _cache.get(SECRET_NAME)
    if key is None:
        async with pool.acquire() as conn:
            key = await secret(conn, SECRET_NAME)
        _cache[SECRET_NAME] = key
    return key


def signature(key: bytes, invoice_id: UUID, shop_id: UUID, expires: int) -> str:
    message = f"invoice:{invoice_id}:{shop_id}:{expires}".encode()
    return hmac.digest(key, message, "sha256").hex()  # one C call (hmac.new: an object)


def signed_path(key: bytes, invoice_id: UUID, shop_id: UUID, now: float | None = None) -> str:
    expires = int(now if now is not None else time.time()) + TTL_SECONDS
    sig = signature(key, invoice_id, shop_id, expires)
    return f"/invoices/{invoice_id}.pdf?expires={expires}&sig={sig}"


def parse_expiry(raw: str | None, now: float | None = None) -> int | None:
    """The expiry if it is a number still in the future, else None."""
    if not raw or not raw.isdigit() or len(raw) > 12:
        return None
    expires = int(raw)
    return expires if expires > (now if now is not None else time.time()) else None


def valid(key: bytes, invoice_id: UUID, shop_id: UUID, expires: int, sig: str) -> bool:
    return hmac.compare_digest(signature(key, invoice_id, shop_id, expires), sig)
