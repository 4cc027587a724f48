"""checkoutLogin: the same rules and limits as login; the account's saved details fill the
checkout without blanks overwriting what the customer typed; prices become the account's."""

from __future__ import annotations

from decimal import Decimal

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import PASSWORD, call, codes, confirmed_customer, login
from tests.checkout.factories import ADDRESS, add_products, complete, new_checkout, set_contact
from tests.flows.steps import ADDRESS_CREATE, PROFILE, checkout_login, order_numbers
from tests.smtp import SmtpServer

HOME = {
    "name": "Ann Example",
    "street": "Dorpsstraat 5",
    "postalCode": "3511 AB",
    "city": "Utrecht",
    "country": "NL",
}


async def test_saved_details_fill_the_checkout(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    token = await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    assert (await call(client, shop, ADDRESS_CREATE, {"input": HOME}, token))["errors"] == []
    group = await pool.fetchval(
        """insert into customer_groups (shop_id, name, discount_percent)
           values ($1, 'Friends', 10) returning id""",
        shop.shop_id,
    )
    await pool.execute("update contacts set customer_group_id = $1", group)

    checkout = await new_checkout(client, shop)  # anonymous: base prices (TEA 6.95 x 2)
    assert checkout["total"]["amount"] == "13.90"
    typed = await set_contact(
        client, shop, checkout["id"], email="typo@example.com", fullName="A.", phone="0612345678"
    )
    assert typed["errors"] == []

    result = await checkout_login(client, shop, checkout["id"], "ann@example.com", PASSWORD)
    assert result["errors"] == []
    filled = result["checkout"]
    assert filled["email"] == "ann@example.com"
    assert filled["fullName"] == "Ann Example"
    assert filled["phone"] == "0612345678"  # the account has none: what was typed stays
    assert filled["shippingAddress"]["city"] == "Utrecht"
    assert filled["billingAddress"]["city"] == "Utrecht"
    assert filled["lines"][0]["unitPrice"]["amount"] == "6.26"  # 6.95 less 10%, half-up
    assert Decimal(filled["total"]["amount"]) == Decimal("12.52")

    session = result["session"]["token"]
    placed = await complete(client, shop, checkout["id"], session)
    assert placed["errors"] == []
    assert await order_numbers(client, shop, session) == [placed["order"]["number"]]


async def test_a_typed_address_stays_when_the_account_has_none(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    token = await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    await call(client, shop, PROFILE, {"input": {"phone": "+31 30 123 4567"}}, token)
    checkout = await new_checkout(client, shop)
    await set_contact(client, shop, checkout["id"], email="ann@example.com", phone="0600000000")

    filled = (await checkout_login(client, shop, checkout["id"], "ann@example.com", PASSWORD))[
        "checkout"
    ]
    assert filled["shippingAddress"]["street"] == ADDRESS["street"]
    assert filled["phone"] != "0600000000"  # the account's phone fills the form


async def test_wrong_password_unknown_checkout_and_guests(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    checkout = await new_checkout(client, shop)

    wrong = await checkout_login(client, shop, checkout["id"], "ann@example.com", "not it at all")
    unknown = await checkout_login(client, shop, checkout["id"], "nobody@example.com", PASSWORD)
    assert codes(wrong) == codes(unknown) == ["INVALID_CREDENTIALS"]
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert wrong["session"] is None and wrong["checkout"] is None

    missing = await checkout_login(
        client, shop, "00000000-0000-4000-8000-000000000000", "ann@example.com", PASSWORD
    )
    assert codes(missing) == ["NOT_FOUND"]
    assert missing["errors"][0]["field"] == ["checkoutId"]

    guest_checkout = await new_checkout(client, shop)
    await set_contact(client, shop, guest_checkout["id"], email="guest@example.com")
    await complete(client, shop, guest_checkout["id"])
    guest = await checkout_login(client, shop, checkout["id"], "guest@example.com", PASSWORD)
    assert codes(guest) == ["INVALID_CREDENTIALS"]


async def test_checkout_login_shares_the_login_throttle(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    checkout = await new_checkout(client, shop)
    answers = [
        await checkout_login(client, shop, checkout["id"], "ann@example.com", f"guess {i}")
        for i in range(6)
    ]
    assert [codes(a) for a in answers[:5]] == [["INVALID_CREDENTIALS"]] * 5
    assert codes(answers[5]) == ["RATE_LIMITED"]
    # The same account and IP are now held back for plain login too.
    assert codes(await login(client, shop, "ann@example.com", "guess 7")) == ["RATE_LIMITED"]


async def test_aliases_cannot_hide_a_second_sign_in(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    query = """mutation {
      a: checkoutLogin(checkoutId: "x", email: "a@example.com", password: "p1") { errors { code } }
      b: login(email: "a@example.com", password: "p2") { errors { code } }
    }"""
    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Storefront-Key": shop.storefront_key}
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_SIGN_IN_ATTEMPTS"
    assert body.get("data") is None
