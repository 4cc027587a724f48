"""Housekeeping: purge what is no longer needed, once an hour, by one replica at a time.

Expired checkouts (with the e-mail, name and addresses typed into them), used or expired
mailed tokens, ended sessions, delivered mail and idle throttle counters are deleted after a
grace period. Nothing here is needed for an order, an invoice or a live session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

import asyncpg

from gateway.db import maintenance as db
from gateway.db import oidc, sso, throttles

log = logging.getLogger(__name__)

LOCK_KEY = 7_331_004_212
GRACE = timedelta(days=30)
THROTTLE_IDLE = timedelta(days=1)


@dataclass(frozen=True)
class Swept:
    checkouts: int
    tokens: int
    sessions: int
    mails: int
    throttle_counters: int
    sso_token_ids: int = 0
    oidc_attempts: int = 0


async def sweep(pool: asyncpg.Pool, grace: timedelta = GRACE) -> Swept | None:
    """One pass; None when another replica holds the lock."""
    async with pool.acquire() as conn, conn.transaction():
        if not await db.try_lock(conn, LOCK_KEY):  # held until this transaction ends
            return None
        return Swept(
            checkouts=await db.delete_expired_checkouts(conn, grace),
            tokens=await db.delete_dead_tokens(conn, grace),
            sessions=await db.delete_dead_sessions(conn, grace),
            mails=await db.delete_sent_mail(conn, grace),
            throttle_counters=await throttles.prune(conn, THROTTLE_IDLE),
            sso_token_ids=await sso.delete_expired_uses(conn),
            oidc_attempts=await oidc.delete_dead_attempts(conn),
        )


class Housekeeper:
    """Runs `sweep` every `interval` seconds in the background until stopped."""

    def __init__(self, pool: asyncpg.Pool, interval: float) -> None:
        self._pool = pool
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="housekeeper")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                swept = await sweep(self._pool)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.exception("housekeeping failed; trying again next time")
                continue
            if swept is not None:
                log.info("housekeeping: %s", swept)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
