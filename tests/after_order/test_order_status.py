"""Every order's status link: in every order mail, opens that order only, for whoever holds it."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.secrets import hash_token
from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import (
    customer_order,
    guest_order,
    my_order,
    order_status,
    ship,
)
from tests.gql import admin, data, storefront
from tests.smtp import SmtpServer

ADMIN_ORDER_UPDATE = """mutation($id: ID!) {
  orderUpdate(id: $id, input: { paymentStatus: PAID }) {
    order { number statusUrl } errors { code } } }"""


async def test_a_guest_follows_the_status_link_in_the_order_mail(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    order = await guest_order(client, pool, shop, "guest@example.com")
    mail = await smtp_server.mail_to("guest@example.com", order["number"])
    link = next(li for li in mail.links if "/order-status?token=" in li)
    assert link.startswith("https://shop.example/account/order-status?token=")
    token = mail.token("order-status")
    assert len(token) >= 43

    seen = await order_status(client, shop, token)
    assert seen is not None
    assert seen["number"] == order["number"] and seen["fulfilmentStatus"] == "UNFULFILLED"
    assert seen["lines"] == [{"sku": "TEA", "quantity": 1}]
    assert seen["shipments"] == [] and seen["returns"] == []
    assert seen["statusUrl"] == link

    assert (await ship(client, shop, order["id"], None, "3SGUEST"))["errors"] == []
    shipped_mail = await smtp_server.mail_to("guest@example.com", "shipped")
    assert shipped_mail.token("order-status") == token
    seen = await order_status(client, shop, token)
    assert seen is not None and seen["fulfilmentStatus"] == "SHIPPED"
    assert [s["trackingNumber"] for s in seen["shipments"]] == ["3SGUEST"]
    # The link shows the order, not the person: no account behind it.
    anonymous = await storefront(client, shop.storefront_key, "{ viewer { id } }")
    assert data(anonymous)["viewer"] is None


async def test_a_link_opens_its_own_order_and_nothing_else(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    other_shop: CreatedShop,
    smtp_server: SmtpServer,
) -> None:
    first = await guest_order(client, pool, shop, "same@example.com")
    second = await guest_order(client, pool, shop, "same@example.com")
    await smtp_server.wait_for(lambda mails: len(mails) == 2)
    tokens = {m.subject: m.token("order-status") for m in smtp_server.to("same@example.com")}
    assert len(set(tokens.values())) == 2
    for number in (first["number"], second["number"]):
        token = next(t for subject, t in tokens.items() if number in subject)
        seen = await order_status(client, shop, token)
        assert seen is not None and seen["number"] == number
        assert await order_status(client, other_shop, token) is None  # another shop's storefront
    stored = await pool.fetch("select token_hash from order_status_tokens")
    assert {r["token_hash"] for r in stored} == {hash_token(t) for t in tokens.values()}
    real = next(iter(tokens.values()))
    near = real[:-1] + ("B" if real.endswith("A") else "A")
    for wrong in ("", "x" * 43, near, "a b", "é" * 50, "x" * 5000):
        assert await order_status(client, shop, wrong) is None, wrong


async def test_status_url_is_for_the_owner_and_the_merchant(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    token, order = await customer_order(client, pool, shop, "owner@example.com")
    seen = await my_order(client, shop, token, order["number"])
    assert seen is not None
    mail = await smtp_server.mail_to("owner@example.com", order["number"])
    assert seen["statusUrl"] == next(li for li in mail.links if "/order-status?" in li)
    listed = data(
        await storefront(
            client,
            shop.storefront_key,
            "{ viewer { orders(first: 5) { edges { node { number statusUrl } } } } }",
            token=token,
        )
    )["viewer"]["orders"]["edges"]
    assert listed[0]["node"]["statusUrl"] == seen["statusUrl"]
    merchant = data(await admin(client, shop.admin_key, ADMIN_ORDER_UPDATE, {"id": order["id"]}))
    assert merchant["orderUpdate"]["order"]["statusUrl"] == seen["statusUrl"]


async def test_orders_from_before_get_a_link_when_first_asked(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    token, order = await customer_order(client, pool, shop, "old@example.com")
    await pool.execute("delete from order_status_tokens")  # as before this feature existed
    seen = await my_order(client, shop, token, order["number"])
    assert seen is not None and seen["statusUrl"]
    link_token = seen["statusUrl"].split("?token=", 1)[1]
    opened = await order_status(client, shop, link_token)
    assert opened is not None and opened["number"] == order["number"]


async def test_an_erased_customers_link_opens_nothing(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    order = await guest_order(client, pool, shop, "gone@example.com")
    token = (await smtp_server.mail_to("gone@example.com", order["number"])).token("order-status")
    assert await order_status(client, shop, token) is not None
    await pool.execute(
        "update contacts set anonymised_at = now() where lower(email) = 'gone@example.com'"
    )
    assert await order_status(client, shop, token) is None
