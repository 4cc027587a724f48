"""Favourites: saved products, and a revocable read-only link to the list."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import favourites as db
from gateway.errors import Problem, ProblemError
from gateway.secrets import hash_token, new_token


async def add_favourite(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, sku: str
) -> db.Favourite:
    """Idempotent: adding a saved product again keeps its first addedAt."""
    sku = sku.strip()
    favourite = None
    if 0 < len(sku) <= 100:
        async with pool.acquire() as conn:
            favourite = await db.add(conn, shop_id, contact_id, sku)
    if favourite is None:
        raise ProblemError(Problem("NOT_FOUND", ["sku"], "There is no such product."))
    return favourite


async def remove_favourite(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, sku: str) -> None:
    """Idempotent: removing what is not saved is no error."""
    async with pool.acquire() as conn:
        await db.remove(conn, shop_id, contact_id, sku.strip())


async def share_favourites(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID) -> str:
    """A new 256-bit share token (kept only as a hash); an earlier link stops working."""
    token = new_token()
    async with pool.acquire() as conn, conn.transaction():
        await db.replace_share(conn, shop_id, contact_id, hash_token(token))
    return token


async def revoke_share(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID) -> None:
    async with pool.acquire() as conn:
        await db.revoke_shares(conn, shop_id, contact_id)


async def shared_owner(pool: asyncpg.Pool, shop_id: UUID, token: str) -> UUID | None:
    if not token or len(token) > 200:
        return None
    async with pool.acquire() as conn:
        return await db.shared_owner(conn, shop_id, hash_token(token))
