"""CORS: browser storefronts may call from the origins their storefront allows."""

from __future__ import annotations

import httpx

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data

SET_ORIGINS = """mutation($o: [String!]) {
  storefrontUpdate(input: {corsOrigins: $o}) { errors { code } }
}"""
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


async def test_preflight_and_request_from_an_allowed_origin(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    await admin(client, shop.admin_key, SET_ORIGINS, {"o": ["https://shop.example"]})
    ok = await client.options("/graphql", headers={"Origin": "https://shop.example", **PREFLIGHT})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "https://shop.example"
    assert "x-storefront-key" in ok.headers["access-control-allow-headers"]

    refused = await client.options(
        "/graphql", headers={"Origin": "https://evil.example", **PREFLIGHT}
    )
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers

    response = await client.post(
        "/graphql",
        json={"query": "{ storefront { name } }"},
        headers={"Origin": "https://shop.example", "X-Storefront-Key": shop.storefront_key},
    )
    assert response.headers["access-control-allow-origin"] == "https://shop.example"


async def test_origin_of_another_storefront_gets_no_cors_and_its_cookie_session_is_refused(
    client: httpx.AsyncClient,
    pool,
    shop: CreatedShop,
    other_shop: CreatedShop,  # type: ignore[no-untyped-def]
) -> None:
    await admin(client, other_shop.admin_key, SET_ORIGINS, {"o": ["https://other.example"]})
    contact_id = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'c@example.com', 'C', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        session = await create_session(conn, shop.shop_id, contact_id, 30)
    query = {"query": "{ viewer { email } }"}
    same_site = await client.post(
        "/graphql",
        json=query,
        headers={
            "X-Storefront-Key": shop.storefront_key,
            "Cookie": f"gateway_session={session.token}",
        },
    )
    assert data(same_site.json())["viewer"] == {"email": "c@example.com"}

    cross = await client.post(
        "/graphql",
        json=query,
        headers={
            "Origin": "https://other.example",
            "X-Storefront-Key": shop.storefront_key,
            "Cookie": f"gateway_session={session.token}",
        },
    )
    assert "access-control-allow-origin" not in cross.headers
    # A cookie session from a page this storefront does not allow is refused (issue 14).
    assert cross.status_code == 403
    assert cross.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
