"""register and resendConfirmation: validation, the unique index, the confirmation mail."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import CONFIRM, PASSWORD, RESEND, call, codes, login, register
from tests.smtp import SmtpServer


async def test_register_makes_an_unconfirmed_contact_and_mails_a_confirm_link(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    result = await register(client, shop, "  Ann@Example.COM ")
    assert result["errors"] == []
    assert result["contact"]["email"] == "Ann@example.com"
    assert result["contact"]["isGuest"] is False
    assert result["contact"]["emailConfirmed"] is False
    assert result["contact"]["locale"] == "en"

    mail = await smtp_server.mail_to("Ann@example.com")
    assert mail.subject == "Confirm your e-mail address for Test shop"
    token = mail.token("confirm")
    assert mail.links == [f"https://shop.example/account/confirm?token={token}"]
    assert len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum()
    assert mail.html is not None and f'href="{mail.links[0]}"' in mail.html


async def test_mail_in_the_contacts_locale(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    result = await register(client, shop, "bram@example.nl", locale="nl")
    assert result["contact"]["locale"] == "nl"
    mail = await smtp_server.mail_to("bram@example.nl")
    assert mail.subject.startswith("Bevestig je e-mailadres")


async def test_refusals(client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool) -> None:
    assert codes(await register(client, shop, "not-an-address")) == ["EMAIL_INVALID"]
    short = await register(client, shop, "c@example.com", password="short")
    assert codes(short) == ["PASSWORD_TOO_WEAK"]
    assert short["errors"][0]["field"] == ["input", "password"]
    assert codes(await register(client, shop, "c@example.com", password="password123")) == [
        "PASSWORD_TOO_WEAK"
    ]
    assert codes(await register(client, shop, "c@example.com", password="x" * 1025)) == [
        "PASSWORD_TOO_WEAK"
    ]
    assert await pool.fetchval("select count(*) from contacts") == 0


async def test_email_taken_case_insensitively_but_not_across_shops(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    assert (await register(client, shop, "dora@example.com"))["errors"] == []
    taken = await register(client, shop, "DORA@example.com")
    assert codes(taken) == ["EMAIL_TAKEN"]
    assert taken["errors"][0]["field"] == ["input", "email"]
    assert (await register(client, other_shop, "dora@example.com"))["errors"] == []


async def test_twenty_concurrent_registrations_make_one_contact(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, smtp_server: SmtpServer
) -> None:
    results = await asyncio.gather(*(register(client, shop, "race@example.com") for _ in range(20)))
    assert sorted(codes(r)[0] if r["errors"] else "OK" for r in results) == ["EMAIL_TAKEN"] * 19 + [
        "OK"
    ]
    count = await pool.fetchval(
        "select count(*) from contacts where lower(email) = 'race@example.com'"
    )
    assert count == 1
    assert await pool.fetchval("select count(*) from mail_outbox") == 1


async def test_a_guest_with_the_address_does_not_block_registration(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await pool.execute(
        """insert into contacts (shop_id, email, full_name, is_guest)
           values ($1, 'guest@example.com', 'Guest', true)""",
        shop.shop_id,
    )
    assert (await register(client, shop, "guest@example.com"))["errors"] == []


async def test_resend_confirmation_answers_alike_and_mails_only_the_unconfirmed(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    await register(client, shop, "eve@example.com")
    await smtp_server.mail_to("eve@example.com")
    known = await call(client, shop, RESEND, {"email": "eve@example.com"})
    unknown = await call(client, shop, RESEND, {"email": "nobody@example.com"})
    assert known == unknown == {"errors": []}
    mails = await smtp_server.wait_for(lambda m: len(m) >= 2)
    assert [m.to for m in mails] == ["eve@example.com", "eve@example.com"]
    assert await pool.fetchval("select count(*) from mail_outbox") == 2

    # Once confirmed, a resend mails nothing and still answers alike.
    confirmed = await call(client, shop, CONFIRM, {"token": mails[1].token("confirm")})
    assert confirmed["errors"] == []
    assert await call(client, shop, RESEND, {"email": "eve@example.com"}) == {"errors": []}
    assert await pool.fetchval("select count(*) from mail_outbox") == 2
    assert (await login(client, shop, "eve@example.com", PASSWORD))["errors"] == []
