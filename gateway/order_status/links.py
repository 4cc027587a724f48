"""Order-status links: `<accountUrl>/order-status?token=<token>` opens one order, no sign-in.

Why derived and not random: the token must reach the customer in every later mail about the
order (shipped, return steps) and through `Order.statusUrl`, long after it was first made, yet
only a hash may be stored. So the token is not kept at all: it is
`base64url(HMAC-SHA256(secret, "order-status:" + shop id + order id))` (256 bits, 43
characters), with `secret` the gateway-wide secret "order_status" (random, 256 bits, made on
first use in `gateway_secrets`, shared by replicas). Whoever lacks the secret cannot compute
it; the database keeps only SHA-256 of it (`order_status_tokens`), which is how `orderStatus`
finds the order. Orders placed before this existed get their row the first time their token
is handed out (`record_links`, idempotent), so every order has a link. Rotating the secret
(deleting its row) retires every link at once; new links are recorded on next use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from uuid import UUID

import asyncpg

from gateway.db import order_status as db
from gateway.db.orders import Order
from gateway.db.shops import secret
from gateway.mail.outbox import account_link
from gateway.secrets import hash_token

SECRET_NAME = "order_status"
PAGE = "order-status"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,100}")
_cache: dict[str, bytes] = {}


async def status_key(conn: asyncpg.Connection) -> bytes:
    """The order-status links' HMAC key (read once, gateway/gateway_secrets.py)."""
    key = _cache.get(SECRET_NAME)
    if key is None:
        key = await secret(conn, SECRET_NAME)
        _cache[SECRET_NAME] = key
    return key


def _derive(key: bytes, shop_id: UUID, order_id: UUID) -> str:
    digest = hmac.new(key, b"order-status:" + shop_id.bytes + order_id.bytes, hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


async def record_links(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_ids: list[UUID],
    storefront_id: UUID | None = None,
) -> dict[UUID, str]:
    """The tokens of these orders, their hashes recorded (one statement for the batch)."""
    key = await status_key(conn)
    tokens = {order_id: _derive(key, shop_id, order_id) for order_id in order_ids}
    if tokens:
        await db.record_tokens(
            conn,
            shop_id,
            list(tokens),
            [hash_token(t) for t in tokens.values()],
            storefront_id,
        )
    return tokens


async def status_link(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_id: UUID,
    account_url: str,
    storefront_id: UUID | None = None,
) -> str:
    """The order's status link, its token recorded; call inside the order's transaction."""
    tokens = await record_links(conn, shop_id, [order_id], storefront_id)
    return account_link(account_url, PAGE, tokens[order_id])


async def order_by_token(conn: asyncpg.Connection, shop_id: UUID, token: str) -> Order | None:
    """The order this shop's link opens; None for anything else (no hint which part failed)."""
    token = token.strip()
    if not _TOKEN.fullmatch(token):
        return None
    return await db.order_by_token_hash(conn, shop_id, hash_token(token))
