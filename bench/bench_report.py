"""What benchmarks print besides their figures: the machine, the server stack, a process's CPU
time, and bench/stall_probe.py's figures."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()}"
    )


WRK_MISSING = (
    "wrk is not installed (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk); "
    "without it use --client python, whose load shares the CPU with the servers"
)


def probe_line(probe: dict[str, Any]) -> str:
    """bench/stall_probe.py's figures for one server's life (warm-up and run)."""
    gcs = ", ".join(
        f"gen{g} {v['n']} (max {v['max_ms']:.1f} ms, total {v['total_ms']:.0f} ms)"
        for g, v in probe["gc"].items()
    )
    lag, wait = probe["loop_lag"], probe["pool_wait"]
    return (
        f"GC after start-up: {gcs}; loop lag p99 {lag['p99_ms']:.1f} / max {lag['max_ms']:.1f} "
        f"ms; pool wait p99 {wait['p99_ms']:.2f} / max {wait['max_ms']:.1f} ms (n={wait['n']})"
    )


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_stack() -> str:
    found = []
    for module, fallback in (("uvloop", "asyncio loop"), ("httptools", "h11 parser")):
        try:
            __import__(module)
            found.append(module)
        except ImportError:
            found.append(fallback)
    return " + ".join(found)
