"""Favourites: idempotent add, remove, newest first, and the revocable share link."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.my_account.factories import customer, product

ADD = """mutation($sku: String!) { favouriteAdd(sku: $sku) {
  favourite { addedAt product { sku price { amount } } } errors { code field } } }"""
REMOVE = """mutation($sku: String!) { favouriteRemove(sku: $sku) { errors { code } } }"""
LIST = """query($after: String) { viewer { favourites(first: 2, after: $after) {
  edges { node { product { sku } } } pageInfo { hasNextPage endCursor } } } }"""
SHARE = "mutation { shareFavourites { token errors { code } } }"
REVOKE = "mutation { revokeFavouritesShare { errors { code } } }"
SHARED = """query($token: String!) { sharedFavourites(token: $token) {
  edges { node { product { sku price { amount } } } } } }"""


async def _skus(client: httpx.AsyncClient, key: str, token: str) -> list[str]:
    skus: list[str] = []
    after = None
    while True:
        page = data(await storefront(client, key, LIST, {"after": after}, token))
        connection = page["viewer"]["favourites"]
        skus += [e["node"]["product"]["sku"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return skus
        after = connection["pageInfo"]["endCursor"]


async def test_add_is_idempotent_and_list_is_newest_first(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    key = shop.storefront_key
    for sku in ("A", "B", "C"):
        await product(pool, shop.shop_id, sku)
    first = data(await storefront(client, key, ADD, {"sku": "A"}, ann.token))["favouriteAdd"]
    assert first["errors"] == []
    assert first["favourite"]["product"] == {"sku": "A", "price": {"amount": "10.00"}}
    again = data(await storefront(client, key, ADD, {"sku": "A"}, ann.token))["favouriteAdd"]
    assert again["favourite"]["addedAt"] == first["favourite"]["addedAt"]
    for sku in ("B", "C"):
        await storefront(client, key, ADD, {"sku": sku}, ann.token)
    assert await _skus(client, key, ann.token) == ["C", "B", "A"]

    assert data(await storefront(client, key, REMOVE, {"sku": "B"}, ann.token)) == {
        "favouriteRemove": {"errors": []}
    }
    assert data(await storefront(client, key, REMOVE, {"sku": "B"}, ann.token)) == {
        "favouriteRemove": {"errors": []}
    }
    assert await _skus(client, key, ann.token) == ["C", "A"]


async def test_unknown_product_is_not_found(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await product(pool, other_shop.shop_id, "ELSEWHERE")
    for sku in ("NOPE", "ELSEWHERE", ""):
        body = await storefront(client, shop.storefront_key, ADD, {"sku": sku}, ann.token)
        assert data(body)["favouriteAdd"] == {
            "favourite": None,
            "errors": [{"code": "NOT_FOUND", "field": ["sku"]}],
        }
    anonymous = await storefront(client, shop.storefront_key, ADD, {"sku": "NOPE"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_share_link_is_read_only_revocable_and_private_otherwise(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bob = await customer(pool, shop.shop_id, email="bob@example.com")
    key = shop.storefront_key
    await product(pool, shop.shop_id, "A", "20.00")
    await storefront(client, key, ADD, {"sku": "A"}, ann.token)
    # Bob's own list does not show Ann's favourites; nothing else names her list.
    assert await _skus(client, key, bob.token) == []

    token = data(await storefront(client, key, SHARE, token=ann.token))["shareFavourites"]["token"]
    assert len(token) >= 43
    shared = data(await storefront(client, key, SHARED, {"token": token}))["sharedFavourites"]
    assert shared == {"edges": [{"node": {"product": {"sku": "A", "price": {"amount": "20.00"}}}}]}
    stored = await pool.fetchval("select token_hash from favourite_shares")
    assert token.encode() not in stored
    other = await storefront(client, other_shop.storefront_key, SHARED, {"token": token})
    assert data(other) == {"sharedFavourites": None}

    newer = data(await storefront(client, key, SHARE, token=ann.token))["shareFavourites"]["token"]
    assert data(await storefront(client, key, SHARED, {"token": token})) == {
        "sharedFavourites": None
    }
    assert data(await storefront(client, key, SHARED, {"token": newer}))["sharedFavourites"]
    await storefront(client, key, REVOKE, token=ann.token)
    assert data(await storefront(client, key, SHARED, {"token": newer})) == {
        "sharedFavourites": None
    }
