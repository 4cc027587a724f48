"""reorder(orderId): the same lines again at today's prices; unavailable lines reported;
someone else's order is NOT_FOUND."""

from __future__ import annotations

from decimal import Decimal

import asyncpg
import httpx

from gateway.catalogue.products import upsert_product
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    ADDRESS,
    CHECKOUT_FIELDS,
    ERRORS,
    add_products,
    complete,
    new_checkout,
    registered_contact,
    session_token,
)
from tests.gql import data, storefront

REORDER = f"""mutation($id: ID!) {{
  reorder(orderId: $id) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }} }}"""
SET_CONTACT = """mutation($id: ID!, $input: CheckoutContactInput!) {
  checkoutSetContact(checkoutId: $id, input: $input) { errors { code } } }"""


async def _placed_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str
) -> tuple[str, str]:
    """A signed-in contact's completed order: (order id, session token)."""
    contact_id = await registered_contact(pool, shop.shop_id, email=email)
    token = await session_token(pool, shop.shop_id, contact_id)
    checkout = await new_checkout(
        client, shop, [{"sku": "TEA", "quantity": 2}, {"sku": "MUG", "quantity": 1}], token
    )
    contact = {"email": email, "fullName": "Known Customer", "shippingAddress": ADDRESS}
    await storefront(
        client, shop.storefront_key, SET_CONTACT, {"id": checkout["id"], "input": contact}, token
    )
    placed = await complete(client, shop, checkout["id"], token)
    assert placed["errors"] == []
    return placed["order"]["id"], token


async def test_reorder_uses_todays_prices(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    order_id, token = await _placed_order(client, pool, shop, "buyer@example.com")
    await upsert_product(pool, shop.shop_id, "TEA", "Earl Grey tea", Decimal("7.25"), None)

    payload = data(await storefront(client, shop.storefront_key, REORDER, {"id": order_id}, token))
    result = payload["reorder"]
    assert result["errors"] == []
    lines = {li["sku"]: li for li in result["checkout"]["lines"]}
    assert lines["TEA"]["quantity"] == 2
    assert lines["TEA"]["unitPrice"]["amount"] == "7.25"
    assert lines["MUG"]["quantity"] == 1
    assert result["checkout"]["total"]["amount"] == "28.50"
    assert result["checkout"]["completed"] is False


async def test_unavailable_lines_are_left_out_and_reported(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    order_id, token = await _placed_order(client, pool, shop, "buyer@example.com")
    await upsert_product(pool, shop.shop_id, "MUG", "Stoneware mug", Decimal("14"), None, False)

    result = data(await storefront(client, shop.storefront_key, REORDER, {"id": order_id}, token))[
        "reorder"
    ]
    assert [li["sku"] for li in result["checkout"]["lines"]] == ["TEA"]
    assert len(result["errors"]) == 1
    assert result["errors"][0]["code"] == "UNAVAILABLE"
    assert "MUG" in result["errors"][0]["message"]

    await upsert_product(pool, shop.shop_id, "TEA", "Earl Grey tea", Decimal("7"), None, False)
    nothing = data(await storefront(client, shop.storefront_key, REORDER, {"id": order_id}, token))[
        "reorder"
    ]
    assert nothing["checkout"] is None
    assert {e["code"] for e in nothing["errors"]} == {"UNAVAILABLE"}


async def test_someone_elses_order_is_not_found(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    order_id, _ = await _placed_order(client, pool, shop, "owner@example.com")
    intruder = await registered_contact(pool, shop.shop_id, email="intruder@example.com")
    intruder_token = await session_token(pool, shop.shop_id, intruder)
    for raw_id in (order_id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"):
        result = data(
            await storefront(client, shop.storefront_key, REORDER, {"id": raw_id}, intruder_token)
        )["reorder"]
        assert result["checkout"] is None
        assert result["errors"] == [
            {"code": "NOT_FOUND", "field": ["orderId"], "message": "There is no such order."}
        ]

    stranger = await registered_contact(pool, other_shop.shop_id, email="owner@example.com")
    other_token = await session_token(pool, other_shop.shop_id, stranger)
    other = data(
        await storefront(client, other_shop.storefront_key, REORDER, {"id": order_id}, other_token)
    )["reorder"]
    assert other["errors"][0]["code"] == "NOT_FOUND"


async def test_reorder_needs_a_signed_in_contact(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    body = await storefront(
        client, shop.storefront_key, REORDER, {"id": "00000000-0000-4000-8000-000000000000"}
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
