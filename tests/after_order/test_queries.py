"""Shipments, returns and status links of a page of orders cost a fixed number of statements."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import ask_return, ship
from tests.conftest import StatementCounter, make_settings
from tests.gql import data, storefront
from tests.my_account.factories import customer, order


@pytest.fixture
def settings() -> Settings:
    """No mail sender here: its statements would be counted with the request's."""
    return make_settings()


ORDERS = """{ viewer { orders(first: 20) { edges { node { number statusUrl
  shipments { trackingNumber lines { sku quantity } }
  returns { number status lines { sku quantity reason } } } } } } }"""


async def _history(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str, orders: int
) -> str:
    person = await customer(pool, shop.shop_id, email=email)
    for i in range(orders):
        order_id = str(await order(pool, shop.shop_id, person.id, f"{email}-{i}"))
        assert (await ship(client, shop, order_id, None, f"3S{i}"))["errors"] == []
        back = [{"sku": "TEA", "quantity": 1, "reason": "OTHER"}]
        assert (await ask_return(client, shop, person.token, order_id, back))["errors"] == []
    return person.token


async def test_orders_with_shipments_returns_and_links_cost_the_same_for_1_and_10(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    statements: StatementCounter,
) -> None:
    one = await _history(client, pool, shop, "one@example.com", 1)
    ten = await _history(client, pool, shop, "ten@example.com", 10)
    await storefront(client, shop.storefront_key, ORDERS, token=one)  # warm: secrets, caches
    counts = []
    for token, n in ((one, 1), (ten, 10)):
        statements.count = 0
        viewer = data(await storefront(client, shop.storefront_key, ORDERS, token=token))
        edges = viewer["viewer"]["orders"]["edges"]
        assert len(edges) == n
        nodes = [e["node"] for e in edges]
        assert all(len(o["shipments"]) == 1 and len(o["returns"]) == 1 for o in nodes)
        assert all(o["statusUrl"] for o in nodes)
        counts.append(statements.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 5, counts  # viewer, orders page, shipments, returns, status links
