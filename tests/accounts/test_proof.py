"""Proving an address claims the guest orders placed with it, and never before."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import CONFIRM, call, login, register
from tests.smtp import SmtpServer


async def _guest_order(pool: asyncpg.Pool, shop: CreatedShop, email: str, number: str) -> None:
    guest = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest)
           values ($1, $2, 'Guest', true) returning id""",
        shop.shop_id,
        email,
    )
    await pool.execute(
        """insert into orders (shop_id, number, contact_id, email, currency, total)
           values ($1, $2, $3, $4, 'EUR', 10)""",
        shop.shop_id,
        number,
        guest,
        email,
    )


async def test_confirming_claims_guest_orders(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    other_shop: CreatedShop,
    smtp_server: SmtpServer,
    pool: asyncpg.Pool,
) -> None:
    await _guest_order(pool, shop, "Ann@Example.com", "1001")
    await _guest_order(pool, shop, "someone@example.com", "1002")
    await _guest_order(pool, other_shop, "ann@example.com", "1001")
    registered = await register(client, shop, "ann@example.com")
    contact_id = registered["contact"]["id"]

    # Registering or signing in with a password proves nothing yet.
    assert (await login(client, shop, "ann@example.com"))["errors"][0]["code"] == (
        "EMAIL_NOT_CONFIRMED"
    )
    owned = "select count(*) from orders where contact_id = $1"
    assert await pool.fetchval(owned, contact_id) == 0

    mail = await smtp_server.mail_to("ann@example.com")
    assert (await call(client, shop, CONFIRM, {"token": mail.token("confirm")}))["errors"] == []
    numbers = await pool.fetch(
        "select number from orders where contact_id = $1 order by number", contact_id
    )
    assert [r["number"] for r in numbers] == ["1001"]
    assert await pool.fetchval("select count(*) from orders where contact_id is null") == 0
