"""SQL for /metrics: how many mails wait in the outbox and how old the oldest is."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class OutboxStats:
    pending: int
    oldest_age_seconds: float  # 0 when nothing waits
    dead_letters: int  # given up (failed_at set): listed by the admin API's mailFailures


async def outbox_stats(conn: asyncpg.Connection) -> OutboxStats:
    """Unsent mails of every shop still being tried, and the dead letters."""
    row = await conn.fetchrow(
        """select count(*) filter (where failed_at is null) as pending,
                  coalesce(extract(epoch from now() - min(created_at)
                                   filter (where failed_at is null)), 0)::float8 as oldest,
                  count(*) filter (where failed_at is not null) as dead
           from mail_outbox where sent_at is null"""
    )
    assert row is not None
    return OutboxStats(int(row["pending"]), float(row["oldest"]), int(row["dead"]))
