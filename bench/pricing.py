"""Time `prices(skus, quantity)` for an organisation member: 1, 100, 500 and 1,000 SKUs,
in-process (httpx ASGI transport) and over HTTP (uvicorn on 127.0.0.1), side by side.

.venv/bin/python bench/pricing.py [--requests 200] [--products 20000]

The shop has `--products` active products and an organisation whose price list has two
quantity breaks for each of them; the member's session acts for it. Each size is asked
`--requests` times in sequence after a warm-up; the table gives the median and p90 in ms, the
median CPU time of the benchmark's process per in-process request (server and client share
it; less noisy than wall time on a shared machine) and the SQL statements per call (counted
in-process: the session, then the prices; the fewest of three calls, as the session's sliding
expiry is written at most every 5 minutes).

The sizes are asked again and again, as a portal prices its order form: after the first call
the rows come from the catalogue cache and the priced answers from its derived values, so a
call costs the statement (version check) and a lookup per SKU. The extra "500" row is the other
case: the catalogue changes before every call, so rows are read and priced anew.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import free_port, machine, server_stack, start_server, wait_ready  # noqa: E402

from gateway.accounts.sessions import create_session  # noqa: E402
from gateway.app import create_app  # noqa: E402
from gateway.config import Settings  # noqa: E402
from gateway.database import create_pool, migrate, start_embedded  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

SIZES = (1, 100, 500, 1000)
QUERY = """query Prices($skus: [String!]!, $quantity: Int) {
  prices(skus: $skus, quantity: $quantity) {
    sku price { amount currency } basePrice { amount } priceBreaks { minQuantity price { amount } }
  }
}"""


async def seed(server_url: str, products: int) -> tuple[str, str, str]:
    """A fresh database: returns its URL, the storefront key and the member's session."""
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute("drop database if exists gateway_bench_pricing with (force)")
        await admin.execute("create database gateway_bench_pricing")
    finally:
        await admin.close()
    scheme, rest = server_url.split("://", 1)
    authority, _, tail = rest.partition("/")
    _, _, query = tail.partition("?")
    url = f"{scheme}://{authority}/gateway_bench_pricing" + (f"?{query}" if query else "")
    pool = await create_pool(Settings.from_env({}), url)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Pricing bench", "https://shop.example/account")
    async with pool.acquire() as conn:
        await conn.execute(
            """insert into products (shop_id, sku, name, price, currency)
               select $1, 'SKU-' || lpad(k::text, 6, '0'), 'Product ' || k, 10 + k % 50, 'EUR'
               from generate_series(1, $2) k""",
            shop.shop_id,
            products,
        )
        list_id = await conn.fetchval(
            "insert into price_lists (shop_id, name, currency) values ($1, 'Trade', 'EUR')"
            " returning id",
            shop.shop_id,
        )
        await conn.execute(
            """insert into price_list_prices (price_list_id, shop_id, sku, min_quantity, price)
               select $1, $2, sku, q, price * (case when q = 1 then 0.9 else 0.8 end)
               from products cross join (values (1), (10)) b(q) where shop_id = $2""",
            list_id,
            shop.shop_id,
        )
        org = await conn.fetchval(
            "insert into organisations (shop_id, name, price_list_id, payment_terms_days)"
            " values ($1, 'Acme', $2, 30) returning id",
            shop.shop_id,
            list_id,
        )
        contact = await conn.fetchval(
            """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
               values ($1, 'buyer@example.com', 'Buyer', false, now()) returning id""",
            shop.shop_id,
        )
        await conn.execute(
            "insert into organisation_members (shop_id, organisation_id, contact_id, role)"
            " values ($1, $2, $3, 'BUYER')",
            shop.shop_id,
            org,
            contact,
        )
        session = await create_session(conn, shop.shop_id, contact, ttl_days=30)
        await conn.execute("analyze")
    await pool.close()
    return url, shop.storefront_key, session.token


def _bodies(products: int) -> dict[int, dict[str, Any]]:
    step = max(1, products // 1000)
    skus = [f"SKU-{k:06d}" for k in range(1, products + 1, step)][:1000]
    return {n: {"query": QUERY, "variables": {"skus": skus[:n], "quantity": 10}} for n in SIZES}


ROUNDS = 10  # the sizes take turns, so a slower spell of the machine hits them alike


async def _time_sizes(
    client: httpx.AsyncClient, path: str, headers: dict, bodies: dict[int, dict], n: int
) -> dict[int, tuple[list[float], list[float]]]:
    """size -> (wall ms, this process's CPU ms) of `n` calls, asked in interleaved rounds."""
    for body in bodies.values():
        for _ in range(10):  # warm-up: caches, prepared statements
            response = await client.post(path, json=body, headers=headers)
            response.raise_for_status()
        expected = len(body["variables"]["skus"])
        assert len(response.json()["data"]["prices"]) == expected, response.text[:300]
    out: dict[int, tuple[list[float], list[float]]] = {size: ([], []) for size in bodies}
    for round_ in range(ROUNDS):
        for size, body in bodies.items():
            times, cpu = out[size]
            for _ in range(n // ROUNDS + (round_ < n % ROUNDS)):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = await client.post(path, json=body, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
    return out


class _Counter:
    count = 0


def _count_statements() -> _Counter:
    counter = _Counter()
    for name in ("fetch", "fetchrow", "fetchval", "execute", "executemany"):
        original = getattr(asyncpg.connection.Connection, name)

        def counted(self: Any, *args: Any, _original: Any = original, **kw: Any) -> Any:
            if not (args and args[0] == self.get_reset_query()):
                counter.count += 1
            return _original(self, *args, **kw)

        setattr(asyncpg.connection.Connection, name, counted)
    return counter


async def in_process(url: str, key: str, token: str, requests: int, products: int) -> dict:
    settings = replace(Settings.from_env({"GATEWAY_ENV": "production"}), database_url=url)
    pool = await create_pool(settings, url)
    app = create_app(settings, pool=pool)
    headers = {"X-Storefront-Key": key, "Authorization": f"Bearer {token}"}
    out: dict[int, Any] = {}
    counter = _count_statements()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            bodies = _bodies(products)
            timed = await _time_sizes(client, "/graphql", headers, bodies, requests)
            for size, body in bodies.items():
                counts = []
                for _ in range(3):  # the fewest: a session's sliding expiry adds one write
                    counter.count = 0  # every 5 minutes, whatever the size
                    await client.post("/graphql", json=body, headers=headers)
                    counts.append(counter.count)
                out[size] = (timed[size][0], min(counts), timed[size][1])
            # Cold: the catalogue changes before every call, so the rows are read from
            # PostgreSQL and priced anew (what the first call after an edit or import costs).
            body = _bodies(products)[500]
            cold = []
            for _ in range(max(20, requests // 5)):
                async with pool.acquire() as conn:
                    await conn.execute(
                        "update products set name = name where sku = $1",
                        body["variables"]["skus"][0],
                    )
                started = time.perf_counter()
                response = await client.post("/graphql", json=body, headers=headers)
                cold.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            out["cold"] = cold
    await pool.close()
    return out


async def over_http(url: str, key: str, token: str, requests: int, products: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "GATEWAY_ENV": "production",
           "SMTP_URL": "smtp://127.0.0.1:9", "GATEWAY_MAIL_SENDER": "false",
           "GATEWAY_SECRET_KEY": "bench-only-key-" + "k" * 32}  # fmt: skip
    port = free_port()
    process = start_server("gateway.app:create_app", port, env)
    headers = {"X-Storefront-Key": key, "Authorization": f"Bearer {token}"}
    out: dict[int, Any] = {}
    try:
        await wait_ready(port)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            timed = await _time_sizes(client, "/graphql", headers, _bodies(products), requests)
            out = {size: times for size, (times, _) in timed.items()}
    finally:
        process.terminate()
        process.wait(timeout=30)
    return out


def _stats(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return f"{statistics.median(times):7.2f} / {p90:7.2f}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--products", type=int, default=20_000)
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url, key, token = await seed(server_url, args.products)
    local = await in_process(url, key, token, args.requests, args.products)
    remote = await over_http(url, key, token, args.requests, args.products)
    print(f"machine: {machine()}")
    print(f"server: uvicorn, 1 worker, {server_stack()}; client: httpx, sequential")
    print(f"catalogue: {args.products:,} products with 2 breaks each; {args.requests} requests "
          f"per size; quantity 10")  # fmt: skip
    print()
    print(
        "  SKUs | in-process ms (median / p90) | in-process CPU ms (median) "
        "| over HTTP ms (median / p90) | statements"
    )
    for size in SIZES:
        times, statements, cpu = local[size]
        print(
            f"{size:6,} | {_stats(times):>28} | {statistics.median(cpu):>27.2f} "
            f"| {_stats(remote[size]):>27} | {statements:>10}"
        )
    print(
        f"   500 | {_stats(local['cold']):>28} | catalogue changed before every call: "
        "rows read and priced anew"
    )
    cpu_time = {s: local[s][2] for s in SIZES}
    for label, data in (
        ("in-process", {s: local[s][0] for s in SIZES}),
        ("in-process CPU", cpu_time),
        ("HTTP", remote),
    ):
        ratio = statistics.median(data[500]) / statistics.median(data[1])
        print(f"500 SKUs / 1 SKU ({label}): {ratio:.2f}x (target < 2x)")


if __name__ == "__main__":
    asyncio.run(main())
