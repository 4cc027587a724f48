"""SQL for housekeeping: what the gateway stops keeping once it is of no use."""

from __future__ import annotations

from datetime import timedelta

import asyncpg


def _count(status: str) -> int:
    return int(status.split()[-1])


async def delete_expired_checkouts(conn: asyncpg.Connection, grace: timedelta) -> int:
    """Checkouts past their expiry (open or completed: the order keeps its own copy)."""
    return _count(
        await conn.execute("delete from checkouts where expires_at < now() - $1::interval", grace)
    )


async def delete_dead_tokens(conn: asyncpg.Connection, grace: timedelta) -> int:
    return _count(
        await conn.execute(
            """delete from auth_tokens
               where expires_at < now() - $1::interval or used_at < now() - $1::interval""",
            grace,
        )
    )


async def delete_dead_sessions(conn: asyncpg.Connection, grace: timedelta) -> int:
    return _count(
        await conn.execute(
            """delete from sessions
               where expires_at < now() - $1::interval or revoked_at < now() - $1::interval""",
            grace,
        )
    )


async def delete_sent_mail(conn: asyncpg.Connection, grace: timedelta) -> int:
    return _count(
        await conn.execute("delete from mail_outbox where sent_at < now() - $1::interval", grace)
    )


async def try_lock(conn: asyncpg.Connection, key: int) -> bool:
    """Take the advisory lock `key` until the end of the current transaction, if free.
    Transaction-level, so it works through pgbouncer's transaction pooling."""
    return bool(await conn.fetchval("select pg_try_advisory_xact_lock($1)", key))
