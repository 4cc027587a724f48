"""The hosted account pages in chromium: sign up, confirm from a real mailbox, sign in, the
dashboard, an invoice PDF, order again, an address change, sign out; in English and Dutch; and
a storefront that signs in by link only. Every page visited is checked with axe-core."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.config import Settings
from gateway.database import create_pool, migrate
from gateway.tenancy.shops import CreatedShop, create_shop
from tests.browser.account_steps import (
    assert_accessible,
    customer_with_history,
    storefront_update,
    use_axe,
)
from tests.browser.conftest import screenshot
from tests.conftest import KEEP_TABLES, make_settings
from tests.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

PASSWORD = "rooibos at four"

WORDS = {
    "en": {
        "create": "Create my account",
        "check_mail": "Check your e-mail",
        "confirm": "Confirm my address",
        "confirmed": "Your e-mail address is confirmed",
        "hello": "Hello Ann",
        "discount": "As a Gold customer you get 10% off every order.",
        "sign_out": "Sign out",
        "signed_out": "You are signed out.",
        "sign_in": "Sign in",
        "signed_in": "You are signed in.",
        "shipped": "Shipped",
        "paid": "Paid",
        "again": "Order these again",
        "basket": "Your new basket",
        "addresses": "Addresses",
        "save_address": "Save address",
        "change": "Change",
        "saved": "The address is saved.",
        "money": "€27.90",
        "subject": "Confirm",
        "send_link": "E-mail me a sign-in link",
        "sign_me_in": "Sign me in",
        "delivery": "3 December 2026",
        "overview": "Overview",
    },
    "nl": {
        "create": "Maak mijn account",
        "check_mail": "Kijk in je mailbox",
        "confirm": "Bevestig mijn adres",
        "confirmed": "Je e-mailadres is bevestigd",
        "hello": "Hallo Ann",
        "discount": "Als Gold-klant krijg je 10% korting op elke bestelling.",
        "sign_out": "Uitloggen",
        "signed_out": "Je bent uitgelogd.",
        "sign_in": "Inloggen",
        "signed_in": "Je bent ingelogd.",
        "shipped": "Verzonden",
        "paid": "Betaald",
        "again": "Bestel deze opnieuw",
        "basket": "Je nieuwe winkelmandje",
        "addresses": "Adressen",
        "save_address": "Adres opslaan",
        "change": "Wijzigen",
        "saved": "Het adres is opgeslagen.",
        "money": "€ 27,90",
        "subject": "",
        "send_link": "Mail me een inloglink",
        "sign_me_in": "Log mij in",
        "delivery": "3 december 2026",
        "overview": "Overzicht",
    },
}


@pytest.fixture
def settings(live_url: str, smtp_server: SmtpServer) -> Settings:
    """Mail really sent to the SMTP sink; the hosted pages' public URL is the live server's."""
    return make_settings(public_url=live_url, smtp_url=smtp_server.url, mail_sender_enabled=True)


@pytest.fixture
async def live_pool(database_url: str, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    """A pool of this test's own, its connections carrying the live server's public URL (the
    session's pool carries the default); tables emptied first, as for every test."""
    the_pool = await create_pool(replace(settings, db_pool_min=1, db_pool_max=6), database_url)
    async with the_pool.acquire() as conn:
        await migrate(conn)
        tables = await conn.fetch("select tablename from pg_tables where schemaname = 'public'")
        names = [f'"{t["tablename"]}"' for t in tables if t["tablename"] not in KEEP_TABLES]
        await conn.execute(f"truncate {', '.join(names)} restart identity cascade")
    yield the_pool
    await the_pool.close()


@pytest.fixture
async def app(live_pool: asyncpg.Pool, settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings, pool=live_pool)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def tea_shop(live_pool: asyncpg.Pool) -> CreatedShop:
    return await create_shop(live_pool, "Théo's Tea Corner")  # no accountUrl: the hosted pages


async def _mailed_link(smtp: SmtpServer, email: str, page_name: str, live: str, handle: str) -> str:
    """The one link to <live>/account/<handle>/<page>?token=... mailed to `email`."""

    def links(mails: list) -> list[str]:
        return [
            link
            for mail in mails
            if mail.to.lower() == email
            for link in mail.links
            if f"/{page_name}?token=" in link
        ]

    await smtp.wait_for(lambda mails: bool(links(mails)), within=10)
    found = links(smtp.mails)
    assert len(found) == 1, found
    assert found[0].startswith(f"{live}/account/{handle}/{page_name}?token="), found[0]
    return found[0]


async def _sign_up(page: Any, live: str, shop: CreatedShop, email: str, w: dict, password: bool):
    await page.goto(f"{live}/account/{shop.handle}/sign-up")
    await assert_accessible(page)
    await page.get_by_label(re.compile("^(Name|Naam)$")).fill("Ann Example")
    await page.locator("#f-email").fill(email)
    if password:
        await page.locator("#f-password").fill(PASSWORD)
    else:
        assert await page.locator("input[type=password]").count() == 0
    await page.get_by_role("button", name=w["create"]).click()
    try:
        await page.get_by_role("heading", name=w["check_mail"]).wait_for(timeout=5000)
    except Exception:
        print(page.url, await page.content())
        raise
    await assert_accessible(page)


async def _confirm(page: Any, link: str, w: dict) -> None:
    await page.goto(link)
    await assert_accessible(page)
    await page.get_by_role("button", name=w["confirm"]).click()
    await page.get_by_text(w["confirmed"]).wait_for()


async def _sign_out(page: Any, w: dict) -> None:
    await page.get_by_role("button", name=w["sign_out"], exact=True).click()
    await page.get_by_text(w["signed_out"]).wait_for()


async def _whole_flow(
    page: Any, live: str, client: httpx.AsyncClient, shop: CreatedShop, smtp: SmtpServer, lang: str
) -> None:
    w = WORDS[lang]
    email = f"ann.{lang}@example.test"
    await use_axe(page)
    # Sign up, then follow the link the SMTP sink received.
    await _sign_up(page, live, shop, email, w, password=True)
    await _confirm(page, await _mailed_link(smtp, email, "confirm", live, shop.handle), w)
    await _sign_out(page, w)

    # The merchant records an order, invoices it, puts the customer in a group.
    number = await customer_with_history(client, shop, email)

    # Sign in with the password.
    await page.goto(f"{live}/account/{shop.handle}/sign-in")
    await assert_accessible(page)
    await screenshot(page, f"account-sign-in-{lang}")
    await page.locator("#pw-email").fill(email)
    await page.locator("#pw-password").fill(PASSWORD)
    await page.get_by_role("button", name=w["sign_in"], exact=True).click()
    await page.get_by_text(w["signed_in"]).wait_for()

    # The dashboard: greeting, discount, the recent order with its statuses and total.
    main = page.locator("main")
    await page.get_by_role("heading", name=w["hello"]).wait_for()
    text = await main.inner_text()
    for expected in (w["discount"], number, w["shipped"], w["paid"], w["money"]):
        assert expected in text, (expected, text)
    await assert_accessible(page)

    # The order's page, its invoice as a PDF.
    await page.get_by_role("link", name=re.compile(number)).first.click()
    await page.get_by_role("heading", level=1, name=re.compile(number)).wait_for()
    assert w["delivery"] in await main.inner_text()
    await assert_accessible(page)
    await screenshot(page, f"account-order-{lang}")
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name=re.compile("INV-")).click()
    download = await downloading.value
    pdf = await download.path()
    assert pdf is not None
    assert (await asyncio.to_thread(Path(pdf).read_bytes)).startswith(b"%PDF-")

    # Order again: a new basket with the same lines at today's prices.
    await page.get_by_role("button", name=w["again"]).click()
    await page.get_by_role("heading", name=w["basket"]).wait_for()
    basket = await main.inner_text()
    assert "Earl Grey" in basket and "Stoneware mug" in basket
    await assert_accessible(page)

    # Addresses: add one, then change it.
    await page.get_by_role("link", name=w["addresses"], exact=True).click()
    await page.locator("#new-name").fill("Ann Example")
    await page.locator("#new-street").fill("Oudegracht 12")
    await page.locator("#new-postalCode").fill("3511 AR")
    await page.locator("#new-city").fill("Utrecht")
    await page.locator("#new-country").select_option("NL")
    await page.get_by_role("button", name=w["save_address"]).click()
    await page.get_by_text(w["saved"]).wait_for()
    await assert_accessible(page)
    await page.get_by_role("link", name=re.compile(f"^{w['change']}")).first.click()
    await page.locator("#edit-street").fill("Oudegracht 14")
    await page.get_by_role("button", name=w["save_address"]).click()
    await page.get_by_text(w["saved"]).wait_for()
    book = await main.inner_text()
    assert "Oudegracht 14" in book and "Oudegracht 12" not in book

    # The dashboard as the customer now sees it: the artifact for this language.
    await page.get_by_role("link", name=w["overview"], exact=True).click()
    await page.get_by_role("heading", name=w["hello"]).wait_for()
    assert "Oudegracht 14" in await main.inner_text()
    await screenshot(page, f"account-dashboard-{lang}")

    # Sign out: the account is closed to this browser.
    await _sign_out(page, w)
    await page.goto(f"{live}/account/{shop.handle}/")
    assert "/sign-in" in page.url
    assert page.offsite_requests == []


async def test_customer_account_in_english(
    page: Any,
    live_server: str,
    client: httpx.AsyncClient,
    tea_shop: CreatedShop,
    smtp_server: SmtpServer,
) -> None:
    await storefront_update(client, tea_shop, accentColor="#1f6f50")
    await _whole_flow(page, live_server, client, tea_shop, smtp_server, "en")


async def test_customer_account_in_dutch(
    page: Any,
    live_server: str,
    client: httpx.AsyncClient,
    tea_shop: CreatedShop,
    smtp_server: SmtpServer,
) -> None:
    await storefront_update(client, tea_shop, defaultLocale="nl", accentColor="#8a3b12")
    await _whole_flow(page, live_server, client, tea_shop, smtp_server, "nl")
    # Switching language works on any page, signed out too.
    await page.get_by_role("link", name=re.compile("EN")).click()
    await page.get_by_role("heading", name="Sign in").wait_for()


async def test_sign_in_link_only_storefront(
    page: Any,
    live_server: str,
    client: httpx.AsyncClient,
    tea_shop: CreatedShop,
    smtp_server: SmtpServer,
) -> None:
    await storefront_update(client, tea_shop, loginMethods=["SIGN_IN_LINK"])
    w = WORDS["en"]
    email = "lina@example.test"
    await use_axe(page)
    await _sign_up(page, live_server, tea_shop, email, w, password=False)
    await _confirm(
        page, await _mailed_link(smtp_server, email, "confirm", live_server, tea_shop.handle), w
    )
    await _sign_out(page, w)

    await page.goto(f"{live_server}/account/{tea_shop.handle}/sign-in")
    assert await page.locator("input[type=password]").count() == 0
    await assert_accessible(page)
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_role("button", name=w["send_link"]).click()
    await page.get_by_role("heading", name=w["check_mail"]).wait_for()
    link = await _mailed_link(smtp_server, email, "sign-in", live_server, tea_shop.handle)
    await page.goto(link)
    await assert_accessible(page)
    await page.get_by_role("button", name=w["sign_me_in"]).click()
    await page.get_by_role("heading", name="Hello Ann").wait_for()
    # The profile offers no password change on this storefront.
    await page.get_by_role("link", name="Profile", exact=True).click()
    assert await page.locator("input[type=password]").count() == 0
    await assert_accessible(page)
    assert page.offsite_requests == []
