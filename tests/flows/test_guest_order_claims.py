"""Guest orders join an account only once the address is proven (confirmation or sign-in
link), never before, and never across shops (the Saleor/Vendure hijack)."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    CONFIRM,
    REQUEST_LINK,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    login,
    register,
)
from tests.checkout.factories import add_products, complete, ready_checkout
from tests.flows.steps import order_numbers
from tests.smtp import SmtpServer


async def _guest_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str
) -> str:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop, email=email)
    return str((await complete(client, shop, checkout_id))["order"]["number"])


async def test_registering_an_address_does_not_reveal_its_guest_orders(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    number = await _guest_order(client, pool, shop, "victim@example.com")
    assert (await register(client, shop, "victim@example.com"))["errors"] == []
    # Whoever registered cannot sign in before proving the address, so sees nothing.
    assert codes(await login(client, shop, "victim@example.com")) == ["EMAIL_NOT_CONFIRMED"]
    owner = await pool.fetchval(
        """select c.is_guest from orders o join contacts c on c.id = o.contact_id
           where o.number = $1""",
        number,
    )
    assert owner is True  # still the guest's

    mail = await smtp_server.mail_to("victim@example.com", "onfirm")
    confirmed = await call(client, shop, CONFIRM, {"token": mail.token("confirm")})
    assert await order_numbers(client, shop, confirmed["session"]["token"]) == [number]


async def test_guest_orders_of_a_known_address_wait_for_a_sign_in_link(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    other_shop: CreatedShop,
    smtp_server: SmtpServer,
) -> None:
    token = await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    number = await _guest_order(client, pool, shop, "ann@example.com")
    elsewhere = await _guest_order(client, pool, other_shop, "ann@example.com")
    assert await order_numbers(client, shop, token) == []  # a password is no proof of the address

    assert (await call(client, shop, REQUEST_LINK, {"email": "ann@example.com"}))["errors"] == []
    mail = await smtp_server.mail_to("ann@example.com", "sign-in link")
    signed_in = await call(client, shop, SIGN_IN_WITH_LINK, {"token": mail.token("sign-in")})
    assert await order_numbers(client, shop, signed_in["session"]["token"]) == [number]
    still_guest = await pool.fetchval(
        """select c.is_guest from orders o join contacts c on c.id = o.contact_id
           where o.shop_id = $1 and o.number = $2""",
        other_shop.shop_id,
        elsewhere,
    )
    assert still_guest is True
