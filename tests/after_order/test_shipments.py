"""The merchant records parcels; the order follows, the customer is mailed the tracking link."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import (
    ORDER_BY_NUMBER,
    TRACK,
    codes,
    customer_order,
    my_order,
    order_status,
    ship,
)
from tests.gql import storefront
from tests.smtp import SmtpServer


async def test_an_order_ships_in_two_parts_and_each_mail_carries_its_tracking_link(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    token, order = await customer_order(client, pool, shop, "ada@example.com")
    assert order["fulfilmentStatus"] == "UNFULFILLED"

    first = await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 2}], "3SPART1")
    assert first["errors"] == []
    assert first["shipment"]["lines"] == [{"sku": "TEA", "quantity": 2}]
    assert first["shipment"]["trackingUrl"] == TRACK + "3SPART1"
    mail = await smtp_server.mail_to("ada@example.com", "verzonden")
    assert TRACK + "3SPART1" in mail.links
    assert "3SPART1" in mail.text and "2 x Earl Grey tea (TEA)" in mail.text
    assert "Je bestelling" in mail.subject  # the contact's locale is nl
    status_token = mail.token("order-status")
    assert mail.links[-1].startswith("https://shop.example/account/order-status?token=")

    seen = await my_order(client, shop, token, order["number"])
    assert seen is not None
    assert seen["fulfilmentStatus"] == "PARTIALLY_SHIPPED"
    assert [s["trackingNumber"] for s in seen["shipments"]] == ["3SPART1"]

    second = await ship(
        client,
        shop,
        order["id"],
        [{"sku": "TEA", "quantity": 1}, {"sku": "MUG", "quantity": 1}],
        "3SPART2",
    )
    assert second["errors"] == []
    await smtp_server.wait_for(lambda mails: len([m for m in mails if "3SPART2" in m.text]) == 1)
    last = next(m for m in smtp_server.to("ada@example.com") if "3SPART2" in m.text)
    assert TRACK + "3SPART2" in last.links and TRACK + "3SPART1" not in last.links
    assert last.token("order-status") == status_token  # one link per order, in every mail

    seen = await my_order(client, shop, token, order["number"])
    assert seen is not None
    assert seen["fulfilmentStatus"] == "SHIPPED"
    assert [s["lines"] for s in seen["shipments"]] == [
        [{"sku": "TEA", "quantity": 2}],
        [{"sku": "TEA", "quantity": 1}, {"sku": "MUG", "quantity": 1}],
    ]
    by_link = await order_status(client, shop, status_token)
    assert by_link is not None and by_link["fulfilmentStatus"] == "SHIPPED"
    assert len(by_link["shipments"]) == 2

    # Nothing is left to ship.
    more = await ship(client, shop, order["id"], [{"sku": "MUG", "quantity": 1}], "3SPART3")
    assert codes(more) == ["INVALID"]
    assert more["errors"][0]["field"] == ["input", "lines", "0", "quantity"]
    assert codes(await ship(client, shop, order["id"], None, "3SALL")) == ["INVALID"]


async def test_quantities_beyond_the_order_and_unknown_lines_are_invalid(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)
    too_many = await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 4}])
    assert codes(too_many) == ["INVALID"]
    assert "3 ordered" in too_many["errors"][0]["message"]
    for lines in (
        [{"sku": "TEA", "quantity": 0}],
        [{"sku": "TEA", "quantity": -1}],
        [{"sku": "NOPE", "quantity": 1}],
        [{"sku": "TEA", "quantity": 1}, {"sku": "TEA", "quantity": 1}],
        [],
    ):
        assert codes(await ship(client, shop, order["id"], lines)) == ["INVALID"], lines
    bad_url = await ship(
        client, shop, order["id"], [{"sku": "TEA", "quantity": 1}], trackingUrl="javascript:x"
    )
    assert bad_url["errors"][0]["field"] == ["input", "trackingUrl"]
    assert codes(await ship(client, shop, "not-an-id", None)) == ["NOT_FOUND"]
    assert await pool.fetchval("select count(*) from shipments") == 0
    assert (
        await pool.fetchval("select count(*) from mail_outbox where template = 'order-shipped'")
        == 0
    )


async def test_lines_left_out_ship_everything_still_open(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)
    assert (await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 1}]))["errors"] == []
    rest = await ship(client, shop, order["id"], None, "3SREST")
    assert rest["errors"] == []
    assert rest["shipment"]["lines"] == [
        {"sku": "TEA", "quantity": 2},
        {"sku": "MUG", "quantity": 1},
    ]
    status = await pool.fetchval(
        "select fulfilment_status from orders where id = $1::uuid", order["id"]
    )
    assert status == "SHIPPED"


async def test_concurrent_shipments_never_ship_more_than_was_ordered(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)  # 3 TEA
    results = await asyncio.gather(
        *(
            ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 1}], f"3SRACE{i}")
            for i in range(8)
        )
    )
    assert sum(1 for r in results if r["errors"] == []) == 3
    assert all(codes(r) == ["INVALID"] for r in results if r["errors"])
    shipped = await pool.fetchval(
        """select sum(l.quantity) from shipment_lines l join shipments s on s.id = l.shipment_id
           where s.order_id = $1::uuid""",
        order["id"],
    )
    assert shipped == 3


async def test_another_shops_admin_cannot_ship_or_see_an_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    token, order = await customer_order(client, pool, shop)
    elsewhere = await ship(client, other_shop, order["id"], None)
    assert codes(elsewhere) == ["NOT_FOUND"]
    assert await pool.fetchval("select count(*) from shipments") == 0
    assert (await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 1}]))["errors"] == []
    # This shop's session means nothing to the other shop's storefront.
    body = await storefront(
        client, other_shop.storefront_key, ORDER_BY_NUMBER, {"n": order["number"]}, token
    )
    assert body["data"]["order"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_cancelled_order_does_not_ship(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)
    await pool.execute(
        "update orders set fulfilment_status = 'CANCELLED' where id = $1::uuid", order["id"]
    )
    assert codes(await ship(client, shop, order["id"], None)) == ["CONFLICT"]


async def test_control_characters_in_shipment_text_are_named_as_such(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await customer_order(client, pool, shop)
    refused = await ship(client, shop, order["id"], None, carrier="Post\x01NL")
    assert [(e["code"], e["field"], e["message"]) for e in refused["errors"]] == [
        ("INVALID", ["input", "carrier"], "The text cannot contain control characters (U+0001).")
    ]
