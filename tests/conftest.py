"""Test fixtures: one real PostgreSQL per run (embedded unless TEST_DATABASE_URL is set),
migrations applied once, every table emptied before each test; the real ASGI app over httpx."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.config import Settings
from gateway.database import create_pool, migrate, start_embedded
from gateway.db.tenant_scope import UNSCOPE_STATEMENT
from gateway.tenancy.shops import CreatedShop, create_shop

KEEP_TABLES = {"schema_migrations", "gateway_secrets"}


def make_settings(**overrides: Any) -> Settings:
    base = Settings.from_env({"GATEWAY_ENV": "test"})
    fast_hashing = {
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 1024,
        "mail_sender_enabled": False,
        "cookie_secure": False,
        "secret_key": "test-server-key-kept-outside-the-database",
        # Bursts of concurrent sign-ups test the database, not the hashing queue's bound
        # (tests/under_fire/test_hashing_queue.py sets its own).
        "password_hash_queue": 64,
        "password_hash_per_client": 64,
    }
    return replace(base, **{**fast_hashing, **overrides})


@pytest.fixture(scope="session")
def database_server_url() -> str:
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        return given
    # Not under pytest's /tmp/pytest-of-<user>: every pytest run starting on the machine takes
    # the group/other bits off that folder, and (as root) PostgreSQL runs as another user, so
    # initdb failed with "Permission denied" whenever another run started meanwhile.
    data_dir = Path(tempfile.mkdtemp(prefix="gateway-test-pg-"))
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)  # after the server stopped
    return start_embedded(data_dir)


@pytest.fixture(scope="session")
async def database_url(database_server_url: str) -> AsyncIterator[str]:
    """A fresh database for this run on that server, dropped afterwards."""
    name = f"gateway_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(database_server_url)
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    url = _with_database(database_server_url, name)
    yield url
    admin = await asyncpg.connect(database_server_url)
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await admin.close()


def _with_database(url: str, name: str) -> str:
    """Swap the database name of a postgresql:// URL (the path), keeping query options."""
    scheme, rest = url.split("://", 1)
    authority_path, sep, query = rest.partition("?")
    authority, _, _ = authority_path.partition("/")
    return f"{scheme}://{authority}/{name}{sep}{query}"


@pytest.fixture(scope="session")
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    the_pool = await create_pool(make_settings(db_pool_min=1, db_pool_max=10), database_url)
    async with the_pool.acquire() as conn:
        await migrate(conn)
    yield the_pool
    await the_pool.close()


@pytest.fixture(autouse=True)
async def clean_tables(request: pytest.FixtureRequest) -> None:
    if "pool" not in request.fixturenames:
        return
    the_pool: asyncpg.Pool = request.getfixturevalue("pool")
    tables = await the_pool.fetch("select tablename from pg_tables where schemaname = 'public'")
    names = [f'"{t["tablename"]}"' for t in tables if t["tablename"] not in KEEP_TABLES]
    if names:
        await the_pool.execute(f"truncate {', '.join(names)} restart identity cascade")


@pytest.fixture
def settings() -> Settings:
    return make_settings()


@pytest.fixture
async def app(pool: asyncpg.Pool, settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings, pool=pool)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
        yield c


@pytest.fixture
async def shop(pool: asyncpg.Pool) -> CreatedShop:
    return await create_shop(pool, "Test shop", "https://shop.example/account")


@pytest.fixture
async def other_shop(pool: asyncpg.Pool) -> CreatedShop:
    return await create_shop(pool, "Other shop", "https://other.example/account")


_STATEMENT_METHODS = ("fetch", "fetchrow", "fetchval", "execute", "executemany")


def _is_scope_statement(query: object) -> bool:
    return isinstance(query, str) and (
        query.startswith(" select set_config(") or query == UNSCOPE_STATEMENT
    )


class StatementCounter:
    """What `statements` saw: how many (`count`, which tests may reset) and which, with their
    arguments (`sent`)."""

    def __init__(self) -> None:
        self.count = 0
        self.sent: list[tuple[str, tuple[Any, ...]]] = []


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[StatementCounter]:
    """The statements our code sends through asyncpg connections, counted and kept. Left out:
    the pool's own reset on release, and row-level security's settings statement, sent only
    when a connection changes shop (gateway/db/tenant_scope.py; counted by
    tests/under_fire/test_row_level_security.py)."""
    counter = StatementCounter()
    for name in _STATEMENT_METHODS:
        original = getattr(asyncpg.connection.Connection, name)

        def counted(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            query = args[0] if args else None
            if not (query == self.get_reset_query() or _is_scope_statement(query)):
                counter.count += 1
                if isinstance(query, str):
                    counter.sent.append((query, args[1:]))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(asyncpg.connection.Connection, name, counted)
    yield counter
