"""Language choice, the strings of both languages, redirects kept at home, and no bad input
answering with a server error."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data
from tests.my_account.factories import Customer
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import csrf_of, submit, text_of


def test_every_string_exists_in_both_languages() -> None:
    folder = resources.files("pages") / "locale"
    en = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    nl = json.loads((folder / "nl.json").read_text(encoding="utf-8"))
    assert set(en) == set(nl)
    assert [k for k in en if en[k] == nl[k] and len(en[k]) > 12] == []  # really translated


async def test_language_follows_storefront_then_contact_then_the_switch(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop, ann: Customer, pool: asyncpg.Pool
) -> None:
    body = await admin(
        client,
        shop.admin_key,
        """mutation { storefrontUpdate(input:
        {defaultLocale: "nl"}) { errors { code } } }""",
    )
    assert data(body)["storefrontUpdate"]["errors"] == []
    anonymous = await browser_for(app, None, shop)
    async with anonymous:
        assert "Inloggen" in text_of(await anonymous.get(f"{base(shop)}/sign-in"))
    browser = await browser_for(app, ann, shop)  # Ann's locale is en
    async with browser:
        assert "Hello Ann" in (await browser.get(f"{base(shop)}/")).text
        switched = await browser.get(f"{base(shop)}/orders?lang=nl")
        assert (
            switched.status_code == 303 and switched.headers["location"] == f"{base(shop)}/orders"
        )
        assert "Bestellingen" in text_of(await browser.get(f"{base(shop)}/orders"))
        saved = await submit(
            browser,
            f"{base(shop)}/profile",
            f"{base(shop)}/profile",
            {
                "action": "details",
                "fullName": "Ann Example",
                "locale": "en",
                "phone": "",
                "vatNumber": "",
            },
        )
        assert saved.status_code == 303
        assert "Your details are saved." in text_of(await browser.get(saved.headers["location"]))
    assert await pool.fetchval("select locale from contacts where id = $1", ann.id) == "en"


async def test_dutch_errors_are_dutch(app: Any, shop: CreatedShop, ann: Customer) -> None:
    browser = await browser_for(app, None, shop)
    async with browser:
        await browser.get(f"{base(shop)}/sign-in?lang=nl")
        page = f"{base(shop)}/sign-in"
        failed = await submit(browser, page, page, {"email": "ann@example.com", "password": "nope"})
    assert failed.status_code == 400
    assert "Het e-mailadres of wachtwoord klopt niet." in text_of(failed)


@pytest.mark.parametrize(
    "wanted",
    ["https://evil.example/", "//evil.example/x", "/elsewhere", "/account/test-shop/../../admin"],
)
async def test_sign_in_never_sends_the_browser_elsewhere(
    app: Any, shop: CreatedShop, ann: Customer, wanted: str
) -> None:
    browser = await browser_for(app, None, shop)
    async with browser:
        page = f"{base(shop)}/sign-in"
        response = await submit(
            browser,
            page,
            page,
            {"email": "ann@example.com", "password": "tea for two!", "next": wanted},
        )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"{base(shop)}/?")


async def test_sign_in_returns_to_the_page_asked_for(app: Any, shop: CreatedShop, ann: Customer):
    browser = await browser_for(app, None, shop)
    async with browser:
        asked = await browser.get(f"{base(shop)}/favourites")
        assert asked.status_code == 303
        sign_in = asked.headers["location"]
        assert sign_in == f"{base(shop)}/sign-in?next=%2Faccount%2F{shop.handle}%2Ffavourites"
        form = await browser.get(sign_in)
        response = await browser.post(
            sign_in,
            data={
                "csrf": csrf_of(form.text),
                "email": "ann@example.com",
                "password": "tea for two!",
                "next": f"{base(shop)}/favourites",
            },
            headers={"origin": "http://gateway.test"},
        )
    assert response.headers["location"].startswith(f"{base(shop)}/favourites?")


SIGNED_IN_PATHS = [
    "",
    "orders",
    "orders/1001",
    "orders/1001/again",
    "orders/x/invoices/y",
    "addresses",
    "addresses/not-an-id",
    "profile",
    "profile/sessions",
    "profile/export",
    "favourites",
    "organisation",
]
PUBLIC_PATHS = [
    "sign-in",
    "sign-up",
    "confirm",
    "reset-password",
    "sign-out",
    "accept-invitation",
    "order-status",
    "shared-favourites",
]
JUNK = {
    "action": "\x00☃" * 50,
    "email": "not an address",
    "password": "",
    "token": "t" * 300,
    "id": "'; drop table contacts; --",
    "sku": "x" * 500,
    "country": "ZZZ",
    "role": "KING",
    "memberId": "nope",
    "organisationId": "nope",
    "locale": "xx",
    "next": "javascript:1",
    "newEmail": "@",
    "currentPassword": "x",
    "newPassword": "x",
    "fullName": "",
    "name": "",
    "street": "",
    "postalCode": "?",
    "city": "",
    "vatNumber": "NL1",
}


async def test_no_page_answers_a_server_error_to_junk(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    form = csrf_of((await ann_browser.get(f"{base(shop)}/profile")).text)
    for path in SIGNED_IN_PATHS + PUBLIC_PATHS:
        url = f"{base(shop)}/{path}"
        for query in ("", "?token=" + "z" * 60, "?after=%FF%FE", "?token=&lang=xx"):
            got = await ann_browser.get(url + query)
            assert got.status_code < 500, (url + query, got.status_code)
        for action in (
            "",
            *sorted(
                {
                    "details",
                    "email",
                    "password",
                    "delete",
                    "remove",
                    "share",
                    "unshare",
                    "switch",
                    "invite",
                    "role",
                    "link",
                    "resend",
                    "others",
                    "save",
                    "SHIPPING",
                }
            ),
        ):
            posted = await ann_browser.post(
                url,
                data={**JUNK, "action": action, "csrf": form},
                headers={"origin": "http://gateway.test"},
            )
            assert posted.status_code < 500, (url, action, posted.status_code)
    raw = await ann_browser.post(
        f"{base(shop)}/profile",
        content=b"\xff\xfe",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "origin": "http://gateway.test",
        },
    )
    assert raw.status_code == 403
