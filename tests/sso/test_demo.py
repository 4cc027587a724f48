"""`gateway demo` shows the SSO secret (it works) and brings in customers through the importer."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.config import Settings
from gateway.demo import create_demo
from gateway.keyring import server_key
from tests.gql import data, storefront
from tests.sso.merchant import sso_token


async def test_demo_sso_secret_signs_in_and_imported_customers_are_there(
    pool: asyncpg.Pool, client: httpx.AsyncClient, settings: Settings
) -> None:
    demo = await create_demo(pool, server_key(settings))
    assert demo.shop.sso_secret is not None and demo.shop.sso_secret in demo.describe()
    query = (
        "mutation($t: String!) { signInWithSso(token: $t) { contact { email } errors { code } } }"
    )
    token = sso_token(demo.shop.sso_secret, "demo-sso@example.com")
    body = await storefront(client, demo.storefront_key, query, {"t": token})
    assert data(body)["signInWithSso"] == {
        "contact": {"email": "demo-sso@example.com"},
        "errors": [],
    }
    imported = await pool.fetch(
        "select email from contacts where shop_id = $1 and full_name like '%Imported%' "
        "order by email",
        demo.shop.shop_id,
    )
    assert [r["email"] for r in imported] == ["inge@example.com", "tom@example.com"]
    assert "3 contacts from CSV" in demo.describe()
