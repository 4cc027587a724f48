"""The gateway app with its stalls accounted for, for benchmarks (`bench/dashboard.py --probe`).

Records, from the moment the app is made until the server stops:
- garbage collections per generation (`gc.callbacks`): count, total and longest pause (ms);
  collections made before and by start-up's freeze (`gateway/web/gc_tuning.py`) are left out;
- event-loop lag: a task asks to wake every 10 ms and records how late it woke (a stall of
  the loop: a long callback, a collection, the process waiting for a core);
- pool waits: how long `asyncpg.Pool.acquire` took to hand out a connection.

Writes them as JSON to STALL_PROBE_OUT every second and at shutdown. Not for production.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg

from gateway.app import create_app as create_gateway

_gc: dict[int, list[float]] = {0: [], 1: [], 2: []}
_gc_started = [0.0]
_lags: list[float] = []
_waits: list[float] = []
_serving = [False]


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    elif _serving[0]:
        _gc[info["generation"]].append(time.perf_counter() - _gc_started[0])


def _summary(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"n": 0, "p99_ms": 0.0, "max_ms": 0.0, "total_ms": 0.0}
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "max_ms": ordered[-1] * 1000,
        "total_ms": sum(ordered) * 1000,
    }


def _write() -> None:
    out = os.environ.get("STALL_PROBE_OUT")
    if not out:
        return
    report = {
        "gc": {str(g): _summary(v) for g, v in _gc.items()},
        "loop_lag": _summary(_lags),
        "pool_wait": _summary(_waits),
        "gc_tracked_objects": len(gc.get_objects()),
        "gc_stats": gc.get_stats(),
    }
    Path(out).write_text(json.dumps(report))


def _time_pool_acquire() -> None:
    original = asyncpg.pool.Pool._acquire

    async def timed(self: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(self, *args)
        finally:
            _waits.append(time.perf_counter() - started)

    asyncpg.pool.Pool._acquire = timed  # type: ignore[method-assign]


async def _watch_loop() -> None:
    period = 0.01
    while True:
        expected = time.perf_counter() + period
        await asyncio.sleep(period)
        _lags.append(max(0.0, time.perf_counter() - expected))
        if len(_lags) % 100 == 0:
            _write()


def create_app() -> Any:
    gc.callbacks.append(_on_gc)
    _time_pool_acquire()
    app = create_gateway()
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(the_app: Any) -> AsyncIterator[None]:
        async with inner(the_app):
            _serving[0] = True  # start-up (and its freeze) is over
            watcher = asyncio.get_running_loop().create_task(_watch_loop())
            try:
                yield
            finally:
                watcher.cancel()
                _write()

    app.router.lifespan_context = lifespan
    return app
