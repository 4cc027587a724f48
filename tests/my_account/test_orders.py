"""viewer.orders as a Relay connection, newest first, and order(number)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.my_account.factories import customer, order

ORDERS = """query($first: Int, $after: String) { viewer { orders(first: $first, after: $after) {
  edges { cursor node { number } } pageInfo { hasNextPage endCursor } } } }"""
ORDER = """query($number: String!) { order(number: $number) {
  number placedAt shippingMethod shippingAddress { name city country } expectedDeliveryDate
  total { amount currency } amountPaid { amount } paymentMethod paymentStatus fulfilmentStatus
  trackingUrl lines { sku name quantity unitPrice { amount } total { amount } }
} }"""


async def test_orders_page_newest_first_with_cursors(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(5):
        await order(pool, shop.shop_id, ann.id, f"A-{i}", start + timedelta(days=i))
    same_time = start + timedelta(days=10)
    for n in ("T-1", "T-2"):  # equal placed_at: the id breaks the tie, nothing is skipped
        await order(pool, shop.shop_id, ann.id, n, same_time)
    key = shop.storefront_key
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = await storefront(client, key, ORDERS, {"first": 3, "after": after}, ann.token)
        connection = data(body)["viewer"]["orders"]
        seen += [e["node"]["number"] for e in connection["edges"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
        assert after == connection["edges"][-1]["cursor"]
    assert pages == 3
    assert sorted(seen[:2]) == ["T-1", "T-2"]
    assert seen[2:] == ["A-4", "A-3", "A-2", "A-1", "A-0"]


async def test_page_size_is_limited_and_cursors_checked(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    key = shop.storefront_key
    for variables in ({"first": 101}, {"first": -1}, {"after": "bm9wZQ"}):
        body = await storefront(client, key, ORDERS, variables, ann.token)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", variables
    body = await storefront(client, key, ORDERS, {"first": 100}, ann.token)
    assert data(body)["viewer"]["orders"]["edges"] == []


async def test_order_by_number_shows_every_field_and_only_ones_own(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bob = await customer(pool, shop.shop_id, email="bob@example.com")
    await order(
        pool,
        shop.shop_id,
        ann.id,
        "1001",
        lines=[("TEA", 2, "4.50"), ("MUG", 1, "14.00")],
        expected_delivery_date=date(2026, 3, 2),
        tracking_url="https://track.example/3S123",
        amount_paid=23,
        payment_status="PAID",
        fulfilment_status="SHIPPED",
    )
    await order(pool, other_shop.shop_id, None, "1002")
    key = shop.storefront_key
    got = data(await storefront(client, key, ORDER, {"number": "1001"}, ann.token))["order"]
    assert got["number"] == "1001"
    assert got["total"] == {"amount": "23.00", "currency": "EUR"}
    assert got["amountPaid"] == {"amount": "23.00"}
    assert (got["paymentStatus"], got["fulfilmentStatus"]) == ("PAID", "SHIPPED")
    assert got["expectedDeliveryDate"] == "2026-03-02"
    assert got["trackingUrl"] == "https://track.example/3S123"
    assert (got["shippingMethod"], got["paymentMethod"]) == ("PostNL", "iDEAL")
    assert got["shippingAddress"] == {"name": "Ann Example", "city": "Utrecht", "country": "NL"}
    assert got["lines"] == [
        {"sku": "TEA", "name": "Product TEA", "quantity": 2, "unitPrice": {"amount": "4.50"},
         "total": {"amount": "9.00"}},
        {"sku": "MUG", "name": "Product MUG", "quantity": 1, "unitPrice": {"amount": "14.00"},
         "total": {"amount": "14.00"}},
    ]  # fmt: skip
    # Bob cannot see Ann's order, by number or in his list; nobody sees another shop's.
    assert data(await storefront(client, key, ORDER, {"number": "1001"}, bob.token)) == {
        "order": None
    }
    bob_orders = data(await storefront(client, key, ORDERS, {}, bob.token))
    assert bob_orders["viewer"]["orders"]["edges"] == []
    assert data(await storefront(client, key, ORDER, {"number": "1002"}, ann.token)) == {
        "order": None
    }
    anonymous = await storefront(client, key, ORDER, {"number": "1001"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
