"""`prices`, `products`, `product.priceBreaks`: the one pricing function, exact to the cent,
at a constant number of SQL statements whatever the number of SKUs."""

from __future__ import annotations

from decimal import Decimal

import asyncpg
import httpx

from gateway.catalogue.products import upsert_product
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import registered_contact, session_token
from tests.conftest import StatementCounter
from tests.organisations.ops import (
    PRICES,
    add_member,
    error_codes,
    organisation,
    price_list,
    sf,
    sf_data,
)

PRODUCTS = """query($after: String) { products(first: 2, after: $after) {
  edges { cursor node { sku price { amount } priceBreaks { minQuantity } } }
  pageInfo { hasNextPage endCursor } } }"""
PRODUCT = """query($sku: String!) { product(sku: $sku) {
  price { amount } basePrice { amount } priceBreaks { minQuantity price { amount } } } }"""


async def _catalogue(pool: asyncpg.Pool, shop: CreatedShop, count: int) -> list[str]:
    skus = [f"SKU-{i:04d}" for i in range(count)]
    async with pool.acquire() as conn:
        await conn.executemany(
            """insert into products (shop_id, sku, name, price, currency)
               values ($1, $2, $3, 10.00, 'EUR')""",
            [(shop.shop_id, sku, f"Product {sku}") for sku in skus],
        )
    return skus


async def _member_with_list(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, skus: list[str]
) -> str:
    prices = [{"sku": s, "price": "9.00"} for s in skus]
    prices += [{"sku": s, "price": "8.00", "minQuantity": 10} for s in skus]
    list_id = await price_list(client, shop, "Trade", prices)
    org = await organisation(client, shop, "Acme", priceListId=list_id)
    contact = await registered_contact(pool, shop.shop_id)
    assert (await add_member(client, shop, org, contact, "BUYER"))["errors"] == []
    return await session_token(pool, shop.shop_id, contact)


async def test_prices_cost_the_same_statements_for_1_or_1000_skus(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    statements: StatementCounter,
) -> None:
    skus = await _catalogue(pool, shop, 1000)
    token = await _member_with_list(client, pool, shop, skus[:600])
    await sf_data(client, shop, PRICES, {"skus": []}, token)  # the storefront key, now cached
    counts = {}
    for size in (1, 100, 500, 1000):
        statements.count = 0
        found = await sf_data(client, shop, PRICES, {"skus": skus[:size], "quantity": 10}, token)
        counts[size] = statements.count
        assert len(found) == size
        assert [f["sku"] for f in found] == skus[:size]
        listed = [f for f in found if f["priceBreaks"]]
        assert len(listed) == min(size, 600)
        assert {f["price"]["amount"] for f in listed} == {"8.00"}
        assert {f["price"]["amount"] for f in found if not f["priceBreaks"]} <= {"10.00"}
    # The session (with the viewer's terms) and the prices: one statement each.
    assert set(counts.values()) == {2}, counts


async def test_breaks_unknown_skus_and_limits(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    skus = await _catalogue(pool, shop, 3)
    await pool.execute("update products set active = false where sku = $1", skus[2])
    token = await _member_with_list(client, pool, shop, skus[:1])
    asked = [skus[1], "NOPE", skus[0], skus[2], skus[0]]
    found = await sf_data(client, shop, PRICES, {"skus": asked, "quantity": 9}, token)
    assert [(f["sku"], f["price"]["amount"]) for f in found] == [
        (skus[1], "10.00"),
        (skus[0], "9.00"),
    ]
    assert found[1]["priceBreaks"] == [
        {"minQuantity": 1, "price": {"amount": "9.00"}},
        {"minQuantity": 10, "price": {"amount": "8.00"}},
    ]
    anonymous = await sf_data(client, shop, PRICES, {"skus": [skus[0]], "quantity": 10})
    assert anonymous[0]["price"]["amount"] == "10.00" and anonymous[0]["priceBreaks"] == []
    for variables in (
        {"skus": ["X"] * 1001},
        {"skus": ["X"], "quantity": 0},
        {"skus": ["X"], "quantity": 1_000_001},
    ):
        answer = await sf(client, shop, PRICES, variables, token)
        assert error_codes(answer) == ["BAD_USER_INPUT"]
        if "quantity" in variables:  # the argument named, as the text rule's errors do
            assert answer["errors"][0]["extensions"]["field"] == ["quantity"]


async def test_group_discount_rounds_half_up_and_a_list_wins(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await upsert_product(pool, shop.shop_id, "ODD", "Odd price", Decimal("12.35"), None)
    await upsert_product(pool, shop.shop_id, "LISTED", "Listed", Decimal("20.00"), None)
    # 12.35 x 0.9 = 11.115 -> 11.12 (half-up, per unit)
    contact = await registered_contact(pool, shop.shop_id, discount_group="10")
    token = await session_token(pool, shop.shop_id, contact)
    product = await sf_data(client, shop, PRODUCT, {"sku": "ODD"}, token)
    assert (product["price"]["amount"], product["basePrice"]["amount"]) == ("11.12", "12.35")
    list_id = await price_list(client, shop, "L", [{"sku": "LISTED", "price": "15.00"}])
    org = await organisation(client, shop, "Acme", priceListId=list_id)
    assert (await add_member(client, shop, org, contact, "BUYER"))["errors"] == []
    found = await sf_data(client, shop, PRICES, {"skus": ["LISTED", "ODD"]}, token)
    assert [f["price"]["amount"] for f in found] == ["15.00", "11.12"]  # list, else group

    first = await sf_data(client, shop, PRODUCTS, {}, token)
    assert [(e["node"]["sku"], e["node"]["price"]["amount"]) for e in first["edges"]] == [
        ("LISTED", "15.00"),
        ("ODD", "11.12"),
    ]
    assert first["pageInfo"]["hasNextPage"] is False
    await upsert_product(pool, shop.shop_id, "ZED", "Zed", Decimal("1.00"), None)
    rest = await sf_data(client, shop, PRODUCTS, {"after": first["pageInfo"]["endCursor"]})
    assert [e["node"]["sku"] for e in rest["edges"]] == ["ZED"]
    bad = await sf(client, shop, PRODUCTS, {"after": "not-a-cursor"})
    assert error_codes(bad) == ["BAD_USER_INPUT"]
