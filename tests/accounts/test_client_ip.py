"""Which IP the throttles key on: X-Buyer-IP only with the private secret, X-Forwarded-For
only from TRUSTED_PROXIES."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import confirmed_customer, login
from tests.conftest import make_settings
from tests.smtp import SmtpServer

SESSION_IPS = "select host(ip) from sessions order by created_at desc limit 1"


async def _signed_in_ip(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, headers: dict[str, str]
) -> str:
    assert (await login(client, shop, "ann@example.com", headers=headers))["errors"] == []
    return str(await pool.fetchval(SESSION_IPS))


async def test_buyer_ip_only_with_the_private_secret(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    other_shop: CreatedShop,
    smtp_server: SmtpServer,
    pool: asyncpg.Pool,
) -> None:
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    good = {
        "X-Storefront-Private-Secret": shop.storefront_private_secret,
        "X-Buyer-IP": "192.0.2.5",
    }
    assert await _signed_in_ip(client, shop, pool, good) == "192.0.2.5"
    for ignored in (
        {"X-Buyer-IP": "192.0.2.6"},
        {"X-Storefront-Private-Secret": "sfp_wrong", "X-Buyer-IP": "192.0.2.7"},
        {
            "X-Storefront-Private-Secret": other_shop.storefront_private_secret,
            "X-Buyer-IP": "192.0.2.8",
        },
    ):
        assert await _signed_in_ip(client, shop, pool, ignored) == "203.0.113.7"


async def test_a_forged_buyer_ip_does_not_escape_the_throttle(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    for i in range(5):
        await login(client, shop, "ann@example.com", "guess", headers={"X-Buyer-IP": f"10.0.0.{i}"})
    blocked = await login(client, shop, "ann@example.com", headers={"X-Buyer-IP": "10.0.0.99"})
    assert blocked["errors"][0]["code"] == "RATE_LIMITED"


@pytest.fixture
def settings(smtp_server: SmtpServer) -> Any:
    return make_settings(
        smtp_url=smtp_server.url,
        mail_sender_enabled=True,
        trusted_proxies=(ipaddress.ip_network("203.0.113.0/24"),),
    )


@pytest.fixture
async def untrusting(pool: asyncpg.Pool) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(), pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield c


async def test_forwarded_for_only_from_trusted_proxies(
    client: httpx.AsyncClient,
    untrusting: httpx.AsyncClient,
    shop: CreatedShop,
    smtp_server: SmtpServer,
    pool: asyncpg.Pool,
) -> None:
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    # The right-most hop that is not one of our proxies is the client; earlier hops are forgeable.
    forwarded = {"X-Forwarded-For": "1.2.3.4, 198.51.100.20, 203.0.113.9"}
    assert await _signed_in_ip(client, shop, pool, forwarded) == "198.51.100.20"
    assert await _signed_in_ip(untrusting, shop, pool, forwarded) == "203.0.113.7"
    assert await _signed_in_ip(client, shop, pool, {"X-Forwarded-For": "garbage"}) == "203.0.113.7"
