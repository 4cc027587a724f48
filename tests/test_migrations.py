"""Migrations: ordered, recorded, applied once even when replicas start together."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from gateway.database import load_migrations, migrate
from tests.conftest import _with_database


async def test_concurrent_migrations_apply_each_once(database_server_url: str) -> None:
    name = f"gateway_migrate_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(database_server_url)
    await admin.execute(f'create database "{name}"')
    try:
        url = _with_database(database_server_url, name)
        conns = [await asyncpg.connect(url) for _ in range(4)]
        try:
            results = await asyncio.gather(*(migrate(c) for c in conns))
            applied = [v for r in results for v in r]
            expected = [m.version for m in load_migrations()]
            assert sorted(applied) == sorted(expected)  # each exactly once, across replicas
            assert await migrate(conns[0]) == []
            rows = await conns[0].fetch("select version from schema_migrations order by version")
            assert [r["version"] for r in rows] == expected
        finally:
            for c in conns:
                await c.close()
    finally:
        await admin.execute(f'drop database "{name}" with (force)')
        await admin.close()
