"""One pooled connection per request, shared by its loaders.

A pool acquire and release costs a round trip of its own (asyncpg resets the connection on
release), so a request whose loaders each acquired a connection paid two round trips a
statement. `RequestConnection` acquires one connection on first use and hands it out, one user
at a time, through the small part of the pool interface loaders use (`acquire()`, `fetch`,
`fetchrow`, `fetchval`, `execute`); the endpoint releases it when the request ends. After that it
passes through to the pool. Use it for single statements and read batches, not transactions
that acquire again inside (the second acquire would wait for the first).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

import asyncpg


class ConnectionSource(Protocol):
    """What loaders need: a pool, or a request's connection."""

    def acquire(self) -> AbstractAsyncContextManager[asyncpg.Connection]: ...


class RequestConnection:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._closed = False

    @asynccontextmanager
    async def _shared(self) -> AsyncIterator[asyncpg.Connection]:
        async with self._lock:
            if self._closed:
                async with self.pool.acquire() as conn:
                    yield conn
                return
            if self._conn is None:
                self._conn = await self.pool.acquire()
            yield self._conn

    def acquire(self) -> AbstractAsyncContextManager[asyncpg.Connection]:
        return self._shared()

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        async with self._shared() as conn:
            return await conn.fetch(query, *args)  # type: ignore[no-any-return]

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        async with self._shared() as conn:
            return await conn.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        async with self._shared() as conn:
            return await conn.fetchval(query, *args)

    async def execute(self, query: str, *args: Any) -> str:
        async with self._shared() as conn:
            return await conn.execute(query, *args)  # type: ignore[no-any-return]

    async def release(self) -> None:
        """Give the connection back to the pool (idempotent)."""
        async with self._lock:
            self._closed = True
            conn, self._conn = self._conn, None
            if conn is not None:
                await self.pool.release(conn)
