"""Benchmark: the account dashboard query through the real app over HTTP on loopback, next to
a hand-written asyncpg + orjson endpoint (bench/handwritten.py) answering the same JSON.

    .venv/bin/python bench/dashboard.py [--seconds 20] [--connections 8] [--rounds 3]

Seeds a fresh database (`gateway_bench` on DATABASE_URL's server, or an embedded PostgreSQL
under ./.gateway-bench) with one shop, 10,000 contacts and 100,000 orders (3 lines each, every
other order invoiced, 5 favourites per contact, half the contacts in a customer group), starts
each server as a uvicorn subprocess on 127.0.0.1 (one worker, same settings) and drives it with
wrk when it is installed (`--client auto`, the default; `apt-get install wrk`, `brew install
wrk`), else with a small keep-alive HTTP/1.1 client in this process (`--client python`, which
takes CPU from the servers). The two servers alternate, round after round, so a busy spell of a
shared machine hits both. Prints for every run req/s, p50, p99, p99/p50, the server's CPU per
request (Linux: from /proc, which other load on the machine does not inflate) and the load
average at the end of the run; then each round's ratio and the median ratio, the client and
the machine. Not a test: numbers depend on the machine and what else it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.accounts.sessions import create_session  # noqa: E402
from gateway.database import migrate, start_embedded  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_report import WRK_MISSING, machine, probe_line, process_cpu_seconds, server_stack  # noqa: E402
from python_load import load, one  # noqa: E402
from wrk_load import wrk_load, wrk_path  # noqa: E402

QUERY = """query Dashboard($first: Int!) { viewer {
  id email fullName locale
  customerGroup { name discountPercent }
  orders(first: $first) {
    edges { cursor node {
      number placedAt paymentStatus fulfilmentStatus trackingUrl expectedDeliveryDate
      total { amount currency }
      lines { sku name quantity unitPrice { amount } total { amount } }
      invoices { number issuedAt downloadUrl }
    } }
    pageInfo { hasNextPage endCursor }
  }
  favourites(first: 10) { edges { node { addedAt product { sku name price { amount } } } } }
} }"""

SEED = [
    """insert into products (shop_id, sku, name, price, currency)
       select $1, 'SKU-' || g, 'Product ' || g, (g % 50) + 0.95, 'EUR'
       from generate_series(1, 200) g""",
    """insert into customer_groups (shop_id, name, discount_percent)
       values ($1, 'Regulars', 7.5)""",
    """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                             customer_group_id, locale)
       select $1, 'customer' || g || '@example.com', 'Customer ' || g, false, now(),
              case when g % 2 = 0 then (select id from customer_groups where shop_id = $1) end,
              case when g % 3 = 0 then 'nl' else 'en' end
       from generate_series(1, 10000) g""",
    """insert into orders (shop_id, number, contact_id, email, full_name, placed_at, currency,
                           total, amount_paid, shipping_method, payment_method, shipping_address,
                           payment_status, fulfilment_status, tracking_url)
       select $1, 'ORD-' || lpad((c.rn * 10 + k)::text, 7, '0'), c.id, c.email, c.full_name,
              now() - make_interval(days => k * 17, mins => c.rn::int), 'EUR', 29.85, 29.85,
              'PostNL', 'iDEAL',
              jsonb_build_object('name', c.full_name, 'street', 'Dorpsstraat ' || k,
                                 'postalCode', '1234 AB', 'city', 'Utrecht', 'country', 'NL'),
              'PAID', case when k > 1 then 'DELIVERED' else 'SHIPPED' end,
              case when k = 1 then 'https://track.example/' || c.rn end
       from (select id, email, full_name, row_number() over (order by id) as rn
             from contacts where shop_id = $1) c
       cross join generate_series(0, 9) k""",
    """insert into order_lines (shop_id, order_id, position, sku, name, quantity, unit_price,
                                total)
       select $1, o.id, p, 'SKU-' || (p * 7), 'Product ' || (p * 7), p, 4.975, 4.975 * p
       from orders o cross join generate_series(1, 3) p where o.shop_id = $1""",
    """insert into invoices (shop_id, order_id, number, issued_at, currency, total)
       select $1, id, 'INV-' || number, placed_at + interval '1 hour', currency, total
       from orders where shop_id = $1 and right(number, 1)::int % 2 = 0""",
    """insert into favourites (shop_id, contact_id, sku, added_at)
       select $1, c.id, 'SKU-' || (k * 11), now() - make_interval(hours => k)
       from contacts c cross join generate_series(1, 5) k where c.shop_id = $1""",
]


async def seed(server_url: str) -> tuple[str, str, str]:
    """A fresh bench database; returns its URL, the storefront key and a session token."""
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute("drop database if exists gateway_bench with (force)")
        await admin.execute("create database gateway_bench")
    finally:
        await admin.close()
    scheme, rest = server_url.split("://", 1)
    authority, _, tail = rest.partition("/")
    _, _, query = tail.partition("?")
    url = f"{scheme}://{authority}/gateway_bench" + (f"?{query}" if query else "")
    from gateway.config import Settings
    from gateway.database import create_pool

    pool = await create_pool(Settings.from_env({}), url)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Bench shop", "https://shop.example/account")
    started = time.perf_counter()
    async with pool.acquire() as conn:
        for statement in SEED:
            await conn.execute(statement, shop.shop_id)
        await conn.execute("analyze")
        counts = await conn.fetchrow(
            """select (select count(*) from contacts) as contacts,
                      (select count(*) from orders) as orders,
                      (select count(*) from order_lines) as lines,
                      (select count(*) from invoices) as invoices"""
        )
        contact_id = await conn.fetchval(
            "select id from contacts where email = 'customer5000@example.com'"
        )
        session = await create_session(conn, shop.shop_id, contact_id, ttl_days=30)
    await pool.close()
    print(
        f"seeded {counts['contacts']:,} contacts, {counts['orders']:,} orders, "
        f"{counts['lines']:,} lines, {counts['invoices']:,} invoices "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return url, shop.storefront_key, session.token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    target: str, port: int, env: dict[str, str], root: Path = ROOT
) -> subprocess.Popen[bytes]:
    """uvicorn serving `target` from the checkout `root` (`python -m` puts the working
    directory first on sys.path, so it decides which `gateway` is imported)."""
    # The same server settings for both; uvicorn picks uvloop and httptools when installed.
    command = [sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning",
               "--loop", "auto", "--http", "auto"]  # fmt: skip
    return subprocess.Popen(command, cwd=root, env=env)


async def wait_ready(port: int, deadline: float = 60.0) -> None:
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


BODY = orjson.dumps({"query": QUERY, "variables": {"first": 10}})


def request_headers(key: str, token: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Storefront-Key": key,
        "Authorization": f"Bearer {token}",
    }


def request_bytes(port: int, key: str, token: str) -> bytes:
    head = f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in request_headers(key, token).items()
    )
    return f"{head}Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY


def comparable(body: bytes) -> Any:
    """The answer with the signed URLs' host (the port differs), expiry and signature cut off."""
    data = orjson.loads(body)
    for edge in data["data"]["viewer"]["orders"]["edges"]:
        for invoice in edge["node"]["invoices"]:
            url = invoice["downloadUrl"]
            invoice["downloadUrl"] = url[url.index("/invoices/") : url.index("?")]
    return data


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also run the gateway of another checkout in every round (a before/after in one "
        "sitting), e.g. a tree from `git archive <commit> | tar -x -C /tmp/before`",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="run the gateway through bench/stall_probe.py: GC pauses, event-loop lag and pool "
        "waits per run",
    )
    args = parser.parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and wrk_path() is not None)
    if use_wrk and wrk_path() is None:
        raise SystemExit(WRK_MISSING)
    if not use_wrk:
        print(f"note: {WRK_MISSING}", file=sys.stderr)

    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url, key, token = await seed(server_url)
    env = {**os.environ, "DATABASE_URL": url, "GATEWAY_ENV": "production",
           "SMTP_URL": "smtp://127.0.0.1:9", "GATEWAY_MAIL_SENDER": "false",
           "GATEWAY_SECRET_KEY": "bench-only-key-" + "k" * 32,
           "BENCH_STOREFRONT_KEY": key, "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}  # fmt: skip
    gateway_app = "stall_probe:create_app" if args.probe else "gateway.app:create_app"
    targets = {"gateway": (gateway_app, env, ROOT),
               "hand-written": ("handwritten:create_app", env, ROOT)}  # fmt: skip
    if args.baseline:
        before = {**env, "PYTHONPATH": f"{args.baseline.resolve()}:{ROOT / 'bench'}"}
        targets["gateway before"] = (gateway_app, before, args.baseline.resolve())
    results: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    bodies: dict[str, Any] = {}
    for _ in range(args.rounds):
        for name, (target, target_env, root) in targets.items():
            port = free_port()
            probe = Path(tempfile.mkdtemp()) / "probe.json"
            probe_env = {**target_env, "STALL_PROBE_OUT": str(probe)}
            process = start_server(target, port, probe_env, root)
            try:
                await wait_ready(port)
                raw = request_bytes(port, key, token)
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                bodies[name] = comparable(await one(reader, writer, raw))
                writer.close()
                cpu_before = process_cpu_seconds(process.pid)
                if use_wrk:
                    headers = request_headers(key, token)
                    run = wrk_load(port, BODY, headers, args.seconds, args.connections)
                else:
                    run = await load(port, raw, args.seconds, args.connections)
                cpu_after = process_cpu_seconds(process.pid)
                if cpu_before is not None and cpu_after is not None:
                    # warm-up (2 s) and measured run, at the measured rate
                    served = run["rps"] * (args.seconds + 2)
                    run["cpu_ms"] = (cpu_after - cpu_before) * 1000 / served
                run["load"] = os.getloadavg()[0]
                results[name].append(run)
            finally:
                process.terminate()
                process.wait(timeout=30)
            if probe.exists():
                run["probe"] = orjson.loads(probe.read_bytes())
    if any(body != bodies["hand-written"] for body in bodies.values()):
        raise SystemExit("the endpoints answered differently")

    print(f"machine: {machine()}")
    print(f"server: uvicorn, 1 worker, {server_stack()}")
    client = "wrk (2 threads)" if use_wrk else "Python client in the benchmark process"
    print(f"load: {client}, {args.connections} keep-alive connections, {args.seconds:.0f}s per "
          f"run, {args.rounds} rounds, same JSON from both (checked)")  # fmt: skip
    for number in range(args.rounds):
        for name, runs in results.items():
            run = runs[number]
            cpu = f"{run['cpu_ms']:5.2f} ms CPU/req" if "cpu_ms" in run else ""
            slow = f"   {run['timeouts']:.0f} timeouts" if run.get("timeouts") else ""
            print(f"  round {number + 1} {name:14s} {run['rps']:6.0f} req/s"
                  f"   p50 {run['p50']:6.2f} ms   p99 {run['p99']:6.2f} ms"
                  f" ({run['p99'] / run['p50']:.1f}x p50)   {cpu}"
                  f"   load {run['load']:.2f}{slow}")  # fmt: skip
            if "probe" in run:
                print("      " + probe_line(run["probe"]))
    best = {name: max(r["rps"] for r in runs) for name, runs in results.items()}
    for name in [n for n in results if n != "hand-written"]:
        pairs = zip(results[name], results["hand-written"], strict=True)
        ratios = [g["rps"] / h["rps"] for g, h in pairs]
        print(
            f"ratio {name} / hand-written per round: "
            + ", ".join(f"{r:.2f}x" for r in ratios)
            + f"; median {statistics.median(ratios):.2f}x;"
            f" best runs {best[name] / best['hand-written']:.2f}x"
        )


if __name__ == "__main__":
    asyncio.run(main())
