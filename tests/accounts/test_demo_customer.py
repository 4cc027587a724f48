"""`gateway demo` adds a confirmed customer whose printed sign-in works."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.demo import create_demo
from tests.gql import data, storefront

LOGIN = """mutation L($email: String!, $password: String!) {
  login(email: $email, password: $password) { contact { emailConfirmed } errors { code } }
}"""


async def test_demo_customer_signs_in(pool: asyncpg.Pool, client: httpx.AsyncClient) -> None:
    demo = await create_demo(pool)
    customer = [s for s in demo.sign_ins if s.startswith("customer@demo.example")]
    assert len(customer) == 1
    email, password = customer[0].split(" / ")
    assert customer[0] in demo.describe()
    body = await storefront(
        client, demo.storefront_key, LOGIN, {"email": email, "password": password}
    )
    assert data(body)["login"] == {"contact": {"emailConfirmed": True}, "errors": []}
