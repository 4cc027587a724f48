"""An asyncpg pool whose every acquire waits a bounded time and is counted while it waits.

asyncpg's `Pool.acquire()` waits forever by default: with the pool exhausted, requests hung
28-44 s. Here every acquire (including `pool.fetch(...)` and friends, which acquire
internally) waits at most `acquire_timeout` seconds and then raises `PoolExhausted`, answered
503 UNAVAILABLE with Retry-After (gateway/web/failures.py). `waiting` counts the tasks waiting
right now, for /metrics.

It overrides `Pool._acquire(timeout)`, the one coroutine behind both `await pool.acquire()` and
`async with pool.acquire()` (asyncpg 0.30-0.32; tests/under_fire/test_pool_exhaustion.py
proves the bound on the installed version). `release` no longer raises for a connection that
died while in use (see its doc).
"""

from __future__ import annotations

import logging
from typing import Any

import asyncpg

from gateway import metrics

log = logging.getLogger(__name__)


class PoolExhausted(asyncpg.InterfaceError):
    """No pooled connection became free within the acquire timeout. An `asyncpg.InterfaceError`,
    so the background tasks that already survive an unreachable database (the mail sender, the
    housekeeper, /readyz's ping) survive a busy pool the same way."""


class BoundedPool(asyncpg.Pool):
    def __init__(self, *args: Any, acquire_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acquire_timeout = acquire_timeout
        self.waiting = 0

    async def _acquire(self, timeout: float | None) -> Any:  # noqa: ASYNC109 - asyncpg's
        self.waiting += 1
        try:
            return await super()._acquire(timeout if timeout is not None else self.acquire_timeout)
        except TimeoutError:
            metrics.POOL_TIMEOUTS.inc()
            raise PoolExhausted(
                f"no database connection free within {self.acquire_timeout} s"
            ) from None
        finally:
            self.waiting -= 1

    async def release(self, connection: Any, *, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Give a connection back; one that died (its backend was terminated, the network
        dropped) is already closed by asyncpg, which then raises: that must not replace the
        request's answer (or its own error) with a bare failure, so it is logged instead."""
        try:
            await super().release(connection, timeout=timeout)
        except Exception as error:  # asyncpg terminates a connection whose reset failed
            if not _is_dead(connection):
                raise
            log.warning("released a dead database connection: %s", error)

    def in_use(self) -> int:
        return self.get_size() - self.get_idle_size()


def _is_dead(connection: Any) -> bool:
    try:
        return bool(connection.is_closed())
    except asyncpg.InterfaceError:  # the proxy was already detached: asyncpg cleaned it up
        return True
