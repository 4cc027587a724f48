"""A password login talks to PostgreSQL twice, around the verify and never during it: the
address's credentials and the attempt counted on one connection, then the counters cleared
and the session opened on one (issue 15: logins at the argon2 bound)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import codes, login
from tests.conftest import StatementCounter
from tests.gql import storefront
from tests.my_account.factories import customer

PASSWORD = "a long enough passphrase"


@pytest.fixture
def acquires(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many connections the pool handed out."""
    count = [0]
    original = asyncpg.pool.Pool._acquire

    async def counted(self: Any, *args: Any) -> Any:
        count[0] += 1
        return await original(self, *args)

    monkeypatch.setattr(asyncpg.pool.Pool, "_acquire", counted)
    yield count


async def test_a_login_uses_two_connections_and_six_statements(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    statements: StatementCounter,
    acquires: list[int],
) -> None:
    await customer(pool, shop.shop_id, email="ann@example.com", password=PASSWORD)
    await storefront(client, shop.storefront_key, "{ storefront { name } }")  # key cached
    statements.count = 0
    acquires[0] = 0
    answer = await login(client, shop, "ann@example.com", PASSWORD)
    assert answer["errors"] == [] and answer["session"]["token"]
    # credentials, two attempt counters | forget, uncount, session
    assert (acquires[0], statements.count) == (2, 6)

    statements.count = 0
    acquires[0] = 0
    wrong = await login(client, shop, "ann@example.com", "not the passphrase")
    assert codes(wrong) == ["INVALID_CREDENTIALS"]
    assert (acquires[0], statements.count) == (1, 3)
