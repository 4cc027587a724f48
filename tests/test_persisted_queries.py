"""Automatic persisted queries: a hash alone runs a query this process has seen with it."""

from __future__ import annotations

import hashlib
import json

import httpx

from gateway.tenancy.shops import CreatedShop

QUERY = "{ storefront { name } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()


def _ext(digest: str = DIGEST) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def test_unknown_hash_then_register_then_hash_alone(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    miss = await client.post("/graphql", json={"extensions": _ext()}, headers=headers)
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    registered = await client.post(
        "/graphql", json={"query": QUERY, "extensions": _ext()}, headers=headers
    )
    assert registered.json()["data"]["storefront"]["name"] == "Test shop"

    by_post = await client.post("/graphql", json={"extensions": _ext()}, headers=headers)
    assert by_post.json()["data"]["storefront"]["name"] == "Test shop"
    by_get = await client.get(
        "/graphql", params={"extensions": json.dumps(_ext())}, headers=headers
    )
    assert by_get.json()["data"]["storefront"]["name"] == "Test shop"


async def test_a_hash_that_does_not_match_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    wrong = await client.post(
        "/graphql", json={"query": QUERY, "extensions": _ext("0" * 64)}, headers=headers
    )
    assert wrong.status_code == 400
    still_unknown = await client.post(
        "/graphql", json={"extensions": _ext("0" * 64)}, headers=headers
    )
    assert still_unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    for bad in ({"persistedQuery": {"version": 2, "sha256Hash": DIGEST}}, {"persistedQuery": 1}):
        response = await client.post("/graphql", json={"extensions": bad}, headers=headers)
        assert response.status_code == 400
