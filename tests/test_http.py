"""The HTTP surface: storefront key, body handling, GET rules, GraphiQL, health."""

from __future__ import annotations

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront

STOREFRONT_QUERY = "{ storefront { name loginMethods requireLoginForCatalogue } }"


async def test_storefront_answers_with_its_key(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, STOREFRONT_QUERY)
    assert data(body)["storefront"] == {
        "name": "Test shop",
        "loginMethods": ["PASSWORD", "SIGN_IN_LINK", "SSO"],
        "requireLoginForCatalogue": False,
    }


async def test_missing_or_unknown_storefront_key_is_401(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for headers in ({}, {"X-Storefront-Key": "sf_unknown"}, {"X-Storefront-Key": shop.admin_key}):
        response = await client.post("/graphql", json={"query": STOREFRONT_QUERY}, headers=headers)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "STOREFRONT_KEY_INVALID"


async def test_malformed_json_is_400_not_500(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key, "Content-Type": "application/json"}
    for raw in (
        b"{not json",
        b"[]",
        b'"text"',
        b'{"query": 5}',
        b'{"query": "{ x }", "variables": 3}',
    ):
        response = await client.post("/graphql", content=raw, headers=headers)
        assert response.status_code == 400, raw
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_only_json_bodies(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    response = await client.post(
        "/graphql",
        content=b"query=%7Bstorefront%7Bname%7D%7D",
        headers={
            "X-Storefront-Key": shop.storefront_key,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 415


async def test_queries_over_get_but_never_mutations(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    ok = await client.get(
        "/graphql",
        params={"query": "{ storefront { name } }"},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert ok.status_code == 200
    assert ok.json()["data"]["storefront"]["name"] == "Test shop"

    mutation = (
        'mutation { productUpsert(input: {sku: "A", name: "A", price: "1"}) { errors { code } } }'
    )
    refused = await client.get(
        "/admin/graphql",
        params={"query": mutation},
        headers={"Authorization": f"Bearer {shop.admin_key}"},
    )
    assert refused.status_code == 405
    products = await client.post(
        "/graphql",
        json={"query": '{ product(sku: "A") { sku } }'},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert products.json()["data"]["product"] is None


async def test_graphiql_page_needs_no_key(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
    assert "query Storefront" in response.text


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


async def test_unknown_field_is_a_graphql_error_with_a_code(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, "{ storefront { nmae } }")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" in error["message"]  # suggestions are on outside production


async def test_admin_graphiql_page_asks_for_the_admin_key(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "query Storefronts" in response.text
