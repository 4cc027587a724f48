"""requestPasswordReset / resetPassword / changePassword, and what they revoke."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    CHANGE,
    PASSWORD,
    REQUEST_LINK,
    REQUEST_RESET,
    RESET,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    login,
    register,
    viewer,
)
from tests.smtp import ReceivedMail, SmtpServer

NEW_PASSWORD = "a brand new passphrase"


async def _reset_token(
    client: httpx.AsyncClient, shop: CreatedShop, smtp: SmtpServer, email: str
) -> str:
    def resets() -> list[ReceivedMail]:
        return [m for m in smtp.to(email) if m.subject.startswith("Choose a new password")]

    before = len(resets())
    assert await call(client, shop, REQUEST_RESET, {"email": email}) == {"errors": []}
    await smtp.wait_for(lambda _: len(resets()) > before)
    return resets()[-1].token("reset-password")


async def test_reset_revokes_sessions_and_links_and_signs_in(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    email = "ann@example.com"
    old_session = await confirmed_customer(client, shop, smtp_server, email)
    await call(client, shop, REQUEST_LINK, {"email": email})
    link = (await smtp_server.mail_to(email, "sign-in link")).token("sign-in")
    first_reset = await _reset_token(client, shop, smtp_server, email)
    token = await _reset_token(client, shop, smtp_server, email)

    weak = await call(client, shop, RESET, {"token": token, "password": "short"})
    assert codes(weak) == ["PASSWORD_TOO_WEAK"]  # and the link is not burnt by it
    done = await call(client, shop, RESET, {"token": token, "password": NEW_PASSWORD})
    assert done["errors"] == []
    assert (await viewer(client, shop, done["session"]["token"]))["email"] == email

    assert await viewer(client, shop, old_session) is None
    assert codes(await call(client, shop, SIGN_IN_WITH_LINK, {"token": link})) == ["TOKEN_INVALID"]
    again = await call(
        client, shop, RESET, {"token": first_reset, "password": "another passphrase"}
    )
    assert codes(again) == ["TOKEN_INVALID"]
    assert codes(await login(client, shop, email)) == ["INVALID_CREDENTIALS"]
    assert (await login(client, shop, email, NEW_PASSWORD))["errors"] == []
    notice = await smtp_server.mail_to(email, "was changed")
    assert notice.links == []


async def test_reset_confirms_the_address_single_use_under_concurrency(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    await register(client, shop, "bo@example.com")
    token = await _reset_token(client, shop, smtp_server, "bo@example.com")
    results = await asyncio.gather(
        *(call(client, shop, RESET, {"token": token, "password": NEW_PASSWORD}) for _ in range(8))
    )
    winners = [r for r in results if not r["errors"]]
    assert len(winners) == 1
    assert winners[0]["contact"]["emailConfirmed"] is True
    assert await pool.fetchval("select count(*) from sessions where revoked_at is null") == 1


async def test_reset_answers_alike_for_unknown_addresses(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    assert await call(client, shop, REQUEST_RESET, {"email": "nobody@example.com"}) == {
        "errors": []
    }
    assert await pool.fetchval("select count(*) from mail_outbox") == 0
    bogus = await call(client, shop, RESET, {"token": "x" * 43, "password": NEW_PASSWORD})
    assert codes(bogus) == ["TOKEN_INVALID"]


async def test_change_password_keeps_this_session_only(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    email = "cy@example.com"
    here = await confirmed_customer(client, shop, smtp_server, email)
    elsewhere = (await login(client, shop, email))["session"]["token"]
    await call(client, shop, REQUEST_LINK, {"email": email})
    link = (await smtp_server.mail_to(email, "sign-in link")).token("sign-in")

    wrong = await call(client, shop, CHANGE, {"current": "wrong!", "new": NEW_PASSWORD}, here)
    assert codes(wrong) == ["INVALID_CREDENTIALS"]
    assert wrong["errors"][0]["field"] == ["currentPassword"]
    weak = await call(client, shop, CHANGE, {"current": PASSWORD, "new": "123456789"}, here)
    assert codes(weak) == ["PASSWORD_TOO_WEAK"]

    done = await call(client, shop, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, here)
    assert done["errors"] == []
    assert (await viewer(client, shop, here))["email"] == email
    assert await viewer(client, shop, elsewhere) is None
    assert codes(await call(client, shop, SIGN_IN_WITH_LINK, {"token": link})) == ["TOKEN_INVALID"]
    assert (await login(client, shop, email, NEW_PASSWORD))["errors"] == []
    await smtp_server.mail_to(email, "was changed")


async def test_change_password_needs_a_session(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    from tests.gql import storefront

    body = await storefront(
        client, shop.storefront_key, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
