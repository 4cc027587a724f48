"""Cache-Control and Vary on GraphQL answers: anonymous GETs of public catalogue data are
`public`, anything with a session is `private, no-store`, errors, POSTs, personal data and the
admin API are never stored; Vary names the headers that select an answer."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.my_account.factories import customer, product


async def _get(client: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await client.get("/graphql", params={"query": query}, headers=headers)


def _vary(response: httpx.Response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",") if v.strip()}


async def test_anonymous_catalogue_gets_are_public(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA")
    for query in ('{ product(sku: "TEA") { sku price { amount } } }', "{ storefront { name } }"):
        response = await _get(client, query, **{"X-Storefront-Key": shop.storefront_key})
        assert response.status_code == 200
        assert "errors" not in response.json()
        assert response.headers["cache-control"] == "public, max-age=60"
        assert {"x-storefront-key", "authorization", "cookie"} <= _vary(response)


async def test_anything_with_a_session_is_private(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id)
    key = {"X-Storefront-Key": shop.storefront_key}
    for query in ("{ viewer { email } }", "{ storefront { name } }"):
        signed_in = await _get(client, query, **key, Authorization=f"Bearer {ann.token}")
        assert signed_in.headers["cache-control"] == "private, no-store"
    cookie = await client.get(
        "/graphql",
        params={"query": "{ viewer { email } }"},
        headers={
            **key,
            "Origin": "http://localhost:3000",
            "Cookie": f"gateway_session={ann.token}",
        },
    )
    assert cookie.json()["data"]["viewer"] == {"email": "ann@example.com"}
    assert cookie.headers["cache-control"] == "private, no-store"
    assert {"origin", "cookie", "authorization", "x-storefront-key"} <= _vary(cookie)
    assert len(cookie.headers.get_list("vary")) == 1


async def test_errors_posts_and_personal_reads_are_not_stored(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    key = {"X-Storefront-Key": shop.storefront_key}
    cases: list[Any] = [
        await _get(client, "{ storefront { nmae } }", **key),  # validation error
        await _get(client, '{ checkout(id: "x") { id } }', **key),  # personal data by id
        await _get(client, "{ viewer { email } }", **key),  # anonymous, but about the viewer
        await _get(client, "{ storefront { name } }"),  # no key: 401
        await client.post("/graphql", json={"query": "{ storefront { name } }"}, headers=key),
    ]
    for response in cases:
        assert response.headers["cache-control"] == "no-store", response.request.url


async def test_admin_answers_are_private(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    response = await client.get(
        "/admin/graphql",
        params={"query": "{ storefronts { name } }"},
        headers={"Authorization": f"Bearer {shop.admin_key}"},
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert "authorization" in _vary(response)
