"""Admin `order(number)`, `orders` (newest first, filtered, searched), `invoices` with PDF links,
`contact(id)`; another shop's admin key gets nothing of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

import asyncpg
import httpx

from gateway.invoices.issue import create_invoice
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data
from tests.my_account.factories import customer, order, product

ORDERS = """query($first: Int, $after: String, $search: String, $paid: PaymentStatus,
                  $fulfilled: FulfilmentStatus) {
  orders(first: $first, after: $after, search: $search, paymentStatus: $paid,
         fulfilmentStatus: $fulfilled) {
    edges { cursor node { number email paymentStatus fulfilmentStatus } }
    pageInfo { hasNextPage endCursor } } }"""
ORDER = """query($number: String!) { order(number: $number) {
  number email lines { sku quantity } invoices { number downloadUrl } } }"""
INVOICES = """query($search: String) { invoices(first: 10, search: $search) {
  edges { node { number total { amount currency } downloadUrl } } } }"""
CONTACT = """query($id: ID!) { contact(id: $id) {
  email fullName orders(first: 5) { edges { node { number } } }
  invoices(first: 5) { edges { node { number downloadUrl } } } } }"""
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


async def _three_orders(pool: asyncpg.Pool, shop: CreatedShop) -> list[str]:
    await product(pool, shop.shop_id, "TEA")
    ann = await customer(pool, shop.shop_id)
    ids = [
        await order(pool, shop.shop_id, ann.id, "1001", NOW - timedelta(days=3),
                    payment_status="PAID", fulfilment_status="DELIVERED"),
        await order(pool, shop.shop_id, None, "1002", NOW - timedelta(days=2),
                    email="bob_smith@example.com", full_name="Bob 100% Smith"),
        await order(pool, shop.shop_id, ann.id, "1003", NOW - timedelta(days=1),
                    payment_status="PAID", fulfilment_status="SHIPPED"),
    ]  # fmt: skip
    return [str(i) for i in ids]


async def _orders(client: httpx.AsyncClient, key: str, **variables: object) -> dict:
    return data(await admin(client, key, ORDERS, variables))["orders"]


async def test_orders_newest_first_in_pages(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await _three_orders(pool, shop)
    first = await _orders(client, shop.admin_key, first=2)
    assert [e["node"]["number"] for e in first["edges"]] == ["1003", "1002"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await _orders(client, shop.admin_key, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["number"] for e in rest["edges"]] == ["1001"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert (await _orders(client, other_shop.admin_key))["edges"] == []


async def test_orders_filtered_and_searched(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await _three_orders(pool, shop)

    async def numbers(**variables: object) -> list[str]:
        found = await _orders(client, shop.admin_key, **variables)
        return [e["node"]["number"] for e in found["edges"]]

    assert await numbers(paid="PAID") == ["1003", "1001"]
    assert await numbers(paid="PAID", fulfilled="SHIPPED") == ["1003"]
    assert await numbers(fulfilled="UNFULFILLED") == ["1002"]
    assert await numbers(search="1001") == ["1001"]
    assert await numbers(search="  BOB_smith ") == ["1002"]
    assert await numbers(search="100%") == ["1002"]  # a literal %, not a wildcard
    assert await numbers(search="b_b") == []  # a literal _, not a wildcard
    assert await numbers(search="ann@") == ["1003", "1001"]


async def test_bad_order_list_arguments_are_graphql_errors(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for variables in ({"first": 101}, {"first": -1}, {"after": "nonsense"},
                      {"after": "MjAyNi0xMS0wMVQxMjowMDowMCswMDowMHxub3QtYS11dWlk"},
                      {"search": "x" * 201}):  # fmt: skip
        body = await admin(client, shop.admin_key, ORDERS, variables)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", variables
    body = await admin(client, shop.admin_key, ORDERS, {"paid": "LOST"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_order_by_number_with_invoice_link_for_the_merchant(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    ids = await _three_orders(pool, shop)
    invoice = await create_invoice(pool, shop.shop_id, ids[1])  # the guest's order
    found = data(await admin(client, shop.admin_key, ORDER, {"number": "1002"}))["order"]
    assert found["email"] == "bob_smith@example.com"
    assert found["lines"] == [{"sku": "TEA", "quantity": 2}]
    assert found["invoices"][0]["number"] == invoice.number
    url = found["invoices"][0]["downloadUrl"]
    pdf = await client.get(urlsplit(url).path + "?" + urlsplit(url).query)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    for number in ("9999", " ", "1002' or '1'='1"):
        assert data(await admin(client, shop.admin_key, ORDER, {"number": number}))["order"] is None
    other = await admin(client, other_shop.admin_key, ORDER, {"number": "1002"})
    assert data(other)["order"] is None


async def test_invoices_list_with_links_only_for_the_shop(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    ids = await _three_orders(pool, shop)
    first = await create_invoice(pool, shop.shop_id, ids[0])
    second = await create_invoice(pool, shop.shop_id, ids[2])
    listed = data(await admin(client, shop.admin_key, INVOICES))["invoices"]["edges"]
    assert [e["node"]["number"] for e in listed] == [second.number, first.number]
    assert all(e["node"]["downloadUrl"].startswith("http") for e in listed)
    url = urlsplit(listed[0]["node"]["downloadUrl"])
    assert (await client.get(f"{url.path}?{url.query}")).status_code == 200
    found = data(await admin(client, shop.admin_key, INVOICES, {"search": "1001"}))["invoices"]
    assert [e["node"]["number"] for e in found["edges"]] == [first.number]
    other = data(await admin(client, other_shop.admin_key, INVOICES))["invoices"]
    assert other["edges"] == []


async def test_contact_by_id_with_orders_and_invoices(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    ids = await _three_orders(pool, shop)
    await create_invoice(pool, shop.shop_id, ids[0])
    contact_id = await pool.fetchval("select contact_id from orders where id = $1", UUID(ids[0]))
    found = data(await admin(client, shop.admin_key, CONTACT, {"id": str(contact_id)}))["contact"]
    assert found["email"] == "ann@example.com"
    assert [e["node"]["number"] for e in found["orders"]["edges"]] == ["1003", "1001"]
    assert found["invoices"]["edges"][0]["node"]["downloadUrl"]
    for other_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert (
            data(await admin(client, shop.admin_key, CONTACT, {"id": other_id}))["contact"] is None
        )
    other = await admin(client, other_shop.admin_key, CONTACT, {"id": str(contact_id)})
    assert data(other)["contact"] is None


async def test_admin_reads_need_the_admin_key(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    for key in (shop.storefront_key, "", "nonsense"):
        response = await client.post(
            "/admin/graphql",
            json={"query": "{ orders { edges { cursor } } }"},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "ADMIN_KEY_INVALID"
