"""Admin orderCreate (orders from elsewhere, same number counter) and orderUpdate."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    ADDRESS,
    ORDER_FIELDS,
    add_products,
    complete,
    ready_checkout,
    registered_contact,
)
from tests.gql import admin, data

ERRORS = "errors { code field message }"
CREATE = f"""mutation($input: OrderCreateInput!) {{
  orderCreate(input: $input) {{ order {{ {ORDER_FIELDS} expectedDeliveryDate trackingUrl }}
    {ERRORS} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: OrderUpdateInput!) {{
  orderUpdate(id: $id, input: $input) {{ order {{ {ORDER_FIELDS} expectedDeliveryDate trackingUrl }}
    {ERRORS} }} }}"""


async def _create(client: httpx.AsyncClient, shop: CreatedShop, **fields: Any) -> dict[str, Any]:
    body = await admin(client, shop.admin_key, CREATE, {"input": fields})
    return data(body)["orderCreate"]


async def _update(
    client: httpx.AsyncClient, shop: CreatedShop, order_id: str, **fields: Any
) -> dict[str, Any]:
    body = await admin(client, shop.admin_key, UPDATE, {"id": order_id, "input": fields})
    return data(body)["orderUpdate"]


async def test_order_from_elsewhere_shares_the_number_counter(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    contact = str(await registered_contact(pool, shop.shop_id, discount_group="10"))
    first = await complete(client, shop, await ready_checkout(client, shop))
    payload = await _create(
        client,
        shop,
        contactId=contact,
        lines=[{"sku": "TEA", "quantity": 2}, {"sku": "MUG", "quantity": 1, "unitPrice": "9.50"}],
        shippingMethod="DHL",
        paymentMethod="Invoice",
        shippingAddress=ADDRESS,
        placedAt="2024-03-01T10:00:00+00:00",
    )
    assert payload["errors"] == []
    order = payload["order"]
    assert (first["order"]["number"], order["number"]) == ("1001", "1002")
    assert order["placedAt"].startswith("2024-03-01T10:00:00")
    assert order["email"] == "known@example.com"
    assert [li["unitPrice"]["amount"] for li in order["lines"]] == ["6.26", "9.50"]
    assert order["total"]["amount"] == "22.02"
    assert order["billingAddress"]["city"] == "Amsterdam"
    assert (order["paymentStatus"], order["fulfilmentStatus"]) == ("PENDING", "UNFULFILLED")
    source = await pool.fetchval("select source from orders where number = '1002'")
    assert source == "admin"


async def test_order_create_names_bad_input(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    theirs = str(await registered_contact(pool, other_shop.shop_id))
    payload = await _create(
        client,
        shop,
        contactId=theirs,
        lines=[{"sku": "NOPE", "quantity": 1}, {"sku": "TEA", "quantity": 0, "unitPrice": "-1"}],
        shippingAddress={**ADDRESS, "city": ""},
        shippingMethod="x" * 101,
        placedAt="2999-01-01T00:00:00+00:00",
    )
    assert payload["order"] is None
    assert sorted(tuple(e["field"]) for e in payload["errors"]) == [
        ("input", "contactId"),
        ("input", "lines", "0", "sku"),
        ("input", "lines", "1", "quantity"),
        ("input", "lines", "1", "unitPrice"),
        ("input", "placedAt"),
        ("input", "shippingAddress", "city"),
        ("input", "shippingMethod"),
    ]
    assert await pool.fetchval("select count(*) from orders") == 0
    assert await pool.fetchval("select count(*) from shop_counters") == 0


async def test_order_update_records_progress(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    order = (await complete(client, shop, await ready_checkout(client, shop)))["order"]
    payload = await _update(
        client,
        shop,
        order["id"],
        paymentStatus="PARTIALLY_PAID",
        fulfilmentStatus="SHIPPED",
        amountPaid="5.00",
        expectedDeliveryDate="2099-05-01",
        trackingUrl="https://track.example.com/3S123",
    )
    assert payload["errors"] == []
    updated = payload["order"]
    assert (updated["paymentStatus"], updated["fulfilmentStatus"]) == ("PARTIALLY_PAID", "SHIPPED")
    assert updated["amountPaid"] == {"amount": "5.00"}
    assert updated["expectedDeliveryDate"] == "2099-05-01"
    assert updated["trackingUrl"] == "https://track.example.com/3S123"
    cleared = await _update(client, shop, order["id"], trackingUrl=None, paymentStatus="PAID")
    assert cleared["order"]["trackingUrl"] is None
    assert cleared["order"]["expectedDeliveryDate"] == "2099-05-01"
    assert cleared["order"]["paymentStatus"] == "PAID"


async def test_order_update_refuses_bad_values_and_other_shops_orders(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    order = (await complete(client, shop, await ready_checkout(client, shop)))["order"]
    for amount in ("13.91", "-1", "1.005"):
        payload = await _update(client, shop, order["id"], amountPaid=amount)
        assert [e["field"] for e in payload["errors"]] == [["input", "amountPaid"]], amount
    for url in ("not a url", "javascript:alert(1)", "ftp://x.example/1", "https://"):
        payload = await _update(client, shop, order["id"], trackingUrl=url)
        assert [e["field"] for e in payload["errors"]] == [["input", "trackingUrl"]], url
    payload = await _update(client, shop, order["id"], expectedDeliveryDate="2001-01-01")
    assert [e["field"] for e in payload["errors"]] == [["input", "expectedDeliveryDate"]]
    for key, order_id in ((other_shop.admin_key, order["id"]), (shop.admin_key, "nope")):
        body = await admin(client, key, UPDATE, {"id": order_id, "input": {"amountPaid": "1"}})
        assert [(e["code"], e["field"]) for e in data(body)["orderUpdate"]["errors"]] == [
            ("NOT_FOUND", ["id"])
        ]
    paid = await pool.fetchval("select amount_paid from orders")
    assert str(paid) == "0.00"
