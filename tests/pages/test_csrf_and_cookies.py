"""Every form needs its token and our own origin; session cookies are HttpOnly, SameSite=Lax and,
on https, Secure with the __Host- prefix."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.my_account.factories import Customer
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import cookies_set, csrf_of, session_cookie_header, submit

ADDRESS = {
    "name": "Ann",
    "street": "Dorpsstraat 5",
    "postalCode": "3511 AB",
    "city": "Utrecht",
    "country": "NL",
}


async def _addresses(pool: asyncpg.Pool, who: Customer) -> int:
    return await pool.fetchval("select count(*) from addresses where contact_id = $1", who.id)


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, {}),  # no token at all
        ("forged-token-forged-token-forged-token-xx", {}),  # a token of someone's making
        ("GOOD", {"origin": "https://evil.example"}),  # a page on another site posts
        ("GOOD", {"sec-fetch-site": "cross-site"}),  # the browser says so
        ("GOOD", {"origin": "null"}),  # sandboxed or privacy-stripped origin
    ],
)
async def test_forms_refuse_posts_without_token_or_from_elsewhere(
    ann_browser: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    ann: Customer,
    token: str | None,
    headers: dict[str, str],
) -> None:
    page = await ann_browser.get(f"{base(shop)}/addresses")
    fields = dict(ADDRESS)
    if token is not None:
        fields["csrf"] = csrf_of(page.text) if token == "GOOD" else token
    sent = {"origin": "http://gateway.test", **headers}
    response = await ann_browser.post(f"{base(shop)}/addresses", data=fields, headers=sent)
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert await _addresses(pool, ann) == 0


async def test_the_same_form_with_its_token_from_our_origin_goes_through(
    ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    page = f"{base(shop)}/addresses"
    response = await submit(ann_browser, page, page, ADDRESS, **{"sec-fetch-site": "same-origin"})
    assert response.status_code == 303
    assert await _addresses(pool, ann) == 1


async def test_a_token_from_one_browser_does_not_work_in_another(
    app: Any, ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    """Tokens are bound to the browser's own CSRF cookie (an attacker's token is useless)."""
    attacker = await browser_for(app, None, shop)
    async with attacker:
        stolen = csrf_of((await attacker.get(f"{base(shop)}/sign-in")).text)
    await ann_browser.get(f"{base(shop)}/addresses")  # Ann's own CSRF cookie
    response = await ann_browser.post(
        f"{base(shop)}/addresses",
        data={**ADDRESS, "csrf": stolen},
        headers={"origin": "http://gateway.test"},
    )
    assert response.status_code == 403
    assert await _addresses(pool, ann) == 0


async def test_sign_in_over_http_sets_an_httponly_lax_cookie(
    app: Any, ann: Customer, shop: CreatedShop
) -> None:
    browser = await browser_for(app, None, shop)
    async with browser:
        page = f"{base(shop)}/sign-in"
        response = await submit(
            browser, page, page, {"email": "ann@example.com", "password": "tea for two!"}
        )
    assert response.status_code == 303
    cookie = session_cookie_header(response, f"account-{shop.handle}").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http (development): a Secure cookie would be dropped


async def test_on_https_the_cookies_are_secure_host_cookies(
    app: Any, ann: Customer, shop: CreatedShop
) -> None:
    browser = await browser_for(app, None, shop, https=True)
    async with browser:
        page = f"{base(shop)}/sign-in"
        first = await browser.get(page)
        csrf = [c for c in cookies_set(first) if c.startswith("__Host-account-csrf=")]
        assert csrf, cookies_set(first)
        response = await browser.post(
            page,
            data={
                "csrf": csrf_of(first.text),
                "email": "ann@example.com",
                "password": "tea for two!",
            },
            headers={"origin": "https://gateway.test"},
        )
        assert response.status_code == 303
        session = session_cookie_header(response, f"__Host-account-{shop.handle}").lower()
        dashboard = await browser.get(f"{base(shop)}/")
    for cookie in (csrf[0].lower(), session):
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert "path=/" in cookie and "domain=" not in cookie
    assert dashboard.status_code == 200 and "Hello Ann" in dashboard.text


async def test_pages_send_protective_headers(ann_browser: httpx.AsyncClient, shop: CreatedShop):
    response = await ann_browser.get(f"{base(shop)}/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_sign_out_needs_a_post_with_token(
    ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    """A link or image elsewhere cannot sign the customer out; the form does."""
    await ann_browser.get(f"{base(shop)}/sign-out")
    assert (await ann_browser.get(f"{base(shop)}/")).status_code == 200
    page = f"{base(shop)}/"
    response = await submit(ann_browser, page, f"{base(shop)}/sign-out", {})
    assert response.status_code == 303
    ended = await pool.fetchval(
        "select count(*) from sessions where contact_id = $1 and revoked_at is not null", ann.id
    )
    assert ended == 1
    after = await ann_browser.get(f"{base(shop)}/")
    assert after.status_code == 303 and "/sign-in" in after.headers["location"]
