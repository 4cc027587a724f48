"""resolve_viewer: the session, contact, group and price terms in one query, the same as the
separate reads it replaces."""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from gateway.accounts.sessions import resolve_viewer
from gateway.db import contacts as contacts_db
from gateway.db.pricing import terms_for
from gateway.secrets import hash_token
from gateway.tenancy.shops import CreatedShop
from tests.my_account.factories import customer


async def _same_as_separate_reads(pool: asyncpg.Pool, shop: CreatedShop, token: str) -> None:
    async with pool.acquire() as conn:
        viewer = await resolve_viewer(conn, shop.shop_id, token, 30)
        session = await conn.fetchrow(
            "select id, contact_id, expires_at from sessions where token_hash = $1",
            hash_token(token),
        )
        assert viewer is not None and session is not None
        assert (viewer.session.id, viewer.session.contact_id, viewer.session.expires_at) == (
            session["id"],
            session["contact_id"],
            session["expires_at"],
        )
        contact_id = session["contact_id"]
        assert viewer.row.contact == await contacts_db.by_id(conn, shop.shop_id, contact_id)
        assert viewer.row.price_terms == await terms_for(
            conn, shop.shop_id, contact_id, viewer.row.organisation_id
        )


async def test_plain_customer(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    ann = await customer(pool, shop.shop_id)
    await _same_as_separate_reads(pool, shop, ann.token)
    async with pool.acquire() as conn:
        viewer = await resolve_viewer(conn, shop.shop_id, ann.token, 30)
    assert viewer is not None and viewer.row.customer_group is None


async def test_group_and_price_list(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    ann = await customer(pool, shop.shop_id)
    group = await pool.fetchval(
        "insert into customer_groups (shop_id, name, discount_percent) values ($1, 'G', 12.5)"
        " returning id",
        shop.shop_id,
    )
    price_list = await pool.fetchval(
        "insert into price_lists (shop_id, name, currency) values ($1, 'L', 'EUR') returning id",
        shop.shop_id,
    )
    org = await pool.fetchval(
        "insert into organisations (shop_id, name, price_list_id) values ($1, 'O', $2)"
        " returning id",
        shop.shop_id,
        price_list,
    )
    await pool.execute("update contacts set customer_group_id = $1 where id = $2", group, ann.id)
    await pool.execute(  # the only membership: the session acts for it
        "insert into organisation_members (shop_id, organisation_id, contact_id, role)"
        " values ($1, $2, $3, 'BUYER')",
        shop.shop_id,
        org,
        ann.id,
    )
    await _same_as_separate_reads(pool, shop, ann.token)
    async with pool.acquire() as conn:
        viewer = await resolve_viewer(conn, shop.shop_id, ann.token, 30)
    assert viewer is not None
    assert viewer.row.customer_group is not None
    assert (viewer.row.customer_group.id, viewer.row.customer_group.name) == (group, "G")
    assert viewer.row.customer_group.discount_percent == Decimal("12.5")
    assert viewer.row.price_terms.price_list_id == price_list


async def test_no_viewer_where_there_is_no_session(
    pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id)
    bo = await customer(pool, shop.shop_id, email="bo@example.com")
    cy = await customer(pool, shop.shop_id, email="cy@example.com")
    await pool.execute("update sessions set revoked_at = now() where contact_id = $1", bo.id)
    await pool.execute("update contacts set anonymised_at = now() where id = $1", cy.id)
    async with pool.acquire() as conn:
        assert await resolve_viewer(conn, other_shop.shop_id, ann.token, 30) is None
        assert await resolve_viewer(conn, shop.shop_id, "x" * 201, 30) is None
        assert await resolve_viewer(conn, shop.shop_id, "", 30) is None
        assert await resolve_viewer(conn, shop.shop_id, bo.token, 30) is None
        assert await resolve_viewer(conn, shop.shop_id, cy.token, 30) is None
        await pool.execute("update sessions set expires_at = now() where contact_id = $1", ann.id)
        assert await resolve_viewer(conn, shop.shop_id, ann.token, 30) is None


async def test_slides_the_expiry_of_an_idle_session(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    ann = await customer(pool, shop.shop_id)
    await pool.execute(
        "update sessions set last_used_at = now() - interval '1 hour',"
        " expires_at = now() + interval '1 day' where contact_id = $1",
        ann.id,
    )
    async with pool.acquire() as conn:
        viewer = await resolve_viewer(conn, shop.shop_id, ann.token, 30)
    assert viewer is not None
    stored = await pool.fetchval("select expires_at from sessions where contact_id = $1", ann.id)
    assert viewer.session.expires_at == stored
    assert (stored - viewer.row.last_used_at).days >= 29
