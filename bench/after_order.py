"""Benchmark: a page of 10 orders with and without their shipments, returns and status links,
in-process (httpx ASGI, no network), and 10 concurrent return requests for the last unit.

    .venv/bin/python bench/after_order.py [--requests 300]

Uses a throw-away database `gateway_bench_after_order` on DATABASE_URL's server, or on the
embedded PostgreSQL under ./.gateway-bench (shared with bench/dashboard.py). Not a test:
numbers depend on the machine.
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

from gateway.accounts.sessions import create_session  # noqa: E402
from gateway.app import create_app  # noqa: E402
from gateway.catalogue.products import upsert_product  # noqa: E402
from gateway.config import Settings  # noqa: E402
from gateway.database import create_pool, migrate, start_embedded  # noqa: E402
from gateway.orders.admin import OrderRequest, create_order  # noqa: E402
from gateway.orders.lines import LineRequest  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

PLAIN = """{ viewer { orders(first: 10) { edges { node { number fulfilmentStatus
  lines { sku quantity } } } } } }"""
AFTER = """{ viewer { orders(first: 10) { edges { node { number fulfilmentStatus statusUrl
  lines { sku quantity } shipments { carrier trackingUrl lines { sku quantity } }
  returns { number status lines { sku quantity reason } } } } } } }"""
SHIP = """mutation($o: ID!, $l: [ShipmentLineInput!]) { shipmentCreate(orderId: $o,
  input: {carrier: "PostNL", trackingUrl: "https://t.example/1", lines: $l}) {
    errors { code } } }"""
RETURN = """mutation($o: ID!) { returnRequest(orderId: $o, input: {lines: [
  {sku: "B", quantity: 1, reason: OTHER}]}) { return { number } errors { code } } }"""


async def _database(server_url: str) -> str:
    name = "gateway_bench_after_order"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'drop database if exists "{name}" with (force)')
    await admin.execute(f'create database "{name}"')
    await admin.close()
    scheme, rest = server_url.split("://", 1)
    authority, _, tail = rest.partition("/")
    query = tail.partition("?")[2]
    return f"{scheme}://{authority}/{name}" + (f"?{query}" if query else "")


async def _timed(
    client: httpx.AsyncClient, body: dict, headers: dict, n: int
) -> tuple[float, float]:
    """Wall-clock and CPU (this process) milliseconds a request, sequential requests."""
    for _ in range(20):
        (await client.post("/graphql", json=body, headers=headers)).raise_for_status()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        (await client.post("/graphql", json=body, headers=headers)).raise_for_status()
    wall = (time.perf_counter() - started) / n * 1000
    return wall, (time.process_time() - cpu) / n * 1000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url = await _database(server)
    settings = replace(Settings.from_env({"GATEWAY_ENV": "production"}), database_url=url)
    pool = await create_pool(settings, url)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Bench", "https://bench.example/account")
    for sku in ("A", "B"):
        await upsert_product(pool, shop.shop_id, sku, f"Product {sku}", 5, None)
    contact = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'bench@example.com', 'Bench', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        token = (await create_session(conn, shop.shop_id, contact, ttl_days=1)).token
    app = create_app(settings, pool=pool)
    sf = {"X-Storefront-Key": shop.storefront_key, "Authorization": f"Bearer {token}"}
    adm = {"Authorization": f"Bearer {shop.admin_key}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            last = None
            for _ in range(10):
                lines = [LineRequest("A", 2), LineRequest("B", 1)]
                last = await create_order(pool, shop.shop_id, OrderRequest(str(contact), lines))
                for part in ([{"sku": "A", "quantity": 1}], None):
                    variables = {"o": str(last.id), "l": part}
                    sent = {"query": SHIP, "variables": variables}
                    (await client.post("/admin/graphql", json=sent, headers=adm)).raise_for_status()
            plain = await _timed(client, {"query": PLAIN}, sf, args.requests)
            after = await _timed(client, {"query": AFTER}, sf, args.requests)
            assert last is not None
            body = {"query": RETURN, "variables": {"o": str(last.id)}}
            started = time.perf_counter()
            answers = await asyncio.gather(
                *(client.post("/graphql", json=body, headers=sf) for _ in range(10))
            )
            burst = (time.perf_counter() - started) * 1000
    await pool.close()
    accepted = sum(1 for a in answers if a.json()["data"]["returnRequest"]["errors"] == [])
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(f"10 orders, lines only:                      {plain[0]:.2f} ms ({plain[1]:.2f} CPU)")
    print(f"10 orders + shipments, returns, statusUrl:  {after[0]:.2f} ms ({after[1]:.2f} CPU)")
    print(f"10 concurrent returnRequest for the last unit: {accepted} accepted, {burst:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
