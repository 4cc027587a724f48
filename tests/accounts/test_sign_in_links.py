"""requestSignInLink / signInWithLink: alike answers, single use, lifetime, proof of address."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    REQUEST_LINK,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    login,
    register,
    viewer,
)
from tests.gql import admin
from tests.smtp import SmtpServer


async def test_link_signs_in_once(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    assert await call(client, shop, REQUEST_LINK, {"email": "ANN@example.com"}) == {"errors": []}
    mail = await smtp_server.mail_to("ann@example.com", "sign-in link")
    token = mail.token("sign-in")
    assert mail.links == [f"https://shop.example/account/sign-in?token={token}"]
    assert "14 days" in mail.text

    used = await call(client, shop, SIGN_IN_WITH_LINK, {"token": token})
    assert used["errors"] == []
    assert (await viewer(client, shop, used["session"]["token"]))["email"] == "ann@example.com"
    again = await call(client, shop, SIGN_IN_WITH_LINK, {"token": token})
    assert codes(again) == ["TOKEN_INVALID"] and again["session"] is None


async def test_sixteen_concurrent_redemptions_make_one_session(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    await confirmed_customer(client, shop, smtp_server, "bo@example.com")
    await call(client, shop, REQUEST_LINK, {"email": "bo@example.com"})
    token = (await smtp_server.mail_to("bo@example.com", "sign-in link")).token("sign-in")
    sessions_before = await pool.fetchval("select count(*) from sessions")
    results = await asyncio.gather(
        *(call(client, shop, SIGN_IN_WITH_LINK, {"token": token}) for _ in range(16))
    )
    assert sum(r["session"] is not None for r in results) == 1
    assert sum(codes(r) == ["TOKEN_INVALID"] for r in results) == 15
    assert await pool.fetchval("select count(*) from sessions") == sessions_before + 1


async def test_unknown_addresses_and_guests_get_the_same_answer_and_no_mail(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    await pool.execute(
        """insert into contacts (shop_id, email, full_name, is_guest)
           values ($1, 'guest@example.com', 'Guest', true)""",
        shop.shop_id,
    )
    await confirmed_customer(client, shop, smtp_server, "known@example.com")
    answers = [
        await call(client, shop, REQUEST_LINK, {"email": email})
        for email in ("nobody@example.com", "guest@example.com", "known@example.com")
    ]
    assert answers[0] == answers[1] == answers[2] == {"errors": []}
    await smtp_server.mail_to("known@example.com", "sign-in link")
    outbox = await pool.fetch("select to_address, template from mail_outbox order by id")
    assert [(r["to_address"], r["template"]) for r in outbox] == [
        ("known@example.com", "confirm-email"),
        ("known@example.com", "sign-in-link"),
    ]
    assert codes(await call(client, shop, REQUEST_LINK, {"email": "nope"})) == ["EMAIL_INVALID"]


async def test_lifetime_comes_from_the_storefront(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    body = await admin(
        client,
        shop.admin_key,
        "mutation { storefrontUpdate(input: {signInLinkTtlDays: 3}) { errors { code } } }",
    )
    assert body["data"]["storefrontUpdate"]["errors"] == []
    await confirmed_customer(client, shop, smtp_server, "cy@example.com")
    await call(client, shop, REQUEST_LINK, {"email": "cy@example.com"})
    mail = await smtp_server.mail_to("cy@example.com", "sign-in link")
    assert "3 days" in mail.text
    lifetime = await pool.fetchval(
        "select extract(epoch from expires_at - created_at) from auth_tokens where purpose = $1",
        "sign_in",
    )
    assert abs(float(lifetime) - 3 * 86400) < 5

    await pool.execute("update auth_tokens set expires_at = now() - interval '1 second'")
    expired = await call(client, shop, SIGN_IN_WITH_LINK, {"token": mail.token("sign-in")})
    assert codes(expired) == ["TOKEN_INVALID"]


async def test_a_link_confirms_an_unconfirmed_contact_and_drops_its_unproven_password(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await register(client, shop, "dan@example.com")
    await call(client, shop, REQUEST_LINK, {"email": "dan@example.com"})
    mail = await smtp_server.mail_to("dan@example.com", "sign-in link")
    used = await call(client, shop, SIGN_IN_WITH_LINK, {"token": mail.token("sign-in")})
    assert used["errors"] == []
    assert used["contact"]["emailConfirmed"] is True
    # The password was set before the address was proven: it may be a stranger's.
    assert codes(await login(client, shop, "dan@example.com")) == ["INVALID_CREDENTIALS"]


async def test_a_link_of_one_shop_is_nothing_in_another(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "eli@example.com")
    await call(client, shop, REQUEST_LINK, {"email": "eli@example.com"})
    token = (await smtp_server.mail_to("eli@example.com", "sign-in link")).token("sign-in")
    assert codes(await call(client, other_shop, SIGN_IN_WITH_LINK, {"token": token})) == [
        "TOKEN_INVALID"
    ]
    assert (await call(client, shop, SIGN_IN_WITH_LINK, {"token": token}))["errors"] == []
