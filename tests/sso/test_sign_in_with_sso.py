"""signInWithSso: a token signed by the merchant's own site signs in; everything else is refused."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.config import Settings
from gateway.db.contact_writes import NewContact, insert_contact
from gateway.keyring import server_key
from gateway.tenancy.shops import CreatedShop, create_shop
from tests.accounts.flows import AUTH_FIELDS, LOGIN, PASSWORD, call, codes, register, viewer
from tests.gql import admin, data, storefront
from tests.sso.merchant import sign, sso_token

SSO = f"""mutation Sso($token: String!) {{ signInWithSso(token: $token) {{ {AUTH_FIELDS} }} }}"""
ROTATE = """mutation { storefrontSsoSecretRotate { ssoSecret errors { code message } } }"""


@pytest.fixture
async def sso_shop(pool: asyncpg.Pool, settings: Settings) -> CreatedShop:
    return await create_shop(
        pool, "SSO shop", "https://sso.example/account", "EUR", server_key(settings)
    )


async def sso(client: httpx.AsyncClient, shop: CreatedShop, token: str) -> dict[str, Any]:
    return await call(client, shop, SSO, {"token": token})


async def test_a_token_from_the_merchant_site_makes_a_confirmed_contact_and_signs_in(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    assert sso_shop.sso_secret is not None
    signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "Ann@Example.com"))
    assert signed["errors"] == []
    assert signed["contact"]["email"] == "Ann@example.com"
    assert signed["contact"]["emailConfirmed"] is True
    seen = await call(
        client, sso_shop, "{ viewer { email fullName isGuest } }", token=signed["session"]["token"]
    )
    assert seen == {"email": "Ann@example.com", "fullName": "Ann Example", "isGuest": False}
    again = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "ann@EXAMPLE.com"))
    assert again["contact"]["id"] == signed["contact"]["id"]


async def test_an_existing_account_signs_in_and_becomes_confirmed(
    client: httpx.AsyncClient, sso_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    made = await register(client, sso_shop, "bob@example.com")
    assert made["errors"] == [] and made["contact"]["emailConfirmed"] is False
    signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "bob@example.com", "X Y"))
    assert signed["errors"] == []
    assert signed["contact"]["id"] == made["contact"]["id"]
    assert signed["contact"]["emailConfirmed"] is True
    # The name the account has is kept.
    name = await pool.fetchval(
        "select full_name from contacts where id = $1::uuid", made["contact"]["id"]
    )
    assert name == "Ann Example"  # what register() signed up with, not the token's "X Y"
    # The address was unproven until now: a password set before may be a stranger's
    # (account pre-hijacking, gateway/accounts/proof.py), so it is dropped.
    answer = await call(client, sso_shop, LOGIN, {"email": "bob@example.com", "password": PASSWORD})
    assert codes(answer) == ["INVALID_CREDENTIALS"]


async def test_a_confirmed_account_keeps_its_password(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    query = """mutation($input: ContactCreateInput!) {
      contactCreate(input: $input) { contact { id } errors { code } } }"""
    variables = {
        "input": {
            "email": "cora@example.com",
            "fullName": "Cora",
            "password": PASSWORD,
            "emailConfirmed": True,
        }
    }
    made = data(await admin(client, sso_shop.admin_key, query, variables))["contactCreate"]
    assert made["errors"] == []
    signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "cora@example.com"))
    assert signed["contact"]["id"] == made["contact"]["id"]
    answer = await call(
        client, sso_shop, LOGIN, {"email": "cora@example.com", "password": PASSWORD}
    )
    assert answer["errors"] == []


async def test_a_guest_address_becomes_registered(
    client: httpx.AsyncClient, sso_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    async with pool.acquire() as conn:
        guest = await insert_contact(
            conn,
            sso_shop.shop_id,
            NewContact("guest@example.com", "Gus", is_guest=True, locale="en"),
        )
    assert guest is not None
    signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "guest@example.com", None))
    assert signed["errors"] == []
    assert signed["contact"]["id"] != str(guest.id)
    rows = await pool.fetch(
        "select is_guest, email_confirmed_at is not null as confirmed from contacts "
        "where shop_id = $1 order by is_guest",
        sso_shop.shop_id,
    )
    assert [(r["is_guest"], r["confirmed"]) for r in rows] == [(False, True), (True, False)]


async def test_refused_tokens_answer_token_invalid(
    client: httpx.AsyncClient, sso_shop: CreatedShop, pool: asyncpg.Pool, settings: Settings
) -> None:
    secret = sso_shop.sso_secret
    assert secret is not None
    other = await create_shop(
        pool, "Other", "https://o.example/account", "EUR", server_key(settings)
    )
    assert other.sso_secret is not None and other.sso_secret != secret
    now = int(time.time())
    used = sso_token(secret, "used@example.com")
    assert (await sso(client, sso_shop, used))["errors"] == []
    refused = {
        "wrong secret": sso_token("ssos_" + "x" * 43, "a@example.com"),
        "another storefront's secret": sso_token(other.sso_secret, "a@example.com"),
        "expired": sso_token(secret, "a@example.com", iat=now - 400, exp=now - 100),
        "lives longer than 10 minutes": sso_token(secret, "a@example.com", iat=now, exp=now + 601),
        "issued in the future": sso_token(secret, "a@example.com", iat=now + 120, exp=now + 300),
        "replayed": used,
        "no jti": sso_token(secret, "a@example.com", jti=None),
        "no email": sso_token(secret, "", email=None),
        "no exp": sso_token(secret, "a@example.com", exp=None),
        "alg none": sign(
            {"email": "a@example.com", "iat": now, "exp": now + 60, "jti": "n"}, secret, "none"
        ),
        "tampered": sso_token(secret, "a@example.com")[:-3] + "AAA",
        "not a JWT": "hello",
        "empty": "",
    }
    for why, token in refused.items():
        answer = await sso(client, sso_shop, token)
        assert codes(answer) == ["TOKEN_INVALID"], why
        assert answer["session"] is None, why
    assert await pool.fetchval("select count(*) from sessions") == 1
    assert await pool.fetchval("select count(*) from contacts where email = 'a@example.com'") == 0


async def test_clock_skew_of_up_to_a_minute_is_tolerated(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    now = int(time.time())
    late = sso_token(sso_shop.sso_secret, "late@example.com", iat=now - 330, exp=now - 30)
    early = sso_token(sso_shop.sso_secret, "early@example.com", iat=now + 30, exp=now + 300)
    assert (await sso(client, sso_shop, late))["errors"] == []
    assert (await sso(client, sso_shop, early))["errors"] == []


async def test_a_bad_address_in_a_good_token_is_email_invalid(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    answer = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "not an address"))
    assert answer["errors"][0]["code"] == "EMAIL_INVALID"
    assert answer["errors"][0]["field"] == ["token", "email"]


async def test_without_sso_in_login_methods_it_is_not_allowed(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    seen = await call(client, sso_shop, "{ storefront { loginMethods } }")
    assert "SSO" in seen["loginMethods"]
    changed = await admin(
        client,
        sso_shop.admin_key,
        "mutation { storefrontUpdate(input: {loginMethods: [PASSWORD]}) { errors { code } } }",
    )
    assert data(changed)["storefrontUpdate"]["errors"] == []
    answer = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "c@example.com"))
    assert codes(answer) == ["NOT_ALLOWED"]


async def test_rotating_the_secret_retires_the_old_one_at_once(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    rotated = data(await admin(client, sso_shop.admin_key, ROTATE))["storefrontSsoSecretRotate"]
    assert rotated["errors"] == []
    new_secret = rotated["ssoSecret"]
    assert new_secret.startswith("ssos_") and new_secret != sso_shop.sso_secret
    assert codes(await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "d@example.com"))) == [
        "TOKEN_INVALID"
    ]
    assert (await sso(client, sso_shop, sso_token(new_secret, "d@example.com")))["errors"] == []


async def test_the_database_alone_cannot_mint_tokens(
    sso_shop: CreatedShop, pool: asyncpg.Pool, settings: Settings
) -> None:
    """Nothing stored equals the secret or signs like it: the server key is outside."""
    assert sso_shop.sso_secret is not None
    rows = []
    for table in ("storefronts", "gateway_secrets", "shops", "admin_keys"):
        rows += await pool.fetch(f"select * from {table}")  # noqa: S608 - fixed names
    dump = " ".join(str(dict(r)) for r in rows)
    assert sso_shop.sso_secret not in dump
    assert sso_shop.sso_secret[5:] not in dump
    assert settings.secret_key is not None and settings.secret_key not in dump


async def test_one_token_used_concurrently_signs_in_once(
    client: httpx.AsyncClient, sso_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    token = sso_token(sso_shop.sso_secret, "race@example.com")
    answers = await asyncio.gather(*(sso(client, sso_shop, token) for _ in range(12)))
    assert sum(1 for a in answers if a["errors"] == []) == 1
    assert sorted({c for a in answers for c in codes(a)}) == ["TOKEN_INVALID"]
    assert await pool.fetchval("select count(*) from sessions") == 1
    assert await pool.fetchval("select count(*) from contacts") == 1


async def test_two_sign_ins_in_one_request_are_refused(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    token = sso_token(sso_shop.sso_secret, "two@example.com")
    query = f"""mutation {{ a: signInWithSso(token: "{token}") {{ errors {{ code }} }}
        b: login(email: "two@example.com", password: "x") {{ errors {{ code }} }} }}"""
    body = await storefront(client, sso_shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_SIGN_IN_ATTEMPTS"


async def test_the_signed_in_session_is_a_normal_one(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, "e@example.com"))
    assert (await viewer(client, sso_shop, signed["session"]["token"]))["email"] == "e@example.com"


async def test_a_name_we_cannot_store_is_left_out_not_the_customer(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    assert sso_shop.sso_secret is not None
    for n, name in enumerate(("x" * 5000, "A\x00B", "A\x01B")):
        address = f"named{n}@example.com"
        signed = await sso(client, sso_shop, sso_token(sso_shop.sso_secret, address, name))
        assert signed["errors"] == [], name
        assert signed["contact"]["email"] == address


async def test_a_jti_with_control_characters_is_token_invalid(
    client: httpx.AsyncClient, sso_shop: CreatedShop
) -> None:
    assert sso_shop.sso_secret is not None
    for jti in ("a\x00b", "a\nb"):
        token = sso_token(sso_shop.sso_secret, "jti@example.com", jti=jti)
        assert codes(await sso(client, sso_shop, token)) == ["TOKEN_INVALID"]
