"""Turns at the password-hashing threads, taken in rotation between clients.

A bounded hashing queue alone lets a dozen clients that keep it full lock every other
customer out of sign-in (all of them answered RATE_LIMITED). Here free threads go to the
waiting clients (the request's IP, `HASHING_CLIENT`) in rotation (round robin, one hash each),
so a customer's sign-in waits behind at most one hash of each other client instead of behind
the whole queue; and once half the places are taken, a client holds at most `per_client` of
them, so a few clients cannot fill it. Below half, one client may take more (a storefront's
server signing in many customers without forwarding their IPs). Work with no client (the CLI,
the demo seed, start-up) has no share limit.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from gateway import metrics
from gateway.errors import RateLimited

# The client a hash is done for (set by each request's context: its IP); None: the server's own.
HASHING_CLIENT: ContextVar[str | None] = ContextVar("hashing_client", default=None)


class FairGate:
    def __init__(self, workers: int, limit: int, per_client: int) -> None:
        self.limit = limit  # places in all (waiting or running)
        self.per_client = per_client
        self.queued = 0
        self._free = workers
        self._held: dict[str | None, int] = {}
        self._turns: OrderedDict[str | None, deque[asyncio.Future[None]]] = OrderedDict()

    def admits(self, client: str | None) -> bool:
        """Whether `turn` would take this client now (its queue place and share)."""
        held = self._held.get(client, 0)
        crowded = self.queued >= self.limit // 2  # shares bind only when places run short
        return not (
            self.queued >= self.limit
            or (client is not None and held >= self.per_client and crowded)
        )

    def admit(self) -> None:
        """RateLimited now when this request's client would be refused a turn: called before
        the work that leads to a hash (a sign-in's reads and writes), so a storm that the queue
        refuses costs no SQL. A place is not reserved: `turn` decides again."""
        if not self.admits(HASHING_CLIENT.get()):
            metrics.throttled("hashing")
            raise RateLimited(1)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait for this client's turn at a thread; RateLimited at once when the queue or the
        client's share is full."""
        self.admit()  # RateLimited when this client would be refused
        client = HASHING_CLIENT.get()
        self.queued += 1
        self._held[client] = self._held.get(client, 0) + 1
        try:
            await self._enter(client)
            try:
                yield
            finally:
                self._leave()
        finally:
            self.queued -= 1
            left = self._held[client] - 1
            if left:
                self._held[client] = left
            else:
                del self._held[client]

    async def _enter(self, client: str | None) -> None:
        if self._free > 0 and not self._turns:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._turns.setdefault(client, deque()).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._leave()  # the turn came as the wait was cancelled: pass it on
            else:
                waiting = self._turns.get(client)
                if waiting is not None and waiter in waiting:
                    waiting.remove(waiter)
                    if not waiting:
                        del self._turns[client]
            raise

    def _leave(self) -> None:
        """A thread is free: the next client in rotation gets it, else it stays free."""
        while self._turns:
            client, waiting = next(iter(self._turns.items()))
            waiter = waiting.popleft()
            if waiting:
                self._turns.move_to_end(client)
            else:
                del self._turns[client]
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1
