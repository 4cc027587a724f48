"""OpenID Connect: a full browserless code flow against a real local provider."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import SIGN_IN_WITH_LINK, call, codes, register
from tests.gql import admin, data
from tests.oidc.conftest import Browser, configure, query_of, s256, set_user

PROVIDERS = "{ openIdProviders { id name startUrl } }"


async def test_a_verified_address_signs_in_with_a_new_confirmed_contact(
    client: httpx.AsyncClient, shop: CreatedShop, browser: Browser, pool: asyncpg.Pool
) -> None:
    configured = await configure(client, shop, browser.provider_url)
    assert configured["redirectUri"] == "http://gateway.test/auth/oidc/callback"
    buttons = await call(client, shop, PROVIDERS)
    assert [b["name"] for b in buttons] == ["local"]
    await set_user(
        browser.provider_url,
        "alice-1",
        {"email": "alice@example.com", "email_verified": True, "name": "Alice Provider"},
    )

    landed = await browser.sign_in(buttons[0]["startUrl"], "alice-1")
    assert str(landed).startswith("https://shop.example/account/sign-in?token=")
    token = query_of(landed)["token"]
    signed = await call(client, shop, SIGN_IN_WITH_LINK, {"token": token})
    assert signed["errors"] == []
    assert signed["contact"]["email"] == "alice@example.com"
    assert signed["contact"]["emailConfirmed"] is True
    # The token is single use, like a mailed link.
    assert codes(await call(client, shop, SIGN_IN_WITH_LINK, {"token": token})) == ["TOKEN_INVALID"]
    linked = await pool.fetchrow("select subject, email from oidc_identities")
    assert tuple(linked) == ("alice-1", "alice@example.com")
    name = await pool.fetchval("select full_name from contacts where email = 'alice@example.com'")
    assert name == "Alice Provider"


async def test_a_verified_address_links_to_the_existing_account(
    client: httpx.AsyncClient, shop: CreatedShop, browser: Browser
) -> None:
    made = await register(client, shop, "bob@example.com")
    configured = await configure(client, shop, browser.provider_url)
    await set_user(
        browser.provider_url, "bob-1", {"email": "bob@example.com", "email_verified": True}
    )
    landed = await browser.sign_in(configured["provider"]["startUrl"], "bob-1")
    signed = await call(client, shop, SIGN_IN_WITH_LINK, {"token": query_of(landed)["token"]})
    assert signed["contact"]["id"] == made["contact"]["id"]
    assert signed["contact"]["emailConfirmed"] is True

    # Later the provider account's address changes: the link by `sub` holds.
    await set_user(
        browser.provider_url, "bob-1", {"email": "bob@new.example", "email_verified": True}
    )
    again = await browser.sign_in(configured["provider"]["startUrl"], "bob-1")
    signed = await call(client, shop, SIGN_IN_WITH_LINK, {"token": query_of(again)["token"]})
    assert signed["contact"]["id"] == made["contact"]["id"]


async def test_an_unverified_address_never_reaches_the_existing_account(
    client: httpx.AsyncClient, shop: CreatedShop, browser: Browser, pool: asyncpg.Pool
) -> None:
    await register(client, shop, "victim@example.com")
    configured = await configure(client, shop, browser.provider_url)
    for claims in (
        {"email": "victim@example.com", "email_verified": False},
        {"email": "victim@example.com"},
        {"email": "victim@example.com", "email_verified": "yes please"},
    ):
        await set_user(browser.provider_url, "mallory-1", claims)
        landed = await browser.sign_in(configured["provider"]["startUrl"], "mallory-1")
        assert str(landed).startswith("https://shop.example/account/sign-in?")
        assert query_of(landed) == {"error": "email_not_verified"}
    assert await pool.fetchval("select count(*) from oidc_identities") == 0
    assert await pool.fetchval("select count(*) from sessions") == 0
    assert await pool.fetchval("select count(*) from auth_tokens where purpose = 'sign_in'") == 0
    confirmed = await pool.fetchval(
        "select email_confirmed_at is not null from contacts where email = 'victim@example.com'"
    )
    assert confirmed is False


async def test_the_attempt_is_bound_to_the_browser_used_once_and_uses_pkce(
    client: httpx.AsyncClient, shop: CreatedShop, browser: Browser, app: object, pool: asyncpg.Pool
) -> None:
    configured = await configure(client, shop, browser.provider_url)
    start = await browser.http.get(configured["provider"]["startUrl"], follow_redirects=False)
    assert start.status_code == 302
    sent = query_of(start.headers["location"])
    assert sent["code_challenge_method"] == "S256"
    assert sent["scope"] == "openid email profile" and sent["nonce"] and sent["state"]
    verifier = await pool.fetchval("select code_verifier from oidc_attempts")
    assert sent["code_challenge"] == s256(verifier)
    cookie = start.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/auth/oidc" in cookie

    await set_user(
        browser.provider_url, "carol-1", {"email": "carol@example.com", "email_verified": True}
    )
    form = await browser.http.get(start.headers["location"])
    to_callback = await browser.http.post(
        str(form.url), data={"sub": "carol-1"}, follow_redirects=False
    )
    callback = to_callback.headers["location"]
    assert callback.startswith("http://gateway.test/auth/oidc/callback?")
    # Another browser (no cookie) with the same callback URL gets nothing, and uses nothing up.
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    )
    async with other:
        refused = await other.get(callback)
    assert refused.status_code == 400 and "token=" not in refused.text
    landed = await browser.http.get(callback)
    assert "token" in query_of(landed.url)
    # The same state again: refused.
    assert (await browser.http.get(callback)).status_code == 400


async def test_refusals_go_back_to_the_storefront_with_a_reason(
    client: httpx.AsyncClient, shop: CreatedShop, browser: Browser
) -> None:
    configured = await configure(client, shop, browser.provider_url)
    # The customer says no at the provider (with the state, as the spec has it; the test
    # provider's deny button leaves the state out, which is refused like any stray callback).
    start = await browser.http.get(configured["provider"]["startUrl"], follow_redirects=False)
    state = query_of(start.headers["location"])["state"]
    callback = "http://gateway.test/auth/oidc/callback"
    denied = await browser.http.get(callback, params={"state": state, "error": "access_denied"})
    assert query_of(denied.url) == {"error": "access_denied"}
    stray = await browser.http.get(callback, params={"error": "access_denied"})
    assert stray.status_code == 400
    changed = await admin(
        client,
        shop.admin_key,
        "mutation { storefrontUpdate(input: {loginMethods: [PASSWORD]}) { errors { code } } }",
    )
    assert data(changed)["storefrontUpdate"]["errors"] == []
    assert await call(client, shop, PROVIDERS) == []
    blocked = await browser.http.get(configured["provider"]["startUrl"])
    assert query_of(blocked.url) == {"error": "not_allowed"}
    unknown = await browser.http.get("http://gateway.test/auth/oidc/not-a-provider/start")
    assert unknown.status_code == 404


async def test_admin_configuration_checks_the_issuer_and_keeps_the_secret_encrypted(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    other_shop: CreatedShop,
    browser: Browser,
    pool: asyncpg.Pool,
) -> None:
    query = """mutation($input: OpenIdProviderInput!) {
      openIdProviderSet(input: $input) { provider { id } errors { code field } } }"""
    bad = {
        "http://127.0.0.1:9/nothing-here": ["input", "issuer"],
        "ftp://example.com": ["input", "issuer"],
        browser.provider_url + "/other": ["input", "issuer"],
    }
    for issuer, field in bad.items():
        variables = {"input": {"name": "x", "issuer": issuer, "clientId": "c", "clientSecret": "s"}}
        payload = data(await admin(client, shop.admin_key, query, variables))["openIdProviderSet"]
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", field)], issuer
    configured = await configure(client, shop, browser.provider_url)
    stored = await pool.fetchval("select client_secret_encrypted from oidc_providers")
    assert b"gateway-test-secret" not in stored
    seen = data(await admin(client, shop.admin_key, "{ openIdProviders { id clientId } }"))
    assert seen["openIdProviders"] == [
        {"id": configured["provider"]["id"], "clientId": "gateway-test-client"}
    ]
    assert data(await admin(client, other_shop.admin_key, "{ openIdProviders { id } }")) == {
        "openIdProviders": []
    }
    remove = """mutation($id: ID!) { openIdProviderRemove(id: $id) { errors { code } } }"""
    variables = {"id": configured["provider"]["id"]}
    not_theirs = data(await admin(client, other_shop.admin_key, remove, variables))
    assert not_theirs["openIdProviderRemove"]["errors"] == [{"code": "NOT_FOUND"}]
    gone = data(await admin(client, shop.admin_key, remove, variables))
    assert gone["openIdProviderRemove"]["errors"] == []
