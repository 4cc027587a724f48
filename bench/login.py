"""Login throughput against the machine's argon2 bound, and a light query's latency idle and
during a login storm. A benchmark, not a test; bounded in count and time.

    .venv/bin/python bench/login.py [--rounds 4] [--seconds 15] [--concurrency 2x cores]

The bound is measured with the gateway's own hashing pool (`gateway.accounts.passwords`, as
many threads as cores, the production argon2 parameters): verifies per second with every
thread busy, over at least `--bound-seconds` and 8 verifies a thread, before every storm and
after the last, so each storm is compared with the bound measured around it on a shared
machine. The gateway runs as a uvicorn subprocess (one worker, production settings,
PASSWORD_HASH_WORKERS = cores); the logins come from this process and the light query
(`{ storefront { name } }`, one every `--interval` ms on one keep-alive connection) from a
third process, so no client shares the server's process or event loop; it runs as long idle
(before each storm) as during the storm, so both p99s rest on as many samples. Each login is another
account (the same account from one IP many times at once is throttled, rightly). Data: a
database `gateway_login_bench` on DATABASE_URL's server or the embedded PostgreSQL under
./.gateway-bench.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_report import machine  # noqa: E402
from dashboard import free_port, start_server, wait_ready  # noqa: E402
from python_load import one  # noqa: E402

from gateway.accounts.passwords import Passwords  # noqa: E402
from gateway.config import Settings  # noqa: E402
from gateway.database import migrate, start_embedded  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

PASSWORD = "benchmark passphrase"
LIGHT = orjson.dumps({"query": "{ storefront { name } }"})
LOGIN = """mutation L($email: String!, $password: String!) {
  login(email: $email, password: $password) { session { token } errors { code } }
}"""


def _email(number: int) -> str:
    return f"bench{number}@example.com"


async def measure_bound(passwords: Passwords, threads: int, seconds: float) -> float:
    """Verifies per second with `threads` verifies always in flight."""
    stored = await passwords.hash(PASSWORD)
    done = 0
    stop_at = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop_at or done < 8 * threads:
            assert await passwords.verify(stored, PASSWORD)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(threads)))
    return done / (time.perf_counter() - started)


async def seed(server_url: str, accounts: int) -> tuple[str, str]:
    """A fresh database with a shop and `accounts` confirmed contacts; (URL, storefront key)."""
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute("drop database if exists gateway_login_bench with (force)")
        await admin.execute("create database gateway_login_bench")
    finally:
        await admin.close()
    scheme, rest = server_url.split("://", 1)
    authority, _, tail = rest.partition("/")
    _, _, query = tail.partition("?")
    url = f"{scheme}://{authority}/gateway_login_bench" + (f"?{query}" if query else "")
    from gateway.database import create_pool

    pool = await create_pool(Settings.from_env({}), url)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Login bench shop")
    hashing = Passwords(Settings())  # production parameters
    stored = await hashing.hash(PASSWORD)
    hashing.close()
    await pool.execute(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                                 password_hash, password_changed_at)
           select $1, 'bench' || g || '@example.com', 'Bench', false, now(), $2, now()
           from generate_series(0, $3 - 1) g""",
        shop.shop_id,
        stored,
        accounts,
    )
    await pool.close()
    return url, shop.storefront_key


def light_client(port: int, key: str, interval: float, count: int, seconds: float) -> None:
    """(Run in its own process.) Light queries, paced; prints their latencies (s) as JSON."""

    async def run() -> list[float]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        raw = (
            f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nX-Storefront-Key: {key}\r\n"
            f"Content-Length: {len(LIGHT)}\r\n\r\n"
        ).encode() + LIGHT
        latencies: list[float] = []
        stop_at = time.perf_counter() + seconds
        next_at = time.perf_counter()
        while len(latencies) < count and time.perf_counter() < stop_at:
            started = time.perf_counter()
            await one(reader, writer, raw)
            latencies.append(time.perf_counter() - started)
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        writer.close()
        return latencies

    print(json.dumps(asyncio.run(run())))


def start_light(port: int, key: str, args: argparse.Namespace, count: int, seconds: float) -> Any:
    command = [sys.executable, __file__, "--light-client", str(port), key,
               str(args.interval / 1000), str(count), str(seconds)]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def latencies_of(process: Any) -> list[float]:
    out, _ = process.communicate(timeout=600)
    return [x * 1000 for x in json.loads(out)]


async def storm(
    port: int, key: str, first: int, concurrency: int, seconds: float
) -> tuple[int, float, int]:
    """Logins of accounts first, first+1, ... for `seconds`; (logins, elapsed s, next free)."""
    number = first
    done = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:

        async def worker() -> None:
            nonlocal number, done
            while time.perf_counter() < stop_at:
                email, number = _email(number), number + 1
                variables = {"email": email, "password": PASSWORD}
                response = await client.post(
                    "/graphql",
                    json={"query": LOGIN, "variables": variables},
                    headers={"X-Storefront-Key": key},
                    timeout=120,
                )
                body = response.json()
                assert body["data"]["login"]["errors"] == [], body
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done, time.perf_counter() - started, number


def p(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[int(q) - 1]


async def main(args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    concurrency = args.concurrency or 2 * cores
    defaults = Settings()
    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    accounts = int(args.rounds * (args.seconds + 10) * cores * 20)
    url, key = await seed(server_url, accounts)
    env = {**os.environ, "DATABASE_URL": url, "GATEWAY_ENV": "production",
           "PASSWORD_HASH_WORKERS": str(cores), "LOGIN_FAILURES_PER_IP": "1000000",
           "GATEWAY_MAIL_SENDER": "0", "DB_POOL_MAX": "20",
           "SMTP_URL": "smtp://127.0.0.1:9", "GATEWAY_SECRET_KEY": "bench-only-key-" + "k" * 32,
           "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}  # fmt: skip
    passwords = Passwords(defaults)
    port = free_port()
    server = start_server("gateway.app:create_app", port, env)
    rounds = []
    try:
        await wait_ready(port)
        light = start_light(port, key, args, 50, 60)  # warm-up
        latencies_of(light)
        bounds = [await measure_bound(passwords, cores, args.bound_seconds)]
        first = 0
        for _ in range(args.rounds):
            idle = latencies_of(start_light(port, key, args, 1_000_000, args.seconds))
            light = start_light(port, key, args, 1_000_000, args.seconds)
            done, elapsed, first = await storm(port, key, first, concurrency, args.seconds)
            during = latencies_of(light)
            bounds.append(await measure_bound(passwords, cores, args.bound_seconds))
            load = os.getloadavg()[0]
            rounds.append((done / elapsed, (bounds[-2] + bounds[-1]) / 2, idle, during, load))
    finally:
        server.terminate()
        server.wait(timeout=30)
        passwords.close()

    print(f"machine: {machine()}")
    params = (
        f"t={defaults.argon2_time_cost} m={defaults.argon2_memory_cost_kib} KiB "
        f"p={defaults.argon2_parallelism}"
    )
    print(f"argon2id {params}; gateway hashing pool of {cores} threads; {concurrency} logins "
          f"in flight; light query every {args.interval:.0f} ms from another process")  # fmt: skip
    print("bounds (verifies/s, gateway's pool, before each storm and after the last): "
          + ", ".join(f"{b:.1f}" for b in bounds))  # fmt: skip
    for number, (rate, bound, idle, during, load) in enumerate(rounds, 1):
        print(
            f"  round {number}: {rate:5.1f} logins/s = {rate / bound:.2f}x the bound around it"
            f" ({bound:.1f}/s)   light query p50/p99 idle {p(idle, 50):.1f}/{p(idle, 99):.1f} ms"
            f", during the storm {p(during, 50):.1f}/{p(during, 99):.1f} ms"
            f" ({p(during, 99) / p(idle, 99):.1f}x idle p99, n={len(during)})   load {load:.2f}"
        )
    ratios = [r[0] / r[1] for r in rounds]
    tails = [p(r[3], 99) / p(r[2], 99) for r in rounds]
    print(
        f"median of rounds: logins {statistics.median(ratios):.2f}x the bound (target >= 0.9x);"
        f" light query p99 during / idle {statistics.median(tails):.1f}x (target <= 3x)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--light-client":
        port, key, interval, count, seconds = sys.argv[2:7]
        light_client(int(port), key, float(interval), int(count), float(seconds))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0, help="per storm")
    parser.add_argument("--bound-seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=0, help="logins in flight")
    parser.add_argument("--interval", type=float, default=20.0, help="ms between light queries")
    asyncio.run(main(parser.parse_args()))
