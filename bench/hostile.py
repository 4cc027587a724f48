"""A light query's latency alone and while each attack of issue 14 runs. A benchmark, not a test.

    .venv/bin/python bench/hostile.py [--seconds 15]

Starts a gateway (`gateway serve`, its own process, development settings with the default
limits and the production argon2 parameters) on an embedded PostgreSQL in a temporary directory,
then measures `{ storefront { name } }` from one sequential client, idle for `--seconds` right
before each attack and during it:
- the cost bomb: 15 aliases of `viewer { orders(first: 100) { edges { node { lines { sku name }
  } } } }`, aliases renamed on every request so no cache helps, 4 clients;
- the validation bomb: `{ storefront { name name ... } }` (1,500 times, ~7.5 KB) behind a
  random comment and with a random alias, so no cache by text or tokens helps, 4 clients;
- a login storm: 40 clients signing in (right passwords, 400 accounts) back to back.
Attackers run in another process, so their own work does not delay the measuring client.
Target (issue 14): the p99 under each attack within 3x the idle p99.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import asyncpg
import httpx
from argon2 import PasswordHasher

from gateway.config import Settings
from gateway.database import migrate, start_embedded
from gateway.db.identity import insert_registered_contact
from gateway.tenancy.shops import create_shop

PASSWORD = "benchmark passphrase"
ACCOUNTS = 400
LIGHT = "{ storefront { name } }"
LOGIN = """mutation L($email: String!, $password: String!) {
  login(email: $email, password: $password) { session { token } errors { code } }
}"""
# "busy light clients" is no attack: 4 clients sending the light query back to back, the load
# any 4 eager clients make; it separates what an attack costs from what its traffic costs.
ATTACKS = (
    ("busy light clients", 4),
    ("cost bomb", 4),
    ("validation bomb", 4),
    ("login storm", 40),
)


def cost_bomb() -> str:
    tag = random.getrandbits(32)
    return (
        "{ "
        + " ".join(
            f"a{tag}x{i}: viewer {{ orders(first: 100) {{ edges {{ node {{ lines {{ sku name }} }}"
            " } } }"
            for i in range(15)
        )
        + " }"
    )


def validation_bomb() -> str:
    """A random comment (the issue's: defeats a cache keyed on text) and a random alias (defeats
    the token key too: every request is a new text)."""
    tag = random.getrandbits(64)
    return f"# {tag}\n{{ storefront {{ a{tag}: name " + "name " * 1500 + "} }"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def light_queries(base: str, key: str, *, count: int = 0, seconds: float = 0) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while (count and len(latencies) < count) or (seconds and time.perf_counter() < deadline):
            started = time.perf_counter()
            response = await client.post(
                "/graphql", json={"query": LIGHT}, headers={"X-Storefront-Key": key}
            )
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
    return latencies


async def _attack(kind: str, base: str, key: str, clients: int, seconds: float) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def one(worker: int) -> None:
            n = worker
            while time.perf_counter() < deadline:
                if kind == "busy light clients":
                    body = {"query": LIGHT}
                elif kind == "login storm":
                    n = (n + clients) % ACCOUNTS
                    body = {"query": LOGIN, "variables": {"email": _email(n), "password": PASSWORD}}
                else:
                    body = {"query": cost_bomb() if kind == "cost bomb" else validation_bomb()}
                try:
                    response = await client.post(
                        "/graphql", json=body, headers={"X-Storefront-Key": key}
                    )
                    answer = response.json()
                    errors = answer.get("errors") or []
                    if not errors and kind == "login storm":  # a payload's own errors
                        errors = [
                            {"extensions": e}
                            for e in ((answer.get("data") or {}).get("login") or {}).get("errors")
                            or []
                        ]
                    code = errors[0]["extensions"]["code"] if errors else "ok"
                    outcomes[f"{response.status_code} {code}"] += 1
                except httpx.HTTPError as error:
                    outcomes[type(error).__name__] += 1

        await asyncio.gather(*(one(i) for i in range(clients)))
    return outcomes


def attack_process(
    kind: str, base: str, key: str, clients: int, seconds: float, out: multiprocessing.Queue
) -> None:
    out.put(asyncio.run(_attack(kind, base, key, clients, seconds)))


def _email(number: int) -> str:
    return f"storm{number}@example.com"


async def seed(url: str) -> str:
    defaults = Settings()
    stored = PasswordHasher(
        time_cost=defaults.argon2_time_cost,
        memory_cost=defaults.argon2_memory_cost_kib,
        parallelism=defaults.argon2_parallelism,
    ).hash(PASSWORD)
    pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Hostile shop")
    async with pool.acquire() as conn:
        for number in range(ACCOUNTS):
            await insert_registered_contact(
                conn, shop.shop_id, _email(number), "Storm", "en", stored, confirmed=True
            )
    await pool.close()
    return shop.storefront_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gateway(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GATEWAY_ENV": "development",
        "GATEWAY_DATA_DIR": str(data_dir),
        "GATEWAY_MAIL_SENDER": "false",
        "GATEWAY_HOUSEKEEPING_SECONDS": "0",
        "GATEWAY_SECRET_KEY": "hostile-benchmark-server-key-0123456789",
        "LOGIN_FAILURES_PER_IP": "1000000",
        "REQUESTS_PER_IP": "1000000",
        "DB_POOL_MAX": "20",
    }
    env.pop("DATABASE_URL", None)
    gateway = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return gateway
        except httpx.HTTPError:
            time.sleep(0.2)
    gateway.terminate()
    raise SystemExit("the gateway did not start within 60 s")


def line(label: str, samples: list[float], idle_p99: float | None) -> str:
    p99 = percentile(samples, 0.99)
    ratio = f"  {p99 / idle_p99:.1f}x idle p99" if idle_p99 else ""
    return (
        f"{label:<22} p50 {percentile(samples, 0.5):7.2f} ms  p99 {p99:7.2f} ms"
        f"  (n={len(samples)}){ratio}"
    )


def main(args: argparse.Namespace) -> None:
    load_before = f"{os.getloadavg()[0]:.1f}"  # the machine is shared: say how busy it was
    with tempfile.TemporaryDirectory(prefix="gateway-hostile-") as tmp:
        data_dir = Path(tmp)
        # The gateway joins this embedded server (same data directory); the last one out stops it.
        key = asyncio.run(seed(start_embedded(data_dir)))
        port = free_port()
        gateway = start_gateway(data_dir, port)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(light_queries(base, key, count=100))  # warm up
            rows = []
            idle_all: list[float] = []
            context = multiprocessing.get_context("spawn")
            for kind, clients in ATTACKS:
                # Idle as long as the attack, right before it: each attack is compared with
                # the machine as it was around it, on as many samples (a p99 of a few hundred
                # samples swings by half from one minute to the next on a shared machine).
                idle = asyncio.run(light_queries(base, key, seconds=args.seconds))
                idle_p99 = percentile(idle, 0.99)
                idle_all += idle
                rows.append(line(f"idle before {kind}", idle, None))
                out: multiprocessing.Queue = context.Queue()
                attacker = context.Process(
                    target=attack_process,
                    args=(kind, base, key, clients, args.seconds + 2, out),
                )
                attacker.start()
                time.sleep(1.0)  # let the attack ramp up
                during = asyncio.run(light_queries(base, key, seconds=args.seconds))
                outcomes = out.get(timeout=args.seconds + 180)
                attacker.join()
                total = sum(outcomes.values())
                rows.append(line(f"during {kind}", during, idle_p99))
                rate = total / (args.seconds + 2)
                shown = ", ".join(f"{k}: {v}" for k, v in outcomes.most_common())
                rows.append(f"    {kind}: {clients} clients, {rate:.1f} req/s ({shown})")
        finally:
            gateway.terminate()
            gateway.wait(timeout=60)
    machine = f"{platform.machine()} {platform.processor() or ''}".strip()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"light query {LIGHT!r}, one sequential client; {args.seconds:.0f} s per attack")
    print(f"load average before / after: {load_before} / {os.getloadavg()[0]:.1f}")
    for row in rows:
        print(row)
    print(line("idle, all windows", idle_all, None))
    print("target: p99 during each attack within 3x the idle p99 (of the window before it)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0)
    main(parser.parse_args())
