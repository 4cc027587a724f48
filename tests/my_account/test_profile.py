"""updateProfile, updatePreferences and the e-mail change through HTTP."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.my_account.factories import customer, mails, token_in

UPDATE = """mutation($input: ProfileInput!) {
  updateProfile(input: $input) {
    contact { fullName phone locale vatNumber }
    errors { code field message }
  }
}"""
PREFS = """mutation($input: PreferencesInput!) {
  updatePreferences(input: $input) {
    contact { preferences { newsletter reviewRequests } } errors { code }
  }
}"""
REQUEST = """mutation($email: String!, $password: String) {
  requestEmailChange(newEmail: $email, currentPassword: $password) { errors { code field } }
}"""
CONFIRM = """mutation($token: String!) {
  confirmEmailChange(token: $token) { email errors { code field } }
}"""
KIND = "query($token: String!) { confirmationKind(token: $token) }"


async def test_profile_is_validated_normalised_and_cleared(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    changes = {"fullName": "  Ann   Jansen ", "phone": "+31 20 123 4567", "locale": "nl"}
    changes["vatNumber"] = "nl 0044.95.445.B01"
    body = await storefront(client, shop.storefront_key, UPDATE, {"input": changes}, ann.token)
    payload = data(body)["updateProfile"]
    assert payload["errors"] == []
    assert payload["contact"] == {
        "fullName": "Ann Jansen",
        "phone": "+31 20 123 4567",
        "locale": "nl",
        "vatNumber": "NL004495445B01",
    }
    cleared = {"input": {"phone": "", "vatNumber": ""}}
    payload = data(await storefront(client, shop.storefront_key, UPDATE, cleared, ann.token))
    contact = payload["updateProfile"]["contact"]
    assert (contact["phone"], contact["vatNumber"], contact["fullName"]) == (
        None,
        None,
        "Ann Jansen",
    )


async def test_bad_profile_input_names_each_field(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bad = {"fullName": " ", "phone": "call me", "locale": "de", "vatNumber": "NL123"}
    payload = data(await storefront(client, shop.storefront_key, UPDATE, {"input": bad}, ann.token))
    assert payload["updateProfile"]["contact"] is None
    fields = sorted(e["field"] for e in payload["updateProfile"]["errors"])
    assert fields == [["input", f] for f in ("fullName", "locale", "phone", "vatNumber")]
    row = await pool.fetchrow("select full_name, locale from contacts where id = $1", ann.id)
    assert tuple(row) == ("Ann Example", "en")


async def test_profile_needs_a_session(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    body = await storefront(client, shop.storefront_key, UPDATE, {"input": {"fullName": "X"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_preferences_merge_and_record_consent(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    key = shop.storefront_key
    first = await storefront(client, key, PREFS, {"input": {"newsletter": True}}, ann.token)
    assert data(first)["updatePreferences"]["contact"]["preferences"] == {
        "newsletter": True,
        "reviewRequests": False,
    }
    second = await storefront(client, key, PREFS, {"input": {"reviewRequests": True}}, ann.token)
    assert data(second)["updatePreferences"]["contact"]["preferences"] == {
        "newsletter": True,
        "reviewRequests": True,
    }
    stored = await pool.fetchval("select preferences from contacts where id = $1", ann.id)
    assert stored["newsletterConsentAt"]


async def test_email_change_applies_only_after_the_new_address_confirms(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id, password="correct horse battery")
    key = shop.storefront_key
    wrong = {"email": "new@example.com", "password": "nope"}
    body = await storefront(client, key, REQUEST, wrong, ann.token)
    assert data(body)["requestEmailChange"]["errors"] == [
        {"code": "INVALID_CREDENTIALS", "field": ["currentPassword"]}
    ]
    right = {"email": "New@Example.COM", "password": "correct horse battery"}
    assert data(await storefront(client, key, REQUEST, right, ann.token)) == {
        "requestEmailChange": {"errors": []}
    }
    # Nothing changed yet; a confirm link went to the new address, a notice to the old one.
    assert await pool.fetchval("select email from contacts where id = $1", ann.id) == ann.email
    confirm_mail, notice = await mails(pool, "New@example.com"), await mails(pool, ann.email)
    assert [m["template"] for m in confirm_mail] == ["email-change-confirm"]
    assert [m["template"] for m in notice] == ["email-change-notice"]
    assert "token=" not in notice[0]["text_body"]
    token = token_in(confirm_mail[0])
    assert f"https://shop.example/account/confirm?token={token}" in confirm_mail[0]["text_body"]

    assert data(await storefront(client, key, KIND, {"token": token})) == {
        "confirmationKind": "EMAIL_CHANGE"
    }
    async with pool.acquire() as conn:
        elsewhere = await create_session(conn, shop.shop_id, ann.id, ttl_days=30)
    body = await storefront(client, key, CONFIRM, {"token": token}, ann.token)
    assert data(body)["confirmEmailChange"] == {"email": "New@example.com", "errors": []}
    assert await pool.fetchval("select email from contacts where id = $1", ann.id) == (
        "New@example.com"
    )
    again = data(await storefront(client, key, CONFIRM, {"token": token}))["confirmEmailChange"]
    assert again["errors"] == [{"code": "TOKEN_INVALID", "field": ["token"]}]
    # The session that confirmed stays; every other one ends, and both addresses are told.
    viewer = await storefront(client, key, "{ viewer { email } }", token=ann.token)
    assert data(viewer)["viewer"]["email"] == "New@example.com"
    other = await storefront(client, key, "{ viewer { email } }", token=elsewhere.token)
    assert data(other)["viewer"] is None
    for to in (ann.email, "New@example.com"):
        assert "email-changed" in [m["template"] for m in await mails(pool, to)]


async def test_email_taken_meanwhile_is_refused_at_confirmation(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)  # no password: signs in with links only
    key = shop.storefront_key
    body = await storefront(client, key, REQUEST, {"email": "bob@example.com"}, ann.token)
    assert data(body)["requestEmailChange"]["errors"] == []
    await customer(pool, shop.shop_id, email="BOB@example.com", name="Bob")
    token = token_in((await mails(pool, "bob@example.com"))[0])
    payload = data(await storefront(client, key, CONFIRM, {"token": token}))["confirmEmailChange"]
    assert payload == {"email": None, "errors": [{"code": "EMAIL_TAKEN", "field": ["token"]}]}
    assert await pool.fetchval("select email from contacts where id = $1", ann.id) == ann.email


async def test_same_or_invalid_new_address_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    for email, code in (("ANN@example.com", "INVALID"), ("not an address", "EMAIL_INVALID")):
        body = await storefront(client, shop.storefront_key, REQUEST, {"email": email}, ann.token)
        assert data(body)["requestEmailChange"]["errors"] == [{"code": code, "field": ["newEmail"]}]
    assert await mails(pool) == []
