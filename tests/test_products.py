"""Admin productUpsert validation and the storefront's product(sku)."""

from __future__ import annotations

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront

UPSERT = """mutation($input: ProductInput!) {
  productUpsert(input: $input) { product { sku price { amount } } errors { code field message } }
}"""


async def test_upsert_updates_in_place(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    for price in ("10", "12.5"):
        body = await admin(
            client, shop.admin_key, UPSERT, {"input": {"sku": "S", "name": "N", "price": price}}
        )
        assert data(body)["productUpsert"]["errors"] == []
    product = data(
        await storefront(client, shop.storefront_key, '{ product(sku: "S") { price { amount } } }')
    )
    assert product["product"]["price"]["amount"] == "12.50"


async def test_bad_product_input_names_the_fields(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    cases = [
        ({"sku": "", "name": "N", "price": "1"}, ["input", "sku"]),
        ({"sku": "S", "name": " ", "price": "1"}, ["input", "name"]),
        ({"sku": "S", "name": "N", "price": "-1"}, ["input", "price"]),
        ({"sku": "S", "name": "N", "price": "1.005"}, ["input", "price"]),
        ({"sku": "S", "name": "N", "price": "1", "currency": "USD"}, ["input", "currency"]),
    ]
    for product_input, field in cases:
        payload = data(await admin(client, shop.admin_key, UPSERT, {"input": product_input}))[
            "productUpsert"
        ]
        assert payload["product"] is None
        assert [e["field"] for e in payload["errors"]] == [field], product_input
        assert all(e["code"] == "INVALID" and e["message"] for e in payload["errors"])


async def test_non_numeric_price_is_refused_by_graphql(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await admin(
        client, shop.admin_key, UPSERT, {"input": {"sku": "S", "name": "N", "price": "abc"}}
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
