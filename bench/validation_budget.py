"""Validation time of the worst documents the budget admits, and how long they hold the loop.

    .venv/bin/python bench/validation_budget.py [--rounds 5]

For each document: the budget walk and the validation (graphql-core's rules and ours, the
storefront schema, default settings), best of `--rounds`, in milliseconds; then, with the
documents prepared as the endpoint prepares them (`DocumentCache.prepare`, in its worker
thread), the longest the event loop went without running a 1 ms ticker (its lag), next to a
loop left alone, with CPython's default GIL switch interval and the server's. A benchmark, not
a test; no database needed.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import time

from graphql import GraphQLError, get_introspection_query, parse, validate

from gateway.app import _documents
from gateway.config import Settings
from gateway.web.budget import Budget, complexity_error, size_error
from gateway.web.gc_tuning import SWITCH_INTERVAL, tune_gc
from resolvers.schema import storefront_schema

SHAPES = {
    "n aliases x { name }": lambda n: (
        "{ " + " ".join(f"a{i}: storefront {{ name }}" for i in range(n)) + " }"
    ),
    "n x product(sku) { name sku } (same name)": lambda n: (
        "{ " + " ".join(['product(sku: "A") { name sku }'] * n) + " }"
    ),
    "n x the same field": lambda n: "{ storefront { " + " ".join(["name"] * n) + " } }",
    "n fragments spread in one set": lambda n: (
        "{ storefront { "
        + " ".join(f"...F{i}" for i in range(n))
        + " } } "
        + " ".join(f"fragment F{i} on Storefront {{ name }}" for i in range(n))
    ),
}


def admitted(text: str, settings: Settings, budget: Budget) -> bool:
    try:
        document = parse(text, max_tokens=settings.max_tokens)
    except GraphQLError:
        return False
    return size_error(text, budget) is None and complexity_error(document, budget) is None


def worst_documents(settings: Settings, budget: Budget) -> dict[str, str]:
    """For each shape, the largest document the default budget admits (and introspection)."""
    found = {}
    for label, make in SHAPES.items():
        n = 1
        while admitted(make(n + 1), settings, budget):
            n += 1
        found[label.replace("n ", f"{n} ", 1)] = make(n)
    found["introspection (every option)"] = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    return found


def best_ms(work, rounds: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


async def loop_lag(job) -> list[float]:  # type: ignore[no-untyped-def]
    """Every gap (ms) beyond its 1 ms sleep between ticks of a ticker while `job` runs."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append((now - last - 0.001) * 1000)
            last = now

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    await job()
    done.set()
    await ticking
    return gaps


def spread(gaps: list[float]) -> str:
    ordered = sorted(gaps)
    p50, p99 = ordered[len(ordered) // 2], ordered[int(0.99 * (len(ordered) - 1))]
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms"


async def lags(settings: Settings, documents: dict[str, str]) -> tuple[list[float], list[float]]:
    async def nothing() -> None:
        await asyncio.sleep(0.5)

    idle = await loop_lag(nothing)
    cache = _documents(storefront_schema, settings)

    async def prepare_all() -> None:
        for n in range(10):
            for text in documents.values():
                await cache.prepare(f"# {n}\n{text.replace('{', '{ ', 1)}")

    return idle, await loop_lag(prepare_all)


def main(args: argparse.Namespace) -> None:
    settings = Settings()
    cache = _documents(storefront_schema, settings)
    documents = worst_documents(settings, cache.budget)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"budget: {settings.max_document_bytes} bytes, {settings.max_document_fields} fields,"
        f" {settings.max_field_pairs} same-named pairs, {settings.max_tokens} tokens"
    )
    for label, text in documents.items():
        document = parse(text, max_tokens=settings.max_tokens)
        assert complexity_error(document, cache.budget) is None, label
        walk = best_ms(lambda d=document: complexity_error(d, cache.budget), args.rounds)
        checked = best_ms(lambda d=document: validate(cache.schema, d, cache.rules), args.rounds)
        print(f"{label:<48} {len(text):6d} B  walk {walk:6.2f} ms  validation {checked:7.2f} ms")
    default_interval = sys.getswitchinterval()
    tune_gc()  # as a serving process does: frozen start-up objects, fewer collections
    for interval in (default_interval, SWITCH_INTERVAL):
        sys.setswitchinterval(interval)  # the server sets SWITCH_INTERVAL (gc_tuning.py)
        idle, busy = asyncio.run(lags(settings, documents))
        print(f"loop lag, switch interval {interval * 1000:.1f} ms, idle: {spread(idle)}")
        print(
            f"loop lag, switch interval {interval * 1000:.1f} ms, while 50 such documents are"
            f" prepared in the worker thread: {spread(busy)}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    main(parser.parse_args())
