"""Connection pool, the embedded PostgreSQL when DATABASE_URL is unset, and migrations."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from gateway.config import Settings
from gateway.db.data_migrations import DATA_STEPS
from gateway.db.tenant_scope import (
    SessionScopedConnection,
    TransactionScopedConnection,
    all_shops,
)
from gateway.pool import BoundedPool

log = logging.getLogger(__name__)

# Any fixed 64-bit number: every replica takes this lock before it migrates.
MIGRATION_LOCK_KEY = 7_331_004_211


@dataclass(frozen=True)
class Migration:
    version: str
    sql: str


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL under data_dir and return its URL.

    Shared by every process using the same directory and stopped by the last one out; see
    `gateway/embedded_postgres.py` for how crashed and signalled processes are accounted for.
    """
    from gateway.embedded_postgres import start_embedded as start

    return start(data_dir)


async def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return await asyncio.to_thread(start_embedded, settings.data_dir)


async def _init_connection(conn: asyncpg.Connection) -> None:
    with all_shops():  # a new connection, whichever task happened to need it
        await conn.set_type_codec(
            "jsonb",
            encoder=lambda v: orjson.dumps(v).decode(),
            decoder=orjson.loads,
            schema="pg_catalog",
        )


async def create_pool(settings: Settings, url: str | None = None) -> asyncpg.Pool:
    """The pool; its connections apply a request's shop per transaction (row-level security,
    gateway/db/tenant_scope.py). With DATABASE_POOLER=transaction (pgbouncer's transaction
    pooling) nothing may live in the server session: no named prepared statements (asyncpg's
    statement cache is off) and no startup settings (pgbouncer 1.18 refuses unknown ones), so
    the public URL is set per transaction where SQL reads it."""
    dsn = url or await database_url(settings)
    pooled = settings.database_pooler == "transaction"
    pool = BoundedPool(
        dsn,
        acquire_timeout=settings.db_acquire_timeout_seconds,
        min_size=min(settings.db_pool_min, settings.db_pool_max),
        max_size=settings.db_pool_max,
        max_queries=50000,
        max_inactive_connection_lifetime=300.0,
        init=_init_connection,
        loop=None,
        record_class=asyncpg.Record,
        command_timeout=30,
        connection_class=(
            TransactionScopedConnection.with_public_url(settings.public_url)
            if pooled
            else SessionScopedConnection
        ),
        statement_cache_size=0 if pooled else 100,
        server_settings={
            # Names the gateway's backends in pg_stat_activity (DB_APPLICATION_NAME); pgbouncer
            # passes application_name on (it refuses other startup settings).
            "application_name": settings.db_application_name,
        }
        | (
            {}
            if pooled
            # Read by SQL that builds a storefront's hosted account URL (gateway/db/shops.py).
            else {"gateway.public_url": settings.public_url}
        ),
    )
    await pool  # opens min_size connections, as asyncpg.create_pool does
    return pool


def load_migrations() -> list[Migration]:
    folder = resources.files("gateway") / "migrations"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [Migration(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Apply pending migrations in order under an advisory lock; return the versions applied.
    Migrations cross shops: run them with no shop bound (the CLI and start-up do)."""
    applied_now: list[str] = []
    # One transaction holding a transaction-level advisory lock: nothing outlives it, so this
    # works through pgbouncer's transaction pooling too (a session lock could be taken on one
    # server connection and "released" on another). Each migration is a savepoint.
    async with conn.transaction():
        await conn.execute("select pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
        await conn.execute(
            """create table if not exists schema_migrations (
                   version text primary key,
                   applied_at timestamptz not null default now())"""
        )
        done = {r["version"] for r in await conn.fetch("select version from schema_migrations")}
        for migration in load_migrations():
            if migration.version in done:
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                data_step = DATA_STEPS.get(migration.version)
                if data_step is not None:
                    await data_step(conn)
                await conn.execute(
                    "insert into schema_migrations (version) values ($1)", migration.version
                )
            log.info("applied migration %s", migration.version)
            applied_now.append(migration.version)
    return applied_now


async def ping(pool: asyncpg.Pool, within: float = 2.0) -> bool:
    try:
        async with asyncio.timeout(within):
            return await pool.fetchval("select 1") == 1
    except (OSError, asyncpg.PostgresError, TimeoutError, asyncpg.InterfaceError):
        return False


def record_to_dict(record: Any) -> dict[str, Any]:
    return dict(record.items())
