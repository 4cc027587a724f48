"""Two `gateway serve` processes on one database: throttles, sessions, persisted queries and
the mail outbox hold across them (a client may reach either replica on any request)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.served_gateway import ServedGateway
from tests.smtp import SmtpServer, smtp_server
from tests.under_fire.conftest import LOGIN, PASSWORD, create_customer

__all__ = ["smtp_server"]

VIEWER = "{ viewer { email } }"
LOGOUT = "mutation { logout { errors { code } } }"
REGISTER = """mutation R($input: RegisterInput!) {
  register(input: $input) { contact { id } errors { code } }
}"""


async def gql(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    body: dict[str, Any],
    token: str | None = None,
) -> dict[str, Any]:
    headers = {"X-Storefront-Key": shop.storefront_key}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    answer = await client.post("/graphql", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_sessions_throttles_and_persisted_queries_across_replicas(
    serve_gateway: Callable[..., ServedGateway], shop: CreatedShop
) -> None:
    a, b = serve_gateway(), serve_gateway()
    async with (
        httpx.AsyncClient(base_url=a.url) as on_a,
        httpx.AsyncClient(base_url=b.url) as on_b,
    ):
        await create_customer(on_a, shop, "ann@example.test")
        await create_customer(on_b, shop, "bob@example.test")

        # A session made on A is good on B; revoked on B, it is gone on A too.
        login = {"query": LOGIN, "variables": {"email": "ann@example.test", "password": PASSWORD}}
        token = (await gql(on_a, shop, login))["data"]["login"]["session"]["token"]
        seen = await gql(on_b, shop, {"query": VIEWER}, token)
        assert seen["data"]["viewer"] == {"email": "ann@example.test"}
        assert (await gql(on_b, shop, {"query": LOGOUT}, token))["data"]["logout"]["errors"] == []
        assert (await gql(on_a, shop, {"query": VIEWER}, token))["data"]["viewer"] is None

        # Failed passwords count across replicas: five free attempts in all, then blocked.
        wrong = {"query": LOGIN, "variables": {"email": "bob@example.test", "password": "nope!"}}
        codes = []
        for n in range(7):
            client = on_a if n % 2 == 0 else on_b
            errors = (await gql(client, shop, wrong))["data"]["login"]["errors"]
            codes.append(errors[0]["code"])
        assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 2
        right = {"query": LOGIN, "variables": {"email": "bob@example.test", "password": PASSWORD}}
        for client in (on_a, on_b):
            errors = (await gql(client, shop, right))["data"]["login"]["errors"]
            assert [e["code"] for e in errors] == ["RATE_LIMITED"]

        # Persisted queries: each replica learns a hash once; a miss on the other replica
        # answers PERSISTED_QUERY_NOT_FOUND (never an error page), the client's one retry
        # with the query registers it there, and from then on both answer the hash alone.
        query = "query ShopName { storefront { name } }"
        digest = hashlib.sha256(query.encode()).hexdigest()
        ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        expected = {"data": {"storefront": {"name": "Test shop"}}}
        assert await gql(on_a, shop, {"query": query, "extensions": ext}) == expected
        assert await gql(on_a, shop, {"extensions": ext}) == expected
        missed = await gql(on_b, shop, {"extensions": ext})
        assert missed["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert await gql(on_b, shop, {"query": query, "extensions": ext}) == expected
        for client in (on_a, on_b):
            assert await gql(client, shop, {"extensions": ext}) == expected


async def test_the_outbox_is_shared_and_each_mail_goes_once(
    serve_gateway: Callable[..., ServedGateway],
    shop: CreatedShop,
    smtp_server: SmtpServer,
    pool: asyncpg.Pool,
) -> None:
    mail = {"SMTP_URL": smtp_server.url, "GATEWAY_MAIL_SENDER": "true", "MAIL_POLL_SECONDS": "1"}
    # A queues but never sends; B sends (its own mail and A's); C sends as well (two senders
    # on one outbox): every mail arrives exactly once.
    a = serve_gateway(GATEWAY_MAIL_SENDER="false")
    b, c = serve_gateway(**mail), serve_gateway(**mail)
    addresses = [f"user{n}@example.test" for n in range(12)]
    async with (
        httpx.AsyncClient(base_url=a.url) as on_a,
        httpx.AsyncClient(base_url=b.url) as on_b,
        httpx.AsyncClient(base_url=c.url) as on_c,
    ):
        clients = [on_a, on_b, on_c]
        for n, address in enumerate(addresses):
            variables = {
                "input": {"email": address, "password": PASSWORD, "fullName": "Ann Example"}
            }
            body = await gql(clients[n % 3], shop, {"query": REGISTER, "variables": variables})
            assert body["data"]["register"]["errors"] == [], body
        received = await smtp_server.wait_for(lambda m: len(m) >= len(addresses), within=30)
    assert sorted(m.to for m in received) == sorted(addresses)  # each once, none twice
    # No mail was claimed by two senders (a claim counts an attempt; see gateway/db/mail.py).
    rows = await pool.fetch("select to_address, attempts from mail_outbox")
    assert sorted(r["to_address"] for r in rows) == sorted(addresses)
    assert {r["attempts"] for r in rows} == {1}
