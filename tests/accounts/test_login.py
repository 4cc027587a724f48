"""login: confirm before sign-in, alike failures, guests, rehash, shops, cookies."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
from argon2 import PasswordHasher

from gateway.tenancy.shops import CreatedShop
from gateway.web.clients import SESSION_COOKIE
from tests.accounts.flows import (
    CONFIRM,
    LOGIN,
    LOGOUT,
    PASSWORD,
    call,
    codes,
    confirmed_customer,
    login,
    register,
    viewer,
)
from tests.smtp import SmtpServer


async def test_confirm_before_login(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await register(client, shop, "ann@example.com")
    wrong = await login(client, shop, "ann@example.com", "not the password")
    assert codes(wrong) == ["INVALID_CREDENTIALS"]  # unconfirmed is told only after the password
    unconfirmed = await login(client, shop, "ann@example.com")
    assert codes(unconfirmed) == ["EMAIL_NOT_CONFIRMED"]
    assert unconfirmed["session"] is None

    mail = await smtp_server.mail_to("ann@example.com")
    confirmed = await call(client, shop, CONFIRM, {"token": mail.token("confirm")})
    assert confirmed["errors"] == []
    assert confirmed["contact"]["emailConfirmed"] is True
    assert (await viewer(client, shop, confirmed["session"]["token"]))["email"] == (
        "ann@example.com"
    )

    signed_in = await login(client, shop, "ANN@example.com")
    assert signed_in["errors"] == []
    assert (await viewer(client, shop, signed_in["session"]["token"]))["emailConfirmed"] is True


async def test_unknown_address_and_wrong_password_answer_alike_and_cost_a_verify(
    app: Any,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await confirmed_customer(client, shop, smtp_server, "bob@example.com")
    passwords = app.state.services.passwords
    verified: list[str | None] = []
    real_check = passwords.check

    async def spy(stored_hash: str | None, password: str) -> Any:
        verified.append(stored_hash)
        return await real_check(stored_hash, password)

    monkeypatch.setattr(passwords, "check", spy)
    wrong = await login(client, shop, "bob@example.com", "wrong password here")
    unknown = await login(client, shop, "nobody@example.com", "wrong password here")
    malformed = await login(client, shop, "not an address", "wrong password here")
    assert wrong == unknown == malformed
    assert wrong["errors"] == [
        {
            "code": "INVALID_CREDENTIALS",
            "field": None,
            "message": "The e-mail address or password is not right.",
        }
    ]
    assert len(verified) == 3
    assert verified[0] is not None and verified[1] is None and verified[2] is None


async def test_guests_can_never_sign_in(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await pool.execute(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'guest@example.com', 'Guest', true, now())""",
        shop.shop_id,
    )
    assert codes(await login(client, shop, "guest@example.com", "")) == ["INVALID_CREDENTIALS"]
    assert codes(await login(client, shop, "guest@example.com")) == ["INVALID_CREDENTIALS"]


async def test_rehash_on_login_when_parameters_change(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "cas@example.com")
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(PASSWORD)
    await pool.execute("update contacts set password_hash = $1", old)
    assert (await login(client, shop, "cas@example.com"))["errors"] == []
    stored = await pool.fetchval("select password_hash from contacts")
    assert stored != old
    assert "m=1024,t=1,p=1" in stored
    assert PasswordHasher().verify(stored, PASSWORD)
    assert (await login(client, shop, "cas@example.com"))["errors"] == []


async def test_a_session_of_one_shop_means_nothing_in_another(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    token = await confirmed_customer(client, shop, smtp_server, "dee@example.com")
    assert (await viewer(client, shop, token))["email"] == "dee@example.com"
    assert await viewer(client, other_shop, token) is None
    assert codes(await login(client, other_shop, "dee@example.com")) == ["INVALID_CREDENTIALS"]


async def test_session_cookie_on_request(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "fay@example.com")
    response = await client.post(
        "/graphql",
        json={
            "query": LOGIN,
            "variables": {"email": "fay@example.com", "password": PASSWORD, "cookie": True},
        },
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    token = response.json()["data"]["login"]["session"]["token"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}={token};")
    lowered = cookie.lower()
    assert "httponly" in lowered and "samesite=lax" in lowered and "path=/" in lowered
    assert "secure" not in lowered  # the test settings turn cookie_secure off

    # The cookie alone signs the browser in; logout revokes the session and clears it.
    client.cookies.set(SESSION_COOKIE, token)
    headers = {"X-Storefront-Key": shop.storefront_key}
    me = await client.post("/graphql", json={"query": "{ viewer { email } }"}, headers=headers)
    assert me.json()["data"]["viewer"]["email"] == "fay@example.com"
    out = await client.post("/graphql", json={"query": LOGOUT}, headers=headers)
    assert out.json()["data"]["logout"]["errors"] == []
    assert (
        f'{SESSION_COOKIE}="";' in out.headers["set-cookie"]
        or "Max-Age=0" in (out.headers["set-cookie"])
    )
    client.cookies.clear()
    assert await viewer(client, shop, token) is None

    plain = await login(client, shop, "fay@example.com")
    assert plain["errors"] == []


async def test_secure_cookie_by_default(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    from gateway.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(cookie_secure=True), pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            await pool.execute(
                """insert into contacts (shop_id, email, full_name, is_guest, password_hash,
                                         email_confirmed_at)
                   values ($1, 'sec@example.com', 'S', false, $2, now())""",
                shop.shop_id,
                PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD),
            )
            response = await c.post(
                "/graphql",
                json={
                    "query": LOGIN,
                    "variables": {"email": "sec@example.com", "password": PASSWORD, "cookie": True},
                },
                headers={"X-Storefront-Key": shop.storefront_key},
            )
    assert response.json()["data"]["login"]["errors"] == []
    assert "; secure" in response.headers["set-cookie"].lower()


async def test_login_method_switched_off(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    from tests.gql import admin

    await confirmed_customer(client, shop, smtp_server, "gus@example.com")
    body = await admin(
        client,
        shop.admin_key,
        "mutation { storefrontUpdate(input: {loginMethods: [SIGN_IN_LINK]}) { errors { code } } }",
    )
    assert body["data"]["storefrontUpdate"]["errors"] == []
    assert codes(await login(client, shop, "gus@example.com")) == ["NOT_ALLOWED"]
