"""A request leaves no reference cycles behind: its objects are freed by reference counting
the moment it is answered, never by the cyclic garbage collector, whose full pauses stall
every request in flight (the dashboard's p99 tail; issue 15)."""

from __future__ import annotations

import gc

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.my_account.factories import product
from tests.my_account.test_dashboard_queries import DASHBOARD, _customer_with_orders

# Objects of these packages in a cycle would be the server's (the test client's own
# httpx Response <-> stream cycle is not).
SERVER_PACKAGES = {"gateway", "resolvers", "loaders", "graphql", "strawberry", "starlette"}


def _server_objects(garbage: list[object]) -> list[str]:
    names = []
    for thing in garbage:
        module = getattr(type(thing), "__module__", "") or ""
        if module.split(".")[0] in SERVER_PACKAGES:
            names.append(f"{module}.{type(thing).__qualname__}")
    return names


async def test_a_dashboard_request_leaves_no_cyclic_garbage(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    for sku in ("A", "B"):
        await product(pool, shop.shop_id, sku)
    person = await _customer_with_orders(pool, shop.shop_id, "ann@example.com", 3)
    variables = {"first": 10}
    # The first run parses and validates (cached): that garbage is made once, not per request.
    await storefront(client, shop.storefront_key, DASHBOARD, variables, person.token)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(3):
            body = await storefront(client, shop.storefront_key, DASHBOARD, variables, person.token)
            assert len(data(body)["viewer"]["orders"]["edges"]) == 3
        gc.collect()
        left = _server_objects(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []


async def test_an_error_answer_leaves_no_cyclic_garbage(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    """A resolver that raises (UNAUTHENTICATED without a session): the error path too."""
    query = '{ order(number: "A-1") { number } }'
    body = await storefront(client, shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(3):
            await storefront(client, shop.storefront_key, query)
        gc.collect()
        left = _server_objects(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
