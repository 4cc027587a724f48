"""Shipments and returns in the data export; account deletion strips them, links die."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import ask_return, customer_order, order_status, ship
from tests.gql import data, storefront
from tests.smtp import SmtpServer

EXPORT = "{ exportMyData }"
REQUEST = "mutation { requestAccountDeletion { errors { code } } }"
CONFIRM = """mutation($token: String!) { confirmAccountDeletion(token: $token) {
  errors { code field } } }"""


async def test_export_and_deletion_cover_shipments_and_returns(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    token, order = await customer_order(client, pool, shop, "erase@example.com")
    assert (await ship(client, shop, order["id"], None, "3SERASE"))["errors"] == []
    lines = [{"sku": "TEA", "quantity": 1, "reason": "OTHER"}]
    asked = await ask_return(client, shop, token, order["id"], lines, "Call me on 0612345678")
    assert asked["errors"] == []
    status_token = (await smtp_server.mail_to("erase@example.com", "R00001")).token("order-status")

    export = data(await storefront(client, shop.storefront_key, EXPORT, token=token))
    mine = export["exportMyData"]
    assert [s["trackingNumber"] for s in mine["shipments"]] == ["3SERASE"]
    assert [(r["number"], r["comment"]) for r in mine["returns"]] == [
        ("R00001", "Call me on 0612345678")
    ]
    assert mine["returns"][0]["lines"] == [{"sku": "TEA", "quantity": 1, "reason": "OTHER"}]

    requested = data(await storefront(client, shop.storefront_key, REQUEST, token=token))
    assert requested["requestAccountDeletion"]["errors"] == []
    mail = await smtp_server.mail_to("erase@example.com", "verwijderen")
    confirm = await storefront(
        client, shop.storefront_key, CONFIRM, {"token": mail.token("confirm")}, token
    )
    assert data(confirm)["confirmAccountDeletion"]["errors"] == []
    kept = await pool.fetchrow(
        """select s.tracking_number, s.tracking_url, r.comment, r.number, r.status
           from shipments s join returns r on r.order_id = s.order_id"""
    )
    assert (kept["tracking_number"], kept["tracking_url"], kept["comment"]) == (None, None, None)
    assert (kept["number"], kept["status"]) == ("R00001", "REQUESTED")  # the books
    assert await order_status(client, shop, status_token) is None
