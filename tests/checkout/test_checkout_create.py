"""checkoutCreate and checkout(id): lines, exact prices, the viewer's prices, scope and expiry."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg
import httpx

from gateway.catalogue.products import upsert_product
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    CREATE,
    GET,
    add_products,
    new_checkout,
    registered_contact,
    session_token,
)
from tests.gql import data, storefront


async def test_create_prices_lines_exactly(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(
        client, shop, [{"sku": "TEA", "quantity": 3}, {"sku": " MUG ", "quantity": 1}]
    )
    assert UUID(checkout["id"]).version == 4
    assert [(li["sku"], li["quantity"], li["unitPrice"]["amount"]) for li in checkout["lines"]] == [
        ("TEA", 3, "6.95"),
        ("MUG", 1, "14.00"),
    ]
    assert checkout["lines"][0]["total"] == {"amount": "20.85", "currency": "EUR"}
    assert checkout["total"] == {"amount": "34.85", "currency": "EUR"}
    assert checkout["email"] is None and checkout["shippingAddress"] is None
    again = data(await storefront(client, shop.storefront_key, GET, {"id": checkout["id"]}))
    assert again["checkout"] == checkout


async def test_prices_follow_the_signed_in_viewer(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop, [{"sku": "TEA", "quantity": 2}])
    member = await registered_contact(pool, shop.shop_id, discount_group="10")
    token = await session_token(pool, shop.shop_id, member)
    seen = data(await storefront(client, shop.storefront_key, GET, {"id": checkout["id"]}, token))
    # 6.95 less 10% = 6.255, rounded half-up per unit to 6.26
    assert seen["checkout"]["lines"][0]["unitPrice"]["amount"] == "6.26"
    assert seen["checkout"]["total"]["amount"] == "12.52"
    anonymous = data(await storefront(client, shop.storefront_key, GET, {"id": checkout["id"]}))
    assert anonymous["checkout"]["total"]["amount"] == "13.90"


async def test_checkout_is_null_when_unknown_expired_or_another_storefronts(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    for key, checkout_id in (
        (other_shop.storefront_key, checkout["id"]),
        (shop.storefront_key, "not-a-uuid"),
        (shop.storefront_key, "00000000-0000-4000-8000-000000000000"),
    ):
        assert data(await storefront(client, key, GET, {"id": checkout_id}))["checkout"] is None
    await pool.execute(
        "update checkouts set expires_at = now() - interval '1 second' where id = $1",
        UUID(checkout["id"]),
    )
    expired = await storefront(client, shop.storefront_key, GET, {"id": checkout["id"]})
    assert data(expired)["checkout"] is None


async def test_checkout_expires_after_the_configured_days(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    days = await pool.fetchval(
        "select extract(day from expires_at - created_at) from checkouts where id = $1",
        UUID(checkout["id"]),
    )
    assert days == 7


async def test_bad_lines_are_named_per_line(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    await upsert_product(pool, shop.shop_id, "OLD", "Retired", Decimal("1"), None, active=False)
    cases = [
        ([{"sku": "NOPE", "quantity": 1}], [["input", "lines", "0", "sku"]]),
        ([{"sku": "OLD", "quantity": 1}], [["input", "lines", "0", "sku"]]),
        (
            [{"sku": "TEA", "quantity": 1}, {"sku": "MUG", "quantity": 0}],
            [["input", "lines", "1", "quantity"]],
        ),
        ([{"sku": "TEA", "quantity": 10_000}], [["input", "lines", "0", "quantity"]]),
        ([{"sku": "TEA", "quantity": -5}], [["input", "lines", "0", "quantity"]]),
        (
            [{"sku": "TEA", "quantity": 1}, {"sku": "TEA", "quantity": 2}],
            [["input", "lines", "1", "sku"]],
        ),
        ([{"sku": "", "quantity": 1}], [["input", "lines", "0", "sku"]]),
        ([], [["input", "lines"]]),
        (
            [{"sku": "NOPE", "quantity": 0}],
            [
                ["input", "lines", "0", "quantity"],
                ["input", "lines", "0", "sku"],
            ],
        ),
    ]
    for lines, fields in cases:
        body = await storefront(client, shop.storefront_key, CREATE, {"input": {"lines": lines}})
        payload = data(body)["checkoutCreate"]
        assert payload["checkout"] is None, lines
        assert sorted(e["field"] for e in payload["errors"]) == sorted(fields), lines
        assert all(e["code"] == "INVALID" and e["message"] for e in payload["errors"])
    assert await pool.fetchval("select count(*) from checkouts") == 0


async def test_quantity_beyond_a_graphql_int_is_refused_before_running(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    lines = [{"sku": "TEA", "quantity": 2**40}]
    body = await storefront(client, shop.storefront_key, CREATE, {"input": {"lines": lines}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
