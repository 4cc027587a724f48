"""Every mailed link lands on a working page: storefronts without their own accountUrl get the
hosted pages; /confirm handles every token kind; handles are made, validated and changed."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop, create_shop
from tests.gql import admin, data
from tests.my_account.factories import Customer, mails, token_in
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import submit, text_of

UPDATE = """mutation($input: StorefrontSettingsInput!) { storefrontUpdate(input: $input) {
  storefront { handle accountUrl accentColor logoUrl } errors { code field } } }"""


async def test_without_own_account_url_mails_link_to_the_hosted_pages(
    app: Any, pool: asyncpg.Pool
) -> None:
    shop = await create_shop(pool, "Hosted Tea")
    assert shop.handle == "hosted-tea"
    browser = await browser_for(app, None, shop)
    async with browser:
        page = f"{base(shop)}/sign-up"
        signed_up = await submit(
            browser,
            page,
            page,
            {"fullName": "Cas Example", "email": "cas@example.test", "password": "a fine brew 42"},
        )
        assert signed_up.status_code == 200 and "Check your e-mail" in signed_up.text
        [mail] = await mails(pool, "cas@example.test")
        link = f"http://127.0.0.1:8000/account/hosted-tea/confirm?token={token_in(mail)}"
        assert link in mail["text_body"]  # GATEWAY_PUBLIC_URL's default
        path = link.removeprefix("http://127.0.0.1:8000")
        shown = await browser.get(path)
        assert "Confirm your e-mail address" in shown.text
        confirmed = await submit(browser, path, f"{base(shop)}/confirm", {"token": token_in(mail)})
        assert confirmed.status_code == 303
        dashboard = await browser.get(confirmed.headers["location"])
        assert (
            "Hello Cas" in dashboard.text and "Your e-mail address is confirmed" in dashboard.text
        )


async def test_a_used_link_says_so(app: Any, pool: asyncpg.Pool, shop: CreatedShop) -> None:
    browser = await browser_for(app, None, shop)
    async with browser:
        page = f"{base(shop)}/confirm?token={'x' * 43}"
        response = await submit(browser, page, f"{base(shop)}/confirm", {"token": "x" * 43})
    assert response.status_code == 400
    assert "This link is not valid (any more)." in text_of(response)


async def test_confirm_page_applies_an_email_change(
    ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    profile = f"{base(shop)}/profile"
    asked = await submit(
        ann_browser,
        profile,
        profile,
        {"action": "email", "newEmail": "ann.new@example.com", "currentPassword": "tea for two!"},
    )
    assert asked.status_code == 303 and "email-change-sent" in asked.headers["location"]
    [mail] = await mails(pool, "ann.new@example.com")
    page = f"{base(shop)}/confirm?token={token_in(mail)}"
    assert "Confirm your new e-mail address" in (await ann_browser.get(page)).text
    done = await submit(ann_browser, page, f"{base(shop)}/confirm", {"token": token_in(mail)})
    assert done.status_code == 303
    email = await pool.fetchval("select email from contacts where id = $1", ann.id)
    assert email == "ann.new@example.com"


async def test_confirm_page_deletes_the_account_after_asking(
    ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    profile = f"{base(shop)}/profile"
    asked = await submit(ann_browser, profile, profile, {"action": "delete"})
    assert "deletion-mail-sent" in asked.headers["location"]
    [mail] = [m for m in await mails(pool, "ann@example.com") if "token=" in m["text_body"]]
    page = f"{base(shop)}/confirm?token={token_in(mail)}"
    shown = await ann_browser.get(page)
    assert "Delete your account?" in shown.text
    assert await pool.fetchval("select anonymised_at from contacts where id = $1", ann.id) is None
    done = await submit(ann_browser, page, f"{base(shop)}/confirm", {"token": token_in(mail)})
    assert done.status_code == 303 and "account-deleted" in done.headers["location"]
    assert await pool.fetchval("select anonymised_at from contacts where id = $1", ann.id)
    after = await ann_browser.get(f"{base(shop)}/")
    assert after.status_code == 303 and "/sign-in" in after.headers["location"]


async def test_reset_password_from_the_mailed_link(
    app: Any, pool: asyncpg.Pool, shop: CreatedShop, ann: Customer
) -> None:
    browser = await browser_for(app, None, shop)
    async with browser:
        page = f"{base(shop)}/reset-password"
        sent = await submit(browser, page, page, {"email": "ann@example.com"})
        assert "Check your e-mail" in sent.text
        [mail] = await mails(pool, "ann@example.com")
        link_page = f"{page}?token={token_in(mail)}"
        done = await submit(
            browser, link_page, page, {"token": token_in(mail), "password": "a brand new brew"}
        )
        assert done.status_code == 303
        assert (await browser.get(f"{base(shop)}/")).status_code == 200
        again = await submit(browser, f"{base(shop)}/", f"{base(shop)}/sign-out", {})
        assert again.status_code == 303
        signed_in = await submit(
            browser,
            f"{base(shop)}/sign-in",
            f"{base(shop)}/sign-in",
            {"email": "ann@example.com", "password": "a brand new brew"},
        )
        assert signed_in.status_code == 303


async def test_handles_are_unique_validated_and_changeable(
    app: Any,
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    other_shop: CreatedShop,
) -> None:
    twin = await create_shop(pool, "Test shop")
    assert (shop.handle, twin.handle) == ("test-shop", "test-shop-2")
    for bad, code in (
        ("Bad Handle!", "INVALID"),
        ("-dash", "INVALID"),
        ("x" * 41, "INVALID"),
        (other_shop.handle, "CONFLICT"),
    ):
        body = data(await admin(client, shop.admin_key, UPDATE, {"input": {"handle": bad}}))
        assert body["storefrontUpdate"]["errors"] == [{"code": code, "field": ["input", "handle"]}]
    body = data(
        await admin(
            client,
            shop.admin_key,
            UPDATE,
            {"input": {"handle": "Tea-Room", "accentColor": "#1A7F5A", "accountUrl": ""}},
        )
    )
    changed = body["storefrontUpdate"]["storefront"]
    assert changed["handle"] == "tea-room" and changed["accentColor"] == "#1a7f5a"
    assert changed["accountUrl"] == "http://127.0.0.1:8000/account/tea-room"
    for field, value in (
        ("accentColor", "green"),
        ("logoUrl", "javascript:alert(1)"),
        ("checkoutUrl", "https://shop.example/cart"),
    ):
        body = data(await admin(client, shop.admin_key, UPDATE, {"input": {field: value}}))
        assert body["storefrontUpdate"]["errors"] == [
            {"code": "INVALID", "field": ["input", field]}
        ]
    browser = await browser_for(app, None, shop)
    async with browser:
        page = await browser.get("/account/tea-room/sign-in")
        assert page.status_code == 200 and "#1a7f5a" in page.text
        assert (await browser.get("/account/test-shop/sign-in")).status_code == 404
        assert (await browser.get("/account/no-such-shop/")).status_code == 404
