"""The API's session cookie: `__Host-` on https, the plain name on http; cross-site requests
carrying a cookie session are refused (Sec-Fetch-Site, Origin); bearer tokens are unaffected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop
from gateway.web.cookies import HOST_SESSION_COOKIE, SESSION_COOKIE
from tests.gql import admin
from tests.under_fire.conftest import LOGIN, PASSWORD, create_customer

VIEWER = {"query": "{ viewer { email } }"}
SET_ORIGINS = """mutation O($o: [String!]!) {
  storefrontUpdate(input: { corsOrigins: $o }) { errors { code } }
}"""


@pytest.fixture
async def https_client(pool: asyncpg.Pool, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app as a browser on https reaches it, with Secure cookies (production's default)."""
    app = create_app(replace(settings, cookie_secure=True), pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="https://gw.example") as c:
            yield c


async def cookie_login(client: httpx.AsyncClient, shop: CreatedShop, email: str) -> httpx.Response:
    await create_customer(client, shop, email)
    answer = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD, "cookie": True}},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert answer.json()["data"]["login"]["errors"] == [], answer.text
    return answer


async def viewer_with(
    client: httpx.AsyncClient, shop: CreatedShop, **headers: str
) -> httpx.Response:
    return await client.post(
        "/graphql", json=VIEWER, headers={"X-Storefront-Key": shop.storefront_key, **headers}
    )


async def test_https_sets_and_reads_only_the_host_prefixed_cookie(
    https_client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    answer = await cookie_login(https_client, shop, "ann@example.test")
    token = answer.json()["data"]["login"]["session"]["token"]
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{HOST_SESSION_COOKIE}={token};")
    lowered = cookie.lower()
    assert "; secure" in lowered and "path=/" in lowered and "httponly" in lowered
    assert "domain=" not in lowered  # __Host- forbids it
    https_client.cookies.clear()

    signed_in = await viewer_with(https_client, shop, Cookie=f"{HOST_SESSION_COOKIE}={token}")
    assert signed_in.json()["data"]["viewer"] == {"email": "ann@example.test"}
    # A plain-named cookie on https may come from a sibling subdomain: not read.
    planted = await viewer_with(https_client, shop, Cookie=f"{SESSION_COOKIE}={token}")
    assert planted.json()["data"]["viewer"] is None


async def test_plain_http_uses_the_plain_name(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    answer = await cookie_login(client, shop, "bo@example.test")
    assert answer.headers["set-cookie"].startswith(f"{SESSION_COOKIE}=")
    assert HOST_SESSION_COOKIE not in answer.headers["set-cookie"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://shop.example"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://evil.example"},
    ],
)
async def test_a_cross_site_cookie_session_is_refused(
    https_client: httpx.AsyncClient, shop: CreatedShop, headers: dict[str, str]
) -> None:
    await admin(https_client, shop.admin_key, SET_ORIGINS, {"o": ["https://shop.example"]})
    token = (await cookie_login(https_client, shop, "cy@example.test")).json()["data"]["login"]
    token = token["session"]["token"]
    https_client.cookies.clear()
    cookie = {"Cookie": f"{HOST_SESSION_COOKIE}={token}"}

    refused = await viewer_with(https_client, shop, **cookie, **headers)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused.headers["x-request-id"]

    # The same request with the session as a bearer token is answered.
    bearer = await viewer_with(https_client, shop, Authorization=f"Bearer {token}", **headers)
    assert bearer.status_code == 200
    assert bearer.json()["data"]["viewer"] == {"email": "cy@example.test"}
    # And without any session, it is an anonymous request like any other.
    anonymous = await viewer_with(https_client, shop, **headers)
    assert anonymous.status_code == 200 and anonymous.json()["data"]["viewer"] is None


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a server-side client: no browser headers
        {"Sec-Fetch-Site": "same-origin", "Origin": "https://gw.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://shop.example"},
        {"Sec-Fetch-Site": "none"},
    ],
)
async def test_a_same_site_or_allowed_cookie_session_is_answered(
    https_client: httpx.AsyncClient, shop: CreatedShop, headers: dict[str, str]
) -> None:
    await admin(https_client, shop.admin_key, SET_ORIGINS, {"o": ["https://shop.example"]})
    token = (await cookie_login(https_client, shop, "di@example.test")).json()["data"]["login"]
    https_client.cookies.clear()
    cookie = {"Cookie": f"{HOST_SESSION_COOKIE}={token['session']['token']}"}
    answer = await viewer_with(https_client, shop, **cookie, **headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["viewer"] == {"email": "di@example.test"}


async def test_behind_a_tls_proxy_the_gateways_own_origin_is_its_own(
    pool: asyncpg.Pool, settings: Settings, shop: CreatedShop
) -> None:
    """The app sees http from a TLS proxy; the browser's Origin says https (found by QA: the
    gateway's own GraphiQL and pages were refused a cookie session behind TLS)."""
    behind = replace(settings, cookie_secure=True, public_url="https://gw.example")
    app = create_app(behind, pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gw.example") as c:
            token = (await cookie_login(c, shop, "el@example.test")).json()["data"]["login"]
            c.cookies.clear()
            cookie = {"Cookie": f"{HOST_SESSION_COOKIE}={token['session']['token']}"}
            own = await viewer_with(c, shop, Origin="https://gw.example", **cookie)
            assert own.status_code == 200, own.text
            assert own.json()["data"]["viewer"] == {"email": "el@example.test"}
            foreign = await viewer_with(c, shop, Origin="https://evil.example", **cookie)
            assert foreign.status_code == 403
