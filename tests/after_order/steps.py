"""Operations a storefront and a merchant's system run after an order, written as they would."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    add_products,
    complete,
    new_checkout,
    registered_contact,
    session_token,
    set_contact,
)
from tests.gql import admin, data, storefront

SHIPMENT_FIELDS = "id carrier trackingNumber trackingUrl shippedAt lines { sku quantity }"
RETURN_FIELDS = """id number status requestedAt comment note orderNumber
  lines { sku quantity reason }"""
ERRORS = "errors { code field message }"
SHIPMENT_CREATE = f"""mutation($orderId: ID!, $input: ShipmentInput!) {{
  shipmentCreate(orderId: $orderId, input: $input) {{ shipment {{ {SHIPMENT_FIELDS} }} {ERRORS} }}
}}"""
RETURN_REQUEST = f"""mutation($orderId: ID!, $input: ReturnRequestInput!) {{
  returnRequest(orderId: $orderId, input: $input) {{ return {{ {RETURN_FIELDS} }} {ERRORS} }}
}}"""
RETURN_UPDATE = f"""mutation($id: ID!, $input: ReturnUpdateInput!) {{
  returnUpdate(id: $id, input: $input) {{ return {{ {RETURN_FIELDS} }} {ERRORS} }}
}}"""
ORDER_AFTER_FIELDS = f"""id number fulfilmentStatus statusUrl
  lines {{ sku quantity }}
  shipments {{ {SHIPMENT_FIELDS} }}
  returns {{ {RETURN_FIELDS} }}"""
ORDER_BY_NUMBER = f"query($n: String!) {{ order(number: $n) {{ {ORDER_AFTER_FIELDS} }} }}"
ORDER_STATUS = f"query($t: String!) {{ orderStatus(token: $t) {{ {ORDER_AFTER_FIELDS} }} }}"
ADMIN_RETURNS = f"""query($status: ReturnStatus, $first: Int, $after: String) {{
  returns(status: $status, first: $first, after: $after) {{
    edges {{ cursor node {{ {RETURN_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
TRACK = "https://track.example/parcel/"


async def customer_order(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    email: str = "ada@example.com",
    lines: list[dict[str, Any]] | None = None,
) -> tuple[str, dict[str, Any]]:
    """A signed-in customer places an order through checkout: (session token, order)."""
    await add_products(pool, shop.shop_id)
    contact_id = await registered_contact(pool, shop.shop_id, email)
    token = await session_token(pool, shop.shop_id, contact_id)
    checkout = await new_checkout(
        client, shop, lines or [{"sku": "TEA", "quantity": 3}, {"sku": "MUG", "quantity": 1}], token
    )
    assert (await set_contact(client, shop, checkout["id"], email=email))["errors"] == []
    placed = await complete(client, shop, checkout["id"], token)
    assert placed["errors"] == [], placed["errors"]
    return token, placed["order"]


async def guest_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str
) -> dict[str, Any]:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop, [{"sku": "TEA", "quantity": 1}])
    assert (await set_contact(client, shop, checkout["id"], email=email))["errors"] == []
    placed = await complete(client, shop, checkout["id"])
    assert placed["errors"] == [], placed["errors"]
    return placed["order"]


async def ship(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    order_id: str,
    lines: list[dict[str, Any]] | None,
    tracking: str = "3SABC1",
    **extra: Any,
) -> dict[str, Any]:
    shipment = {
        "carrier": "PostNL",
        "trackingNumber": tracking,
        "trackingUrl": TRACK + tracking,
        "lines": lines,
        **extra,
    }
    body = await admin(
        client, shop.admin_key, SHIPMENT_CREATE, {"orderId": order_id, "input": shipment}
    )
    return data(body)["shipmentCreate"]


async def ask_return(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    token: str | None,
    order_id: str,
    lines: list[dict[str, Any]],
    comment: str | None = None,
) -> dict[str, Any]:
    variables = {"orderId": order_id, "input": {"lines": lines, "comment": comment}}
    body = await storefront(client, shop.storefront_key, RETURN_REQUEST, variables, token)
    return data(body)["returnRequest"]


async def move_return(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    return_id: str,
    status: str,
    note: str | None = None,
) -> dict[str, Any]:
    variables = {"id": return_id, "input": {"status": status, "note": note}}
    return data(await admin(client, shop.admin_key, RETURN_UPDATE, variables))["returnUpdate"]


async def my_order(
    client: httpx.AsyncClient, shop: CreatedShop, token: str, number: str
) -> dict[str, Any] | None:
    body = await storefront(client, shop.storefront_key, ORDER_BY_NUMBER, {"n": number}, token)
    return data(body)["order"]


async def order_status(
    client: httpx.AsyncClient, shop: CreatedShop, token: str, session: str | None = None
) -> dict[str, Any] | None:
    body = await storefront(client, shop.storefront_key, ORDER_STATUS, {"t": token}, session)
    return data(body)["orderStatus"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]
