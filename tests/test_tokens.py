"""Single-use tokens: scoped by purpose and shop, expiring, exactly one winner under concurrency."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg

from gateway.accounts import tokens
from gateway.tenancy.shops import CreatedShop


async def _contact(pool: asyncpg.Pool, shop_id) -> object:  # type: ignore[no-untyped-def]
    return await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest)
           values ($1, 'a@example.com', 'A', false) returning id""",
        shop_id,
    )


async def test_sixteen_concurrent_uses_one_winner(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    contact_id = await _contact(pool, shop.shop_id)
    async with pool.acquire() as conn:
        raw = await tokens.issue_token(
            conn, shop.shop_id, contact_id, tokens.SIGN_IN, timedelta(days=1)
        )

    async def redeem() -> object:
        async with pool.acquire() as conn:
            return await tokens.use_token(conn, shop.shop_id, tokens.SIGN_IN, raw)

    results = await asyncio.gather(*(redeem() for _ in range(16)))
    assert sum(r is not None for r in results) == 1


async def test_scope_expiry_and_revocation(
    pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    contact_id = await _contact(pool, shop.shop_id)
    async with pool.acquire() as conn:
        raw = await tokens.issue_token(
            conn, shop.shop_id, contact_id, tokens.SIGN_IN, timedelta(days=1)
        )
        assert await tokens.use_token(conn, other_shop.shop_id, tokens.SIGN_IN, raw) is None
        assert await tokens.use_token(conn, shop.shop_id, tokens.RESET_PASSWORD, raw) is None
        expired = await tokens.issue_token(
            conn, shop.shop_id, contact_id, tokens.SIGN_IN, timedelta(seconds=-1)
        )
        assert await tokens.use_token(conn, shop.shop_id, tokens.SIGN_IN, expired) is None
        assert await tokens.revoke_tokens(conn, shop.shop_id, contact_id, {tokens.SIGN_IN}) == 2
        assert await tokens.use_token(conn, shop.shop_id, tokens.SIGN_IN, raw) is None
        stored = await conn.fetchval(
            "select count(*) from auth_tokens where token_hash::text like $1", f"%{raw}%"
        )
        assert stored == 0
