"""With every pooled connection taken, a request waits DB_ACQUIRE_TIMEOUT_SECONDS at most and
answers 503 UNAVAILABLE with Retry-After and a request id (it hung 28-44 s before)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.database import create_pool
from gateway.pool import BoundedPool, PoolExhausted
from gateway.tenancy.shops import CreatedShop
from tests.conftest import make_settings
from tests.under_fire.test_metrics import scrape, value

WAIT = 0.5
PRODUCT = {"query": 'query P { product(sku: "NONE") { name } }'}


@pytest.fixture
async def small_pool(database_url: str, pool: asyncpg.Pool) -> AsyncIterator[BoundedPool]:
    settings = make_settings(db_pool_min=1, db_pool_max=2, db_acquire_timeout_seconds=WAIT)
    the_pool = await create_pool(settings, database_url)
    assert isinstance(the_pool, BoundedPool)
    yield the_pool
    await the_pool.close()


@pytest.fixture
async def small_client(small_pool: BoundedPool) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(db_pool_max=2, db_acquire_timeout_seconds=WAIT)
    app = create_app(settings, pool=small_pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw.test") as c:
            yield c


async def hold_all(stack: AsyncExitStack, pool: BoundedPool) -> None:
    for _ in range(pool.get_max_size()):
        await stack.enter_async_context(pool.acquire())


async def test_acquire_waits_a_bounded_time(small_pool: BoundedPool) -> None:
    async with AsyncExitStack() as stack:
        await hold_all(stack, small_pool)
        started = time.monotonic()
        with pytest.raises(PoolExhausted):
            async with small_pool.acquire():
                pass
        with pytest.raises(PoolExhausted):
            await small_pool.fetchval("select 1")  # the pool's own shortcuts acquire too
        assert time.monotonic() - started < 10 * WAIT  # not forever
        assert small_pool.waiting == 0
    assert await small_pool.fetchval("select 1") == 1


async def test_an_exhausted_pool_answers_503_unavailable(
    small_client: httpx.AsyncClient, small_pool: BoundedPool, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    warm = await small_client.post("/graphql", json=PRODUCT, headers=headers)
    assert warm.status_code == 200  # the storefront key is cached now
    before = await scrape(small_client)
    async with AsyncExitStack() as stack, asyncio.timeout(60):  # unbounded, it would hang
        await hold_all(stack, small_pool)
        # Inside execution (the product resolver needs a connection) ...
        busy = await small_client.post("/graphql", json=PRODUCT, headers=headers)
        # ... and before it (an unknown storefront key is looked up in the database).
        unknown = await small_client.post(
            "/graphql", json=PRODUCT, headers={"X-Storefront-Key": "not-cached-yet"}
        )
        # The admin key is looked up before execution too.
        admin = await small_client.post(
            "/admin/graphql", json=PRODUCT, headers={"Authorization": f"Bearer {shop.admin_key}"}
        )
    for answer in (busy, unknown, admin):
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == "application/json"
        assert answer.headers["retry-after"] == "2"
        error = answer.json()["errors"][0]
        assert error["extensions"]["code"] == "UNAVAILABLE"
        assert error["extensions"]["requestId"] == answer.headers["x-request-id"]
    assert busy.json()["data"] == {"product": None}
    after = await scrape(small_client)
    assert (
        value(after, "gateway_db_pool_timeouts_total")
        - value(before, "gateway_db_pool_timeouts_total")
        >= 3
    )
    assert (
        value(after, "gateway_errors_total", code="UNAVAILABLE")
        - value(before, "gateway_errors_total", code="UNAVAILABLE")
        == 3
    )

    again = await small_client.post("/graphql", json=PRODUCT, headers=headers)
    assert again.status_code == 200 and again.json() == {"data": {"product": None}}


def test_background_tasks_treat_a_busy_pool_like_an_unreachable_database() -> None:
    # The mail sender and the housekeeper catch asyncpg.InterfaceError and try again later.
    assert issubclass(PoolExhausted, asyncpg.InterfaceError)
