"""Sliding expiry written off the request path: a request using an idle session sends no
UPDATE; the server writes every queued use in one statement soon after (or at shutdown), with
the time of the use, never reviving a session that was revoked or had expired."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from gateway.accounts.session_touches import SessionTouches
from gateway.app import create_app
from gateway.tenancy.shops import CreatedShop
from tests.conftest import StatementCounter, make_settings
from tests.gql import data, storefront
from tests.my_account.factories import customer

VIEWER = "{ viewer { email } }"


async def _idle(
    pool: asyncpg.Pool, contact_id: Any, expires_in: timedelta = timedelta(days=1)
) -> None:
    await pool.execute(
        """update sessions set last_used_at = now() - interval '1 hour',
                               expires_at = now() + $2::interval
           where contact_id = $1""",
        contact_id,
        expires_in,
    )


async def _days_left(pool: asyncpg.Pool, contact_id: Any) -> float:
    return float(
        await pool.fetchval(
            "select extract(epoch from expires_at - now()) / 86400 from sessions"
            " where contact_id = $1",
            contact_id,
        )
    )


async def test_an_idle_session_slides_after_the_answer_in_one_statement(
    app: Any,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    statements: StatementCounter,
) -> None:
    people = [await customer(pool, shop.shop_id, email=f"p{i}@example.com") for i in range(3)]
    for person in people:
        await _idle(pool, person.id)
    await storefront(client, shop.storefront_key, "{ storefront { name } }")  # key cached
    touches: SessionTouches = app.state.services.session_touches
    for person in people:
        statements.count = 0
        body = data(await storefront(client, shop.storefront_key, VIEWER, token=person.token))
        assert body["viewer"]["email"] == person.email
        assert statements.count == 1  # the session read; no UPDATE while answering
        assert await _days_left(pool, person.id) < 1.01
    assert touches.pending == 3
    statements.count = 0
    assert await touches.flush() == 3
    assert statements.count == 1
    for person in people:
        assert 29.9 < await _days_left(pool, person.id) <= 30
    # Used again within the touch interval: nothing to write.
    await storefront(client, shop.storefront_key, VIEWER, token=people[0].token)
    assert touches.pending == 0


async def test_shutdown_writes_what_is_queued(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    ann = await customer(pool, shop.shop_id)
    await _idle(pool, ann.id)
    application = create_app(make_settings(), pool=pool)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            await storefront(c, shop.storefront_key, VIEWER, token=ann.token)
        assert application.state.services.session_touches.pending == 1
    assert 29.9 < await _days_left(pool, ann.id) <= 30


async def test_a_late_write_never_revives_nor_shortens(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    revoked = await customer(pool, shop.shop_id, email="revoked@example.com")
    expired = await customer(pool, shop.shop_id, email="expired@example.com")
    later = await customer(pool, shop.shop_id, email="later@example.com")
    await pool.execute("update sessions set revoked_at = now() where contact_id = $1", revoked.id)
    await _idle(pool, expired.id, timedelta(seconds=-1))
    await _idle(pool, later.id, timedelta(days=40))
    touches = SessionTouches(pool)
    now = datetime.now(UTC)
    for person in (revoked, expired, later):
        session_id = await pool.fetchval("select id from sessions where contact_id = $1", person.id)
        touches.add(session_id, now, 30)
    before = {
        r["contact_id"]: (r["expires_at"], r["last_used_at"])
        for r in await pool.fetch("select contact_id, expires_at, last_used_at from sessions")
    }
    await touches.close()
    after = {
        r["contact_id"]: (r["expires_at"], r["last_used_at"])
        for r in await pool.fetch("select contact_id, expires_at, last_used_at from sessions")
    }
    assert after[revoked.id] == before[revoked.id]
    assert after[expired.id] == before[expired.id]
    # Already valid for 40 days: the expiry stays; the last use moves on.
    assert after[later.id][0] == before[later.id][0]
    assert after[later.id][1] > before[later.id][1]
    assert abs(after[later.id][1] - now) < timedelta(seconds=1)


async def test_one_flush_writes_the_sessions_of_every_shop(
    pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    """The timer starts in some request's task, bound to that request's shop for row-level
    security; the flush still writes the queued sessions of every shop."""
    from gateway.db.tenant_scope import bind_shop, unbind

    ann = await customer(pool, shop.shop_id, email="ann@example.com")
    bob = await customer(pool, other_shop.shop_id, email="bob@example.com")
    for person in (ann, bob):
        await _idle(pool, person.id)
    ids = [
        await pool.fetchval("select id from sessions where contact_id = $1", person.id)
        for person in (ann, bob)
    ]
    touches = SessionTouches(pool)
    token = bind_shop(shop.shop_id)
    try:
        now = datetime.now(UTC)
        for session_id in ids:
            touches.add(session_id, now, 30)
        await touches.close()  # the timer's task was made while bound to the first shop
    finally:
        unbind(token)
    for person in (ann, bob):
        assert 29.9 < await _days_left(pool, person.id) <= 30
