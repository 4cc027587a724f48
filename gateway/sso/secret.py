"""The storefront's SSO secret: derived, never stored.

secret = "ssos_" + base64url(HMAC-SHA256(server key, "sso-secret" | storefront id | salt)).
The database keeps only the random salt; the server key lives outside it (gateway/keyring.py).
So a leaked database does not let anyone mint tokens, and rotating (a new salt) makes the old
secret worthless at once. The merchant's site signs HS256 with the secret's UTF-8 bytes.
"""

from __future__ import annotations

import base64
from uuid import UUID

import asyncpg

from gateway.config import Settings
from gateway.db import sso as db
from gateway.errors import Problem, ProblemError
from gateway.keyring import derive, server_key

PREFIX = "ssos_"


def sso_secret(key: bytes, storefront_id: UUID, salt: bytes) -> str:
    raw = derive(key, "sso-secret", str(storefront_id), salt)
    return PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


async def current_secret(
    conn: asyncpg.Connection, settings: Settings, shop_id: UUID, storefront_id: UUID
) -> str | None:
    """The secret tokens must be signed with now; None for an unknown storefront."""
    salt = await db.sso_salt(conn, shop_id, storefront_id)
    return None if salt is None else sso_secret(server_key(settings), storefront_id, salt)


async def rotate_sso_secret(
    pool: asyncpg.Pool, settings: Settings, shop_id: UUID, storefront_id: UUID
) -> str:
    """Draw a new secret (the old one stops working at once) and return it, shown only here.

    Raises NOT_FOUND when the shop has no such storefront.
    """
    key = server_key(settings)
    async with pool.acquire() as conn:
        salt = await db.rotate_sso_salt(conn, shop_id, storefront_id)
    if salt is None:
        raise ProblemError(Problem("NOT_FOUND", ["storefrontId"], "There is no such storefront."))
    return sso_secret(key, storefront_id, salt)
