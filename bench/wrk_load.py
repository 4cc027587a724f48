"""Drive one endpoint with wrk (a C load generator), so the client takes little of the CPU the
servers and PostgreSQL share. A Lua script sets method, body and headers; wrk's own summary gives
requests per second and the latency percentiles."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _lua(body: bytes, headers: dict[str, str]) -> str:
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{body.decode()}]==]"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    return "\n".join(lines) + "\n"


def _millis(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def _run(wrk: str, script: Path, url: str, seconds: float, connections: int) -> str:
    command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{seconds:.0f}s", "--latency",
               "--timeout", "10s", "-s", str(script), url]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout


def wrk_load(
    port: int, body: bytes, headers: dict[str, str], seconds: float, connections: int
) -> dict[str, float]:
    """2 s of warm-up, then `seconds` measured; raises when any answer was not a 2xx or a
    connection failed; requests slower than 10 s are counted (`timeouts`)."""
    wrk = wrk_path()
    assert wrk is not None
    url = f"http://127.0.0.1:{port}/graphql"
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "dashboard.lua"
        script.write_text(_lua(body, headers))
        _run(wrk, script, url, 2, connections)
        out = _run(wrk, script, url, seconds, connections)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if "Non-2xx" in out or (errors is not None and any(int(n) for n in errors.groups()[:3])):
        raise RuntimeError(f"wrk saw failed requests:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if rps is None or p50 is None or p99 is None:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    # A request slower than wrk's timeout (10 s, a stall of a shared machine) counts as one.
    timeouts = float(errors[4]) if errors is not None else 0.0
    return {
        "rps": float(rps[1]),
        "p50": _millis(p50[1]),
        "p99": _millis(p99[1]),
        "timeouts": timeouts,
    }
