"""Another contact's or shop's order, shipment or return is never visible nor changeable."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import (
    ADMIN_RETURNS,
    RETURN_REQUEST,
    ask_return,
    codes,
    customer_order,
    move_return,
    my_order,
    ship,
)
from tests.gql import admin, data, storefront

TEA_BACK = [{"sku": "TEA", "quantity": 1, "reason": "WRONG_ITEM"}]
MY_ORDERS = """{ viewer { orders(first: 10) { edges { node { number
  shipments { id trackingNumber } returns { id number } } } } } }"""


async def test_another_contact_cannot_see_or_return_an_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann, anns = await customer_order(client, pool, shop, "ann@example.com")
    bob, bobs = await customer_order(client, pool, shop, "bob@example.com")
    for order in (anns, bobs):
        assert (await ship(client, shop, order["id"], None, f"3S{order['number']}"))["errors"] == []
    assert (await ask_return(client, shop, ann, anns["id"], TEA_BACK))["errors"] == []

    stolen = await ask_return(client, shop, bob, anns["id"], TEA_BACK)
    assert codes(stolen) == ["NOT_FOUND"] and stolen["return"] is None
    assert await my_order(client, shop, bob, anns["number"]) is None
    bobs_view = data(await storefront(client, shop.storefront_key, MY_ORDERS, token=bob))
    edges = bobs_view["viewer"]["orders"]["edges"]
    assert [e["node"]["number"] for e in edges] == [bobs["number"]]
    assert edges[0]["node"]["returns"] == []
    assert [s["trackingNumber"] for s in edges[0]["node"]["shipments"]] == [f"3S{bobs['number']}"]
    assert await pool.fetchval("select count(*) from returns") == 1


async def test_returns_need_a_signed_in_customer(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)
    assert (await ship(client, shop, order["id"], None))["errors"] == []
    variables = {"orderId": order["id"], "input": {"lines": TEA_BACK}}
    body = await storefront(client, shop.storefront_key, RETURN_REQUEST, variables)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await pool.fetchval("select count(*) from returns") == 0


async def test_another_shop_sees_and_changes_nothing(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    token, order = await customer_order(client, pool, shop)
    assert (await ship(client, shop, order["id"], None))["errors"] == []
    ret = (await ask_return(client, shop, token, order["id"], TEA_BACK))["return"]

    assert data(await admin(client, other_shop.admin_key, ADMIN_RETURNS))["returns"]["edges"] == []
    assert codes(await move_return(client, other_shop, ret["id"], "APPROVED")) == ["NOT_FOUND"]
    assert codes(await ship(client, other_shop, order["id"], None)) == ["NOT_FOUND"]
    # The session belongs to this shop: the other storefront does not know it.
    variables = {"orderId": order["id"], "input": {"lines": TEA_BACK}}
    body = await storefront(client, other_shop.storefront_key, RETURN_REQUEST, variables, token)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    status = await pool.fetchval("select status from returns where id = $1::uuid", ret["id"])
    assert status == "REQUESTED"
    mine = data(await admin(client, shop.admin_key, ADMIN_RETURNS))["returns"]["edges"]
    assert [e["node"]["id"] for e in mine] == [ret["id"]]
    one = "query($id: ID!) { return(id: $id) { number status } }"
    found = data(await admin(client, shop.admin_key, one, {"id": ret["id"]}))["return"]
    assert found == {"number": "R00001", "status": "REQUESTED"}
    for key, wanted in ((other_shop.admin_key, ret["id"]), (shop.admin_key, "nope")):
        assert data(await admin(client, key, one, {"id": wanted}))["return"] is None
