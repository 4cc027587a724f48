"""Sliding session expiry, written off the request path in batches.

A session used after `TOUCH_INTERVAL` of quiet gets its last-used time and expiry moved on
(see `gateway.accounts.sessions.resolve_viewer`). Writing that UPDATE while answering cost
the request a round trip and a row lock (up to ~10% of throughput when many customers came
back at once; issue 15). Instead the use is queued here and one statement writes every queued
session within `delay` seconds; the times written are those of the use, not of the write, so
the expiry slides exactly as if written at once. A session is never revived: only rows still
unrevoked and unexpired at the time of use are written. Uses queued when the process dies
unflushed are lost; that session then slides on its next use (at most `TOUCH_INTERVAL` of
its sliding is lost, never its validity).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from uuid import UUID

import asyncpg

from gateway.db import viewer as db
from gateway.db.tenant_scope import all_shops

log = logging.getLogger("gateway.sessions")

FLUSH_DELAY_SECONDS = 1.0


class SessionTouches:
    """Queued session uses of one process (`Services.session_touches`)."""

    def __init__(self, pool: asyncpg.Pool, delay: float = FLUSH_DELAY_SECONDS) -> None:
        self._pool = pool
        self._delay = delay
        self._pending: dict[UUID, tuple[datetime, int]] = {}
        self._task: asyncio.Task[None] | None = None
        self._sleeping = False

    def add(self, session_id: UUID, used_at: datetime, ttl_days: int) -> None:
        """Queue a use: expiry becomes `used_at` + `ttl_days` (never earlier than it is)."""
        self._pending[session_id] = (used_at, ttl_days)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._flush_later())

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def _flush_later(self) -> None:
        self._sleeping = True
        try:
            await asyncio.sleep(self._delay)
        finally:
            self._sleeping = False
        try:
            await self.flush()
        except Exception:  # logged; the sessions slide on their next use
            log.exception("writing %d session uses failed", self.pending)

    async def flush(self) -> int:
        """Write every queued use now (one statement); returns the number of sessions."""
        pending, self._pending = self._pending, {}
        if not pending:
            return 0
        # Sessions of every shop, whichever request's task (bound to its shop for row-level
        # security, gateway/db/tenant_scope.py) started the timer: cross shops explicitly.
        with all_shops():
            async with self._pool.acquire() as conn:
                await db.touch_sessions(conn, pending)
        return len(pending)

    async def close(self) -> None:
        """Stop the timer and write what is queued (at shutdown)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            if self._sleeping:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task  # a flush under way finishes
        await self.flush()
