"""Deleting an account over mail leaves no personal data on its checkouts or orders, signs the
contact out everywhere, and keeps the order for the books."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import VIEWER, call, codes, confirmed_customer, login
from tests.checkout.factories import add_products, complete, ready_checkout
from tests.smtp import SmtpServer

REQUEST = "mutation { requestAccountDeletion { errors { code } } }"
CONFIRM = """mutation($token: String!) {
  confirmAccountDeletion(token: $token) { errors { code } } }"""


async def test_deletion_wipes_checkouts_and_keeps_the_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    token = await confirmed_customer(client, shop, smtp_server, "leaving@example.com")
    open_checkout = await ready_checkout(client, shop, email="leaving@example.com")
    done = await ready_checkout(client, shop, email="leaving@example.com")
    number = (await complete(client, shop, done, token))["order"]["number"]

    assert (await call(client, shop, REQUEST, token=token))["errors"] == []
    deletion_mail = await smtp_server.mail_to("leaving@example.com", "deleting your account")
    assert (await call(client, shop, CONFIRM, {"token": deletion_mail.token("confirm")}))[
        "errors"
    ] == []

    leftovers = await pool.fetch(
        """select id from checkouts where shop_id = $1
           and (email is not null or full_name is not null or shipping_address is not null)""",
        shop.shop_id,
    )
    assert leftovers == []
    assert {open_checkout, done} <= {
        str(r["id"]) for r in await pool.fetch("select id from checkouts")
    }
    order = await pool.fetchrow(
        "select email, full_name, shipping_address, total from orders where number = $1", number
    )
    assert "leaving" not in order["email"] and order["full_name"] is None
    assert order["shipping_address"] is None and order["total"] > 0
    assert await call(client, shop, VIEWER, token=token) is None
    assert codes(await login(client, shop, "leaving@example.com")) == ["INVALID_CREDENTIALS"]
