"""Checkout meets identity, end to end through HTTP and a real SMTP server: a guest can't sign
in; an account made while paying is confirmed by mail and then shows the order; ON_ORDER lets
the customer in by sign-in link; a merchant's invitation leads to a password."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    CONFIRM,
    PASSWORD,
    REQUEST_LINK,
    RESET,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    login,
)
from tests.checkout.factories import add_products, complete, ready_checkout
from tests.flows.steps import ORDERS, order_numbers
from tests.gql import admin
from tests.smtp import SmtpServer


async def test_guest_checkout_makes_a_guest_who_cannot_sign_in(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop, email="guest@example.com")
    placed = await complete(client, shop, checkout_id)
    assert placed["errors"] == []
    confirmation = await smtp_server.mail_to("guest@example.com", placed["order"]["number"])
    # A guest gets no sign-in or confirm link, only the order's status link.
    assert [link.split("?")[0] for link in confirmation.links] == [
        "https://shop.example/account/order-status"
    ]

    contact = await pool.fetchrow(
        "select is_guest, password_hash from contacts where shop_id = $1", shop.shop_id
    )
    assert contact["is_guest"] is True and contact["password_hash"] is None
    assert codes(await login(client, shop, "guest@example.com", "any password at all")) == [
        "INVALID_CREDENTIALS"
    ]
    # A sign-in link is no way in either: nothing is mailed to a guest. To know the sender has
    # had its chance, wait for a mail requested after it to a registered address.
    await confirmed_customer(client, shop, smtp_server, "known@example.com")
    assert (await call(client, shop, REQUEST_LINK, {"email": "guest@example.com"}))["errors"] == []
    assert (await call(client, shop, REQUEST_LINK, {"email": "known@example.com"}))["errors"] == []
    await smtp_server.mail_to("known@example.com", "sign-in link")
    assert len(smtp_server.to("guest@example.com")) == 1


async def test_account_while_paying_is_confirmed_by_mail_then_shows_the_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(
        client, shop, email="new@example.com", createAccount=True, password=PASSWORD
    )
    placed = await complete(client, shop, checkout_id)
    number = placed["order"]["number"]

    assert codes(await login(client, shop, "new@example.com")) == ["EMAIL_NOT_CONFIRMED"]
    mail = await smtp_server.mail_to("new@example.com", "confirm your account")
    assert number in mail.text
    confirmed = await call(client, shop, CONFIRM, {"token": mail.token("confirm")})
    assert confirmed["errors"] == []
    token = confirmed["session"]["token"]
    assert await order_numbers(client, shop, token) == [number]

    signed_in = await login(client, shop, "new@example.com")  # the password chosen at checkout
    assert signed_in["errors"] == []
    viewer = await call(client, shop, ORDERS, token=signed_in["session"]["token"])
    assert viewer["isGuest"] is False and viewer["emailConfirmed"] is True


async def test_on_order_accounts_let_the_customer_in_by_sign_in_link(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await admin(
        client, shop.admin_key, "mutation { storefrontUpdate(input: {accountCreation: ON_ORDER}) "
        "{ errors { code } } }",
    )  # fmt: skip
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop, email="auto@example.com")
    number = (await complete(client, shop, checkout_id))["order"]["number"]

    mail = await smtp_server.mail_to("auto@example.com", number)
    signed_in = await call(client, shop, SIGN_IN_WITH_LINK, {"token": mail.token("sign-in")})
    assert signed_in["errors"] == []
    viewer = await call(client, shop, ORDERS, token=signed_in["session"]["token"])
    assert viewer["emailConfirmed"] is True  # the link proved the address
    assert [e["node"]["number"] for e in viewer["orders"]["edges"]] == [number]
    reused = await call(client, shop, SIGN_IN_WITH_LINK, {"token": mail.token("sign-in")})
    assert codes(reused) == ["TOKEN_INVALID"]


async def test_merchant_invitation_leads_to_a_password(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    created = await admin(
        client,
        shop.admin_key,
        """mutation { contactCreate(input: {email: "buyer@business.example", fullName: "B. Buyer"})
           { contact { id emailConfirmed } errors { code } } }""",
    )
    assert created["data"]["contactCreate"]["errors"] == []
    assert codes(await login(client, shop, "buyer@business.example")) == ["INVALID_CREDENTIALS"]

    invitation = await smtp_server.mail_to("buyer@business.example")
    token = invitation.token("reset-password")
    chosen = await call(client, shop, RESET, {"token": token, "password": PASSWORD})
    assert chosen["errors"] == []
    assert chosen["contact"]["emailConfirmed"] is True
    assert (await login(client, shop, "buyer@business.example"))["errors"] == []
    again = await call(client, shop, RESET, {"token": token, "password": PASSWORD + "!"})
    assert codes(again) == ["TOKEN_INVALID"]
