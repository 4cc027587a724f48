"""Garbage-collector settings for a serving process.

A large answer (`prices` for 1,000 SKUs, a dashboard) allocates tens of thousands of short-lived
objects; with CPython's default first-generation threshold (700 allocations) that runs hundreds
of collections a request, each scanning what survived, and the long-lived objects made at start
(schema, compiled plans, modules) are scanned again and again. Measured with `bench/pricing.py`'s
request for 500 SKUs in-process: about 220 collections a request and a quarter of its CPU time.
After start-up the objects that exist are frozen (never scanned again) and the first generation
collects every `GC_GEN0_THRESHOLD` allocations instead.

The interpreter's switch interval is shortened too (`SWITCH_INTERVAL`, seconds): new documents
are parsed and validated in a worker thread (gateway/web/documents.py), and while it holds the
GIL the event loop waits up to the interval each time it wants to run (CPython's default is
5 ms: a light query needing a few turns of the loop waited 10-20 ms more during a flood of new
documents; measured with bench/hostile.py).
"""

from __future__ import annotations

import gc
import sys

GC_GEN0_THRESHOLD = 50_000
SWITCH_INTERVAL = 0.0005


def tune_gc() -> None:
    """Call once the process has started (everything long-lived exists)."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
    sys.setswitchinterval(SWITCH_INTERVAL)
