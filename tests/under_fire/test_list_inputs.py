"""Oversized list inputs are refused before any work per item: a basket of 5,000 lines got one
error per line (and took 150-300 ms, stalling other requests); any list in the variables
longer than the longest an operation takes is refused before coercion."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import registered_contact
from tests.gql import admin, storefront

CREATE = """mutation($i: CheckoutCreateInput!) { checkoutCreate(input: $i) {
  checkout { id } errors { code field message } } }"""
ORDER = """mutation($i: OrderCreateInput!) { orderCreate(input: $i) {
  order { id } errors { code field message } } }"""


def _lines(count: int) -> list[dict[str, object]]:
    return [{"sku": f"NOPE-{i}", "quantity": 1} for i in range(count)]


async def test_a_basket_over_the_limit_gets_one_error(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, CREATE, {"i": {"lines": _lines(101)}})
    errors = body["data"]["checkoutCreate"]["errors"]
    assert errors == [
        {"code": "INVALID", "field": ["input", "lines"], "message": errors[0]["message"]}
    ]
    assert "at most 100 lines" in errors[0]["message"]


async def test_an_admin_order_over_the_limit_gets_one_error(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    contact = await registered_contact(pool, shop.shop_id)
    variables = {"i": {"contactId": str(contact), "lines": _lines(150)}}
    payload = (await admin(client, shop.admin_key, ORDER, variables))["data"]["orderCreate"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", "lines"])]


async def test_a_list_longer_than_any_operation_takes_is_refused_before_coercion(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, CREATE, {"i": {"lines": _lines(5000)}})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "5,000 items" in error["message"] and "i.lines" in error["message"]
    # Nested deeper, and at the top level: the same.
    prices = "query($s: [String!]!) { prices(skus: $s) { sku } }"
    body = await storefront(client, shop.storefront_key, prices, {"s": ["X"] * 1001})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # The longest list an operation takes still passes.
    body = await storefront(client, shop.storefront_key, prices, {"s": ["X"] * 1000})
    assert body["data"] == {"prices": []}


async def test_the_admin_api_takes_a_price_list_of_10000_prices_and_no_more(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    create = """mutation($i: PriceListInput!) { priceListCreate(input: $i) {
      priceList { id } errors { code field } } }"""
    prices = [{"sku": f"S{i}", "price": "1.00"} for i in range(10_001)]
    body = await admin(
        client, shop.admin_key, create, {"i": {"name": "Big", "currency": "EUR", "prices": prices}}
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "10,001 items" in body["errors"][0]["message"]
