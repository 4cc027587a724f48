"""SQL for /metrics: how many mails wait in the outbox and how old the oldest is."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class OutboxStats:
    pending: int
    oldest_age_seconds: float  # 0 when nothing waits


async def outbox_stats(conn: asyncpg.Connection) -> OutboxStats:
    """Unsent mails of every shop (uses the partial index mail_outbox_pending)."""
    row = await conn.fetchrow(
        """select count(*) as pending,
                  coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
           from mail_outbox where sent_at is null"""
    )
    assert row is not None
    return OutboxStats(int(row["pending"]), float(row["oldest"]))
