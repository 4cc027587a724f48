"""Fixtures for the hosted pages over HTTP: a signed-in browser is a client with the cookie."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.my_account.factories import Customer, customer


def base(shop: CreatedShop) -> str:
    return f"/account/{shop.handle}"


async def browser_for(app: Any, who: Customer | None, shop: CreatedShop, https: bool = False):
    scheme = "https" if https else "http"
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50001))
    client = httpx.AsyncClient(transport=transport, base_url=f"{scheme}://gateway.test")
    if who is not None:
        name = f"__Host-account-{shop.handle}" if https else f"account-{shop.handle}"
        client.cookies.set(name, who.token, domain="gateway.test")
    return client


@pytest.fixture
async def ann(pool: asyncpg.Pool, shop: CreatedShop) -> Customer:
    return await customer(pool, shop.shop_id, "ann@example.com", "Ann Example", "tea for two!")


@pytest.fixture
async def bob(pool: asyncpg.Pool, shop: CreatedShop) -> Customer:
    return await customer(pool, shop.shop_id, "bob@example.com", "Bob Other", "coffee for one")


@pytest.fixture
async def ann_browser(
    app: Any, ann: Customer, shop: CreatedShop
) -> AsyncIterator[httpx.AsyncClient]:
    client = await browser_for(app, ann, shop)
    async with client:
        yield client


@pytest.fixture
async def bob_browser(
    app: Any, bob: Customer, shop: CreatedShop
) -> AsyncIterator[httpx.AsyncClient]:
    client = await browser_for(app, bob, shop)
    async with client:
        yield client
