"""Benchmark: `gateway import-contacts` against a raw COPY of the same rows, same run.

    .venv/bin/python bench/import.py [--rows 100000] [--invalid-every 100]

Generates a CSV of `--rows` contacts (every `--invalid-every`th row has a bad e-mail address, so
1% by default; names, phones, locales, 10 customer groups, every 10th row in one of 50
organisations), imports it with the real command in a child process (wall time, max RSS of the
child), then imports it again (the idempotent second run), and loads the same file with a raw
`COPY ... FROM STDIN (FORMAT csv)` into a bare table with the same columns. Prints both times,
the ratio (target: within 3x of the raw COPY) and the max RSS (target: under 200 MB). For
scale it also times one INSERT ... SELECT of the valid rows from that bare table into the
real `contacts` table (its indexes, foreign keys, checks): the database's own floor for
writing these rows, whatever the importer does.
Database: `gateway_bench_import` on DATABASE_URL's server, or an embedded PostgreSQL under
./.gateway-bench. Not a test: the numbers depend on the machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gateway.database import migrate, start_embedded  # noqa: E402
from gateway.tenancy.shops import create_shop  # noqa: E402

COLUMNS = "email,full_name,phone,locale,customer_group,organisation,organisation_role"
DATABASE = "gateway_bench_import"


def write_csv(path: Path, rows: int, invalid_every: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(COLUMNS + "\n")
        for i in range(rows):
            bad = invalid_every and i % invalid_every == invalid_every - 1
            email = f"customer{i}@@example.com" if bad else f"customer{i}@example.com"
            org, role = (
                (f"Company {i % 50}", "BUYER" if i % 20 else "ADMIN") if i % 10 == 0 else ("", "")
            )
            out.write(
                f'{email},"Customer {i}, Jr",+31 6 {i % 100_000_000:08d},'
                f"{'nl' if i % 2 else 'en'},Group {i % 10},{org},{role}\n"
            )


def with_database(url: str, name: str) -> str:
    scheme, rest = url.split("://", 1)
    authority_path, sep, query = rest.partition("?")
    authority, _, _ = authority_path.partition("/")
    return f"{scheme}://{authority}/{name}{sep}{query}"


async def fresh_database(server_url: str) -> str:
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'drop database if exists "{DATABASE}" with (force)')
        await admin.execute(f'create database "{DATABASE}"')
    finally:
        await admin.close()
    return with_database(server_url, DATABASE)


def run_command(url: str, shop_id: str, path: Path) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "import-contacts", "--shop", shop_id, str(path),
         "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(result.stdout.strip().splitlines()[-1])


async def sql_floor(url: str, shop_id: str) -> float:
    """The database's own floor for the real table: one INSERT ... SELECT of the valid rows
    from the bare table into `contacts` (its indexes, foreign keys and checks), another shop."""
    conn = await asyncpg.connect(url)
    try:
        started = time.perf_counter()
        await conn.execute(
            """insert into contacts (shop_id, email, full_name, is_guest, locale, phone)
               select $1::uuid, email, full_name, false, locale, phone from bare_contacts
               where email not like '%@@%'""",
            shop_id,
        )
        return time.perf_counter() - started
    finally:
        await conn.close()


async def raw_copy(url: str, path: Path) -> float:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            """create table bare_contacts (email text, full_name text, phone text, locale text,
               customer_group text, organisation text, organisation_role text)"""
        )
        started = time.perf_counter()
        with path.open("rb") as source:
            await conn.copy_to_table("bare_contacts", source=source, format="csv", header=True)
        return time.perf_counter() - started
    finally:
        await conn.close()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--invalid-every", type=int, default=100)
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url = await fresh_database(server_url)
    pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
    async with pool.acquire() as conn:
        await migrate(conn)
    shop = await create_shop(pool, "Import bench shop", "https://shop.example/account")
    floor_shop = await create_shop(pool, "Floor shop", "https://shop.example/account")
    await pool.close()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "contacts.csv"
        write_csv(path, args.rows, args.invalid_every)
        size_mb = path.stat().st_size / 1e6
        first_time, first = run_command(url, str(shop.shop_id), path)
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second_time, second = run_command(url, str(shop.shop_id), path)
        copy_time = await raw_copy(url, path)
        floor_time = await sql_floor(url, str(floor_shop.shop_id))

    counts = {k: first[k] for k in ("created", "updated", "unchanged", "failed")}
    again = {k: second[k] for k in ("created", "updated", "unchanged", "failed")}
    print(f"machine: {machine()}")
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB, 1 in {args.invalid_every} invalid")
    print(f"import-contacts, first run:  {first_time:6.2f} s  {counts}")
    print(f"import-contacts, second run: {second_time:6.2f} s  {again}")
    print(f"raw COPY into a bare table:  {copy_time:6.2f} s")
    print(f"for scale, INSERT ... SELECT of the valid rows into contacts: {floor_time:6.2f} s")
    ratio = first_time / copy_time
    print(f"ratio (first run / raw COPY): {ratio:.2f}x  (target: within 3x)")
    print(f"max RSS of the command: {rss_mb:.0f} MB  (target: under 200 MB)")


if __name__ == "__main__":
    asyncio.run(main())
