"""Sessions: logout, viewer.sessions, signing out elsewhere, sliding expiry."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import LOGOUT, call, codes, confirmed_customer, login, viewer
from tests.gql import storefront
from tests.smtp import SmtpServer

SESSIONS = "{ viewer { sessions { id current userAgent createdAt lastUsedAt expiresAt } } }"
ELSEWHERE = "mutation { signOutEverywhereElse { revokedCount errors { code } } }"
REVOKE = "mutation R($id: ID!) { sessionRevoke(id: $id) { revokedCount errors { code } } }"


async def test_logout_revokes_only_the_current_session(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    first = await confirmed_customer(client, shop, smtp_server, "ann@example.com")
    second = (await login(client, shop, "ann@example.com"))["session"]["token"]
    assert await call(client, shop, LOGOUT, token=first) == {"errors": []}
    assert await viewer(client, shop, first) is None
    assert (await viewer(client, shop, second))["email"] == "ann@example.com"
    assert await call(client, shop, LOGOUT) == {"errors": []}  # signed out already: fine


async def test_viewer_sessions_and_signing_out_elsewhere(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    phone = await confirmed_customer(client, shop, smtp_server, "bo@example.com")
    laptop = (
        await login(client, shop, "bo@example.com", headers={"User-Agent": "Laptop browser"})
    )["session"]["token"]
    tablet = (await login(client, shop, "bo@example.com"))["session"]["token"]

    listed = (await call(client, shop, SESSIONS, token=laptop))["sessions"]
    assert len(listed) == 3
    assert [s["userAgent"] for s in listed if s["current"]] == ["Laptop browser"]

    tablet_id = next(
        s["id"]
        for s in (await call(client, shop, SESSIONS, token=tablet))["sessions"]
        if s["current"]
    )
    assert (await call(client, shop, REVOKE, {"id": tablet_id}, token=laptop))["revokedCount"] == 1
    assert await viewer(client, shop, tablet) is None
    missing = await call(client, shop, REVOKE, {"id": tablet_id}, token=laptop)
    assert codes(missing) == ["NOT_FOUND"]

    out = await call(client, shop, ELSEWHERE, token=laptop)
    assert out == {"revokedCount": 1, "errors": []}
    assert await viewer(client, shop, phone) is None
    assert (await viewer(client, shop, laptop))["email"] == "bo@example.com"
    assert len((await call(client, shop, SESSIONS, token=laptop))["sessions"]) == 1


async def test_another_contacts_session_cannot_be_revoked(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    mine = await confirmed_customer(client, shop, smtp_server, "cy@example.com")
    theirs = await confirmed_customer(client, shop, smtp_server, "dee@example.com")
    their_id = await pool.fetchval(
        """select s.id from sessions s join contacts c on c.id = s.contact_id
           where c.email = 'dee@example.com'"""
    )
    assert codes(await call(client, shop, REVOKE, {"id": str(their_id)}, token=mine)) == [
        "NOT_FOUND"
    ]
    assert (await viewer(client, shop, theirs))["email"] == "dee@example.com"


async def test_signing_out_elsewhere_needs_a_session(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, ELSEWHERE)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sessions_slide_and_expire(
    app: Any,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    smtp_server: SmtpServer,
    pool: asyncpg.Pool,
) -> None:
    token = await confirmed_customer(client, shop, smtp_server, "eve@example.com")
    await pool.execute(
        """update sessions set last_used_at = now() - interval '1 day',
               expires_at = now() + interval '29 days'"""
    )
    assert (await viewer(client, shop, token))["email"] == "eve@example.com"
    assert await app.state.services.session_touches.flush() == 1  # written off the request
    days_left = await pool.fetchval(
        "select extract(epoch from expires_at - now()) / 86400 from sessions"
    )
    assert 29.9 < float(days_left) <= 30
    await pool.execute("update sessions set expires_at = now() - interval '1 second'")
    assert await viewer(client, shop, token) is None
