"""Row-level security's settings cost a round trip only when a pooled connection changes shop:
the pool's reset on release sets the last shop's settings again in its own round trip, so the
next request of that shop sends none (gateway/db/tenant_scope.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.db.tenant_scope import UNSCOPE_STATEMENT
from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront

# The storefront comes with the key; the product is a statement under the request's shop.
NAME = '{ storefront { name } product(sku: "NONE") { name } }'


@pytest.fixture
def scope_statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    sent: list[str] = []
    original = asyncpg.connection.Connection.execute

    async def execute(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if query.startswith(" select set_config(") or query == UNSCOPE_STATEMENT:
            sent.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "execute", execute)
    yield sent


async def test_settings_are_sent_when_a_connection_changes_shop_only(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    other_shop: CreatedShop,
    pool: asyncpg.Pool,
    scope_statements: list[str],
) -> None:
    await storefront(client, other_shop.storefront_key, NAME)  # both keys known (cached)
    first = data(await storefront(client, shop.storefront_key, NAME))
    assert first["storefront"]["name"]
    scope_statements.clear()
    for _ in range(5):
        await storefront(client, shop.storefront_key, NAME)
    assert scope_statements == []  # same shop again: the reset set it back already
    await storefront(client, other_shop.storefront_key, NAME)
    assert len(scope_statements) == 1 and str(other_shop.shop_id) in scope_statements[0]
    # The connection now holds the other shop; a use with no shop bound unsets it first, and
    # sees every shop's rows (as the login role).
    scope_statements.clear()
    names = {r["name"] for r in await pool.fetch("select name from shops")}
    assert len(names) >= 2
    assert scope_statements in ([], [UNSCOPE_STATEMENT])


async def test_a_reused_connection_shows_only_its_requests_shop(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    """Kept settings never leak: each request sees its own shop, alternating on one pool."""
    for _ in range(3):
        for current in (shop, other_shop, other_shop, shop):
            body = data(await storefront(client, current.storefront_key, NAME))
            expected = await pool.fetchval("select name from shops where id = $1", current.shop_id)
            assert body["storefront"]["name"] == expected
