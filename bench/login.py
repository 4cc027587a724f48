"""Login throughput against the machine's argon2 bound, and a light query's latency idle and
during a login storm. A benchmark, not a test; bounded in count and time.

    .venv/bin/python bench/login.py [--logins 64] [--concurrency 8] [--seconds 60]

Uses the production argon2 parameters (Settings defaults), an in-process uvicorn server on
127.0.0.1, and DATABASE_URL or an embedded PostgreSQL in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx
import uvicorn
from argon2 import PasswordHasher

from gateway.app import create_app
from gateway.config import Settings
from gateway.database import create_pool, migrate
from gateway.db.identity import insert_registered_contact
from gateway.tenancy.shops import create_shop

PASSWORD = "benchmark passphrase"
LIGHT = "{ storefront { name } }"
LOGIN = """mutation L($email: String!, $password: String!) {
  login(email: $email, password: $password) { session { token } errors { code } }
}"""


def seconds_per_verify(defaults: Settings, rounds: int = 8) -> float:
    hasher = PasswordHasher(
        time_cost=defaults.argon2_time_cost,
        memory_cost=defaults.argon2_memory_cost_kib,
        parallelism=defaults.argon2_parallelism,
    )
    stored = hasher.hash(PASSWORD)
    started = time.perf_counter()
    for _ in range(rounds):
        hasher.verify(stored, PASSWORD)
    return (time.perf_counter() - started) / rounds


def _email(number: int) -> str:
    # One account per login: the same account signing in many times at once from one IP
    # would (rightly) be throttled, as attempts are counted before the verify.
    return f"bench{number}@example.com"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def light_queries(
    client: httpx.AsyncClient, key: str, stop: asyncio.Event, cap: int
) -> list[float]:
    latencies: list[float] = []
    while not stop.is_set() and len(latencies) < cap:
        started = time.perf_counter()
        response = await client.post(
            "/graphql", json={"query": LIGHT}, headers={"X-Storefront-Key": key}
        )
        assert response.status_code == 200
        latencies.append(time.perf_counter() - started)
    return latencies


async def storm(
    client: httpx.AsyncClient, key: str, logins: int, concurrency: int, seconds: float
) -> tuple[int, float]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(logins):
        queue.put_nowait(i)
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while not queue.empty() and time.perf_counter() < deadline:
            number = queue.get_nowait()
            body = (
                await client.post(
                    "/graphql",
                    json={
                        "query": LOGIN,
                        "variables": {"email": _email(number), "password": PASSWORD},
                    },
                    headers={"X-Storefront-Key": key},
                    timeout=120,
                )
            ).json()
            assert body["data"]["login"]["errors"] == [], body
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done, time.perf_counter() - started


async def main(args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    defaults = Settings()
    per_verify = seconds_per_verify(defaults)
    bound = cores / per_verify
    base = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(
            base,
            data_dir=Path(tmp),
            argon2_time_cost=defaults.argon2_time_cost,
            argon2_memory_cost_kib=defaults.argon2_memory_cost_kib,
            argon2_parallelism=defaults.argon2_parallelism,
            password_hash_workers=cores,
            mail_sender_enabled=False,
            login_failures_per_ip=1_000_000,
            db_pool_max=20,
        )
        pool = await create_pool(settings)
        async with pool.acquire() as conn:
            await migrate(conn)
        shop = await create_shop(pool, "Bench shop")
        stored = PasswordHasher(
            time_cost=defaults.argon2_time_cost,
            memory_cost=defaults.argon2_memory_cost_kib,
            parallelism=defaults.argon2_parallelism,
        ).hash(PASSWORD)
        async with pool.acquire() as conn:
            for number in range(args.logins):
                await insert_registered_contact(
                    conn, shop.shop_id, _email(number), "Bench", "en", stored, confirmed=True
                )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        config = uvicorn.Config(
            create_app(settings, pool=pool), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
            await asyncio.sleep(0.05)
        limits = httpx.Limits(max_connections=args.concurrency + 4)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:
            never = asyncio.Event()
            await light_queries(client, shop.storefront_key, never, 50)  # warm up
            idle = await light_queries(client, shop.storefront_key, never, args.light)
            stop = asyncio.Event()
            during_task = asyncio.create_task(
                light_queries(client, shop.storefront_key, stop, 100_000)
            )
            done, elapsed = await storm(
                client, shop.storefront_key, args.logins, args.concurrency, args.seconds
            )
            stop.set()
            during = await during_task
        server.should_exit = True
        await serving
        await pool.close()
    rate = done / elapsed
    machine = f"{platform.machine()} {platform.processor() or ''}".strip()
    print(f"machine: {machine}, {cores} cores, Python {platform.python_version()}")
    params = (
        f"t={defaults.argon2_time_cost} m={defaults.argon2_memory_cost_kib} KiB "
        f"p={defaults.argon2_parallelism}"
    )
    print(
        f"argon2id {params}: {per_verify * 1000:.1f} ms per verify"
        f" -> bound {bound:.1f} logins/s ({cores} cores / s per verify)"
    )
    print(
        f"logins: {done} in {elapsed:.1f} s, {args.concurrency} concurrent"
        f" -> {rate:.1f} logins/s ({rate / bound:.0%} of the bound)"
    )
    for label, samples in (("idle", idle), ("during login storm", during)):
        print(
            f"light query {label}: p50 {percentile(samples, 0.5):.2f} ms"
            f"  p99 {percentile(samples, 0.99):.2f} ms  (n={len(samples)})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logins", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--light", type=int, default=500)
    asyncio.run(main(parser.parse_args()))
