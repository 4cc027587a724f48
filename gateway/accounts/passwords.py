"""argon2id hashing in a bounded worker pool, never on the event loop.

Passwords are hashed in Unicode NFKC (NIST SP 800-63B, 5.1.1.2: "the verifier SHOULD apply the
Normalization Process for Stabilization of Strings using either the NFKC or NFKD normalization"),
so every equivalent spelling of a password (precomposed or combining accents, full-width
forms) signs in. Hashes made before that were of the password as typed: when the NFKC form does
not verify and the typed form differs from it, the typed form is tried too (the caller rehashes
on success, see `needs_rehash`).

The queue is bounded: at most `password_hash_queue` hashes wait or run at once (PASSWORD_HASH_QUEUE,
default 16 per worker), at most `password_hash_per_client` of them for one client IP
(PASSWORD_HASH_PER_CLIENT, default 2); one more raises `RateLimited` (RATE_LIMITED, retry in a
second) at once instead of waiting behind the others (an unbounded queue kept logins waiting
6.6 s in a storm). Free threads go to the waiting clients in rotation (fair_gate.py), so a storm
from a few clients delays another customer's sign-in by one hash per storming client instead of
locking it out. Unknown addresses pass the same queue, so a full queue tells nothing about an
address.
"""

from __future__ import annotations

import asyncio
import os
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gateway.accounts.fair_gate import FairGate
from gateway.config import Settings

T = TypeVar("T")

# Hashing threads run this much nicer than the process (Linux: niceness is per thread), so the
# event loop and PostgreSQL preempt them: a login storm fills the idle cores without slowing
# every other request (issue 15: a light query's p99 during a storm). Not SCHED_IDLE, which was
# tried: against one busy process on its core a hash then gets about 0.3% of it (QA measured
# logins 6x slower beside a nice-19 loop; beside steady nice-0 load a 1-vCPU host would time
# sign-ins out), and a thread that is descheduled for long while it holds the GIL stalls the
# event loop. At +10 a hash still gets about a tenth of a core beside a busy nice-0 process.
HASH_THREAD_NICENESS = 10


def _lower_thread_priority() -> None:
    """ThreadPoolExecutor initializer: this worker thread only, a no-op where unsupported."""
    try:
        thread = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, current + HASH_THREAD_NICENESS))
    except (AttributeError, OSError):
        pass


def normalise(password: str) -> str:
    """The one spelling of a password that is hashed: Unicode NFKC."""
    return unicodedata.normalize("NFKC", password)


@dataclass(frozen=True)
class Verified:
    ok: bool
    legacy: bool  # matched the password as typed, not its NFKC form: rehash it


class Passwords:
    """Hash and verify passwords off the event loop; at most `password_hash_workers` hashes
    run at once (default: one per core), in threads of lower CPU priority."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost_kib,
            parallelism=settings.argon2_parallelism,
        )
        self._pool = ThreadPoolExecutor(
            max_workers=settings.password_hash_workers,
            thread_name_prefix="argon2",
            initializer=_lower_thread_priority,
        )
        # Verified against for unknown addresses, so they cost the same as known ones.
        self._dummy_hash = self._hasher.hash("dummy password for unknown accounts")
        self.queue_limit = settings.password_hash_queue
        self._gate = FairGate(
            settings.password_hash_workers,
            settings.password_hash_queue,
            settings.password_hash_per_client,
        )

    @property
    def queued(self) -> int:
        """Hashes waiting or running now."""
        return self._gate.queued

    def admit(self) -> None:
        """RateLimited at once when this request's client would be refused a hash now (see
        `FairGate.admit`): for callers with reads and writes to do before their hash."""
        self._gate.admit()

    async def _run(self, work: Callable[..., T], *args: Any) -> T:
        async with self._gate.turn():  # RateLimited when full (gateway/accounts/fair_gate.py)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, work, *args)

    async def hash(self, password: str) -> str:
        """The argon2id hash of the password's NFKC form; RateLimited when the queue is full."""
        return await self._run(self._hasher.hash, normalise(password))

    def _verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy_hash, password) and (
                stored_hash is not None
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _verify_any_spelling(self, stored_hash: str | None, password: str) -> Verified:
        normalised = normalise(password)
        if self._verify(stored_hash, normalised):
            return Verified(True, legacy=False)
        if normalised == password:
            return Verified(False, legacy=False)
        # A hash made before passwords were normalised; the time spent depends only on the
        # typed password, never on whether the account exists.
        return Verified(self._verify(stored_hash, password), legacy=True)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when the password matches; with no stored hash, spend the same time and fail."""
        return (await self.check(stored_hash, password)).ok

    async def check(self, stored_hash: str | None, password: str) -> Verified:
        """Like `verify`, and says whether the hash is of the typed (unnormalised) form;
        RateLimited when the queue is full."""
        return await self._run(self._verify_any_spelling, stored_hash, password)

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
