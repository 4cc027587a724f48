"""The kind: every equivalent spelling of an address is one account, and every equivalent
spelling of a password signs in (Unicode normalisation, internationalised domains).

Addresses go through email-validator (local part NFC, domain IDNA 2008 in its Unicode form,
compared case-insensitively); passwords are hashed in NFKC (NIST SP 800-63B 5.1.1.2)."""

from __future__ import annotations

import unicodedata

import asyncpg
import httpx
import pytest
from argon2 import PasswordHasher

from gateway.database import migrate
from gateway.db.data_migrations import normalise_stored_emails
from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    CONFIRM,
    PASSWORD,
    REQUEST_LINK,
    call,
    codes,
    confirmed_customer,
    login,
    register,
)
from tests.smtp import SmtpServer

NFC = unicodedata.normalize("NFC", "jürgen@bücher.example")
NFD = unicodedata.normalize("NFD", "jürgen@bücher.example")
FULLWIDTH = "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48"  # full-width letters


async def test_precomposed_and_combining_spellings_are_one_account(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    assert NFC != NFD
    await confirmed_customer(client, shop, smtp_server, NFC)
    again = await register(client, shop, NFD)
    assert codes(again) == ["EMAIL_TAKEN"]
    for spelling in (NFD, NFC.upper(), "jürgen@XN--BCHER-KVA.example", " " + NFD + " "):
        assert (await login(client, shop, spelling))["errors"] == [], spelling


async def test_an_internationalised_domain_in_its_ascii_form_is_the_same_account(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    registered = await register(client, shop, "anna@xn--mnchen-3ya.example")
    assert registered["errors"] == []
    assert registered["contact"]["email"] == "anna@münchen.example"
    # The confirmation reaches the server with the domain in its ASCII form.
    mail = await smtp_server.mail_to("anna@xn--mnchen-3ya.example", "onfirm")
    assert (await call(client, shop, CONFIRM, {"token": mail.token("confirm")}))["errors"] == []
    assert codes(await register(client, shop, "Anna@München.example")) == ["EMAIL_TAKEN"]
    assert (await login(client, shop, "ANNA@münchen.EXAMPLE"))["errors"] == []


async def test_a_sign_in_link_asked_for_in_another_spelling_reaches_the_account(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, NFC)
    assert (await call(client, shop, REQUEST_LINK, {"email": NFD}))["errors"] == []
    await smtp_server.mail_to(NFC, "sign-in link")


@pytest.mark.parametrize(
    ("chosen", "typed"),
    [
        ("pässwörd in café", "pa\u0308sswo\u0308rd in cafe\u0301"),  # composed vs combining
        (FULLWIDTH + " secret 1", "fullwidth secret 1"),  # compatibility forms (NFKC)
        ("Ångström unit 1234", "A\u030angstro\u0308m unit 1234"),
    ],
)
async def test_every_equivalent_spelling_of_a_password_signs_in(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    smtp_server: SmtpServer,
    chosen: str,
    typed: str,
) -> None:
    email = "pw@example.com"
    assert (await register(client, shop, email, chosen))["errors"] == []
    token = (await smtp_server.mail_to(email, "onfirm")).token("confirm")
    assert (await call(client, shop, CONFIRM, {"token": token}))["errors"] == []
    assert (await login(client, shop, email, typed))["errors"] == []
    assert (await login(client, shop, email, chosen))["errors"] == []
    assert codes(await login(client, shop, email, typed + "x")) == ["INVALID_CREDENTIALS"]


async def test_a_hash_made_before_normalisation_still_signs_in_and_is_upgraded(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    typed = FULLWIDTH + " legacy 1"  # hashed as typed by the earlier gateway
    legacy = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(typed)
    await pool.execute(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                                 password_hash, password_changed_at)
           values ($1, 'old@example.com', 'Old', false, now(), $2, now())""",
        shop.shop_id,
        legacy,
    )
    assert (await login(client, shop, "old@example.com", typed))["errors"] == []
    upgraded = await pool.fetchval("select password_hash from contacts")
    assert upgraded != legacy
    # Now hashed in NFKC: the plain-width spelling signs in too.
    assert (await login(client, shop, "old@example.com", "fullwidth legacy 1"))["errors"] == []


async def test_rows_stored_in_other_spellings_are_migrated_and_keep_working(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    """Rows written before (NFD, an ASCII-form domain, an upper-case domain) take the one
    spelling; two accounts that turn out to be one address are left apart, not lost."""
    hashed = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    twin = "jürgen@xn--bcher-kva.example"  # the same address as NFD, written later
    rows = [NFD, "eva@xn--bcher-kva.example", "Piet@EXAMPLE.COM", twin]
    for email in rows:
        await pool.execute(
            """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                                     password_hash)
               values ($1, $2, 'Someone', false, now(), $3)""",
            shop.shop_id,
            email,
            hashed,
        )
    async with pool.acquire() as conn, conn.transaction():
        await normalise_stored_emails(conn)
    stored = {r["email"] for r in await pool.fetch("select email from contacts")}
    assert stored == {NFC, "eva@bücher.example", "Piet@example.com", twin}
    for spelling in (
        NFC,
        NFD,
        "eva@bücher.example",
        "EVA@xn--bcher-kva.example",
        "piet@example.com",
    ):
        assert (await login(client, shop, spelling))["errors"] == [], spelling
    async with pool.acquire() as conn:
        assert await migrate(conn) == []  # the step ran once, with its migration


async def test_respelling_the_address_does_not_reset_the_failed_password_count(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """Throttles key on the one spelling: five guesses in five spellings are five guesses."""
    await confirmed_customer(client, shop, smtp_server, NFC)
    spellings = [
        NFC,
        NFD,
        NFC.upper(),
        "jürgen@xn--bcher-kva.example",
        "JU\u0308RGEN@BÜCHER.example",
    ]
    for spelling in spellings:
        assert codes(await login(client, shop, spelling, "guess guess")) == ["INVALID_CREDENTIALS"]
    assert codes(await login(client, shop, "jürgen@Bücher.Example", PASSWORD)) == ["RATE_LIMITED"]
