"""A small keep-alive HTTP/1.1 load client in the benchmark's own process (when wrk is
missing): it takes CPU from the servers it measures, so prefer wrk."""

from __future__ import annotations

import asyncio
import statistics
import time


async def one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> bytes:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"HTTP {status.decode()}: {head!r}")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return await reader.readexactly(length)


async def load(port: int, raw: bytes, seconds: float, connections: int) -> dict[str, float]:
    latencies: list[float] = []

    async def worker(stop_at: float, record: bool) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                await one(reader, writer, raw)
                if record:
                    latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    warm_until = time.perf_counter() + 2
    await asyncio.gather(*(worker(warm_until, False) for _ in range(connections)))
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(worker(stop_at, True) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50": cuts[49] * 1000, "p99": cuts[98] * 1000}
