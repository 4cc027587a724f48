"""Time the hosted dashboard page against the GraphQL dashboard query it is built on, in-process
(httpx ASGI, one request at a time): a customer with 10 invoiced orders of 2 lines, set up
through the admin API in a fresh database on the benchmark's embedded server.

.venv/bin/python bench/account_pages.py [--requests 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import QUERY  # noqa: E402

from gateway.app import create_app  # noqa: E402
from gateway.config import Settings  # noqa: E402
from gateway.database import create_pool, migrate, start_embedded  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

ADMIN = {
    "product": """mutation($i: ProductInput!) { productUpsert(input: $i) { errors { code } } }""",
    "contact": """mutation($i: ContactCreateInput!) { contactCreate(input: $i) {
        contact { id } errors { code } } }""",
    "order": """mutation($i: OrderCreateInput!) { orderCreate(input: $i) {
        order { id } errors { code } } }""",
    "invoice": """mutation($id: ID!) { invoiceCreate(orderId: $id) { errors { code } } }""",
}


async def _database(server_url: str) -> str:
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute("drop database if exists gateway_pages_bench with (force)")
        await admin.execute("create database gateway_pages_bench")
    finally:
        await admin.close()
    scheme, rest = server_url.split("://", 1)
    authority, _, tail = rest.partition("/")
    _, _, query = tail.partition("?")
    return f"{scheme}://{authority}/gateway_pages_bench" + (f"?{query}" if query else "")


async def _seed(client: httpx.AsyncClient, admin_key: str, key: str) -> str:
    async def run(name: str, **variables: object) -> dict:
        response = await client.post(
            "/admin/graphql",
            json={"query": ADMIN[name], "variables": variables},
            headers={"Authorization": f"Bearer {admin_key}"},
        )
        return next(iter(response.json()["data"].values()))

    for sku, price in (("TEA", "6.95"), ("MUG", "14.00"), ("POT", "49.95")):
        await run("product", i={"sku": sku, "name": f"Product {sku}", "price": price})
    contact = await run(
        "contact",
        i={
            "email": "bench@example.test",
            "fullName": "Bench Customer",
            "password": "bench password 1",
            "emailConfirmed": True,
        },
    )
    address = {
        "name": "B",
        "street": "Straat 1",
        "postalCode": "1234 AB",
        "city": "Utrecht",
        "country": "NL",
    }
    for n in range(10):
        order = await run(
            "order",
            i={
                "contactId": contact["contact"]["id"],
                "shippingMethod": "PostNL",
                "paymentMethod": "iDEAL",
                "shippingAddress": address,
                "lines": [{"sku": "TEA", "quantity": 1 + n % 3}, {"sku": "MUG", "quantity": 1}],
            },
        )
        await run("invoice", id=order["order"]["id"])
    login = await client.post(
        "/graphql",
        headers={"X-Storefront-Key": key},
        json={
            "query": """mutation { login(email: "bench@example.test", password: "bench password 1")
                   { session { token } } }"""
        },
    )
    return login.json()["data"]["login"]["session"]["token"]


async def _timed(client: httpx.AsyncClient, requests: int, send) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    for _ in range(20):
        (await send()).raise_for_status()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        response = await send()
        assert response.status_code == 200
    return (time.perf_counter() - started) / requests, (time.process_time() - cpu) / requests


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url = await _database(server_url)
    settings = replace(Settings.from_env({"GATEWAY_ENV": "production"}), database_url=url)
    pool = await create_pool(settings, url)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Pages bench shop")
    key = shop.storefront_key
    app = create_app(settings, pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench.test") as client:
            token = await _seed(client, shop.admin_key, key)
            headers = {"X-Storefront-Key": key, "Authorization": f"Bearer {token}"}
            body = {"query": QUERY, "variables": {"first": 10}}
            handle = (
                await client.post(
                    "/graphql", json={"query": "{ storefront { handle } }"}, headers=headers
                )
            ).json()["data"]["storefront"]["handle"]
            client.cookies.set(f"__Host-account-{handle}", token, domain="bench.test")
            results = {
                "GraphQL dashboard query (POST /graphql)": await _timed(
                    client,
                    args.requests,
                    lambda: client.post("/graphql", json=body, headers=headers),
                ),
                "hosted dashboard page (GET /account/<handle>/)": await _timed(
                    client, args.requests, lambda: client.get(f"/account/{handle}/")
                ),
                "hosted order page (GET /account/<handle>/orders)": await _timed(
                    client, args.requests, lambda: client.get(f"/account/{handle}/orders")
                ),
            }
    await pool.close()
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{args.requests} sequential requests each, in-process"
    )
    for name, (wall, cpu) in results.items():
        print(
            f"  {name:52s} {wall * 1000:6.2f} ms wall  {cpu * 1000:6.2f} ms CPU  "
            f"({1 / wall:,.0f} req/s)"
        )


if __name__ == "__main__":
    asyncio.run(main())
