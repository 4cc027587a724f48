"""`gateway demo` gives the demo customer an account worth looking at."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.demo import create_demo
from gateway.demo.customer import DEMO_EMAIL
from tests.gql import data, storefront

DASHBOARD = """{ viewer { email addresses { city } defaultShippingAddress { city }
  customerGroup { name } orders { edges { node { number invoices { downloadUrl } } } }
  favourites { edges { node { product { sku price { amount } } } } } } }"""


async def test_demo_customer_has_orders_invoices_and_favourites(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    contact_id = await pool.fetchval(
        "select id from contacts where shop_id = $1 and email = $2", demo.shop.shop_id, DEMO_EMAIL
    )
    async with pool.acquire() as conn:
        session = await create_session(conn, demo.shop.shop_id, contact_id, ttl_days=1)
    body = await storefront(client, demo.storefront_key, DASHBOARD, token=session.token)
    viewer = data(body)["viewer"]
    assert [a["city"] for a in viewer["addresses"]] == ["Amsterdam", "Utrecht", "Tsim Sha Tsui"]
    assert viewer["defaultShippingAddress"] == {"city": "Amsterdam"}
    assert viewer["customerGroup"] == {"name": "Tea club"}
    orders = [e["node"] for e in viewer["orders"]["edges"]]
    numbers = [int(o["number"]) for o in orders]  # from the shop's order counter
    assert len(numbers) == 3
    assert numbers == sorted(numbers, reverse=True)  # newest first
    assert [len(o["invoices"]) for o in orders] == [0, 1, 1]
    favourites = [e["node"]["product"] for e in viewer["favourites"]["edges"]]
    assert {f["sku"] for f in favourites} == {"TEA-SENCHA", "POT-CAST-IRON", "GIFT-BOX"}
    assert any(s.startswith(DEMO_EMAIL) for s in demo.sign_ins)
