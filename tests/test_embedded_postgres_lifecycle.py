"""The embedded PostgreSQL never outlives the gateways using it, however they stop.

Real `gateway serve` processes on free ports, each with the embedded server under a temporary
GATEWAY_DATA_DIR; readiness is polled on /readyz within a bound. SIGTERM, SIGINT and SIGKILL
(a crash) all leave the data directory so that the next `gateway serve` starts cleanly, and the
last process out stops the server; processes that died are pruned from the shared list.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import PIPE

import psutil
import pytest

from tests.served_gateway import ServedGateway, gateways, postgres_stopped, wait_until

Start = Callable[[], ServedGateway]


@pytest.fixture
def start_gateway() -> Iterator[Start]:
    with gateways() as start:
        yield start


def assert_postgres_stopped(gateway: ServedGateway, postmaster: int) -> None:
    wait_until(lambda: postgres_stopped(postmaster), 10, f"PostgreSQL {postmaster} to stop")
    assert gateway.postmaster_pid() is None
    assert gateway.handle_pids() == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_gateway_stops_its_postgres(start_gateway: Start, signum: int) -> None:
    gateway = start_gateway()
    postmaster = gateway.postmaster_pid()
    assert postmaster is not None and psutil.pid_exists(postmaster)
    assert gateway.handle_pids() == [gateway.process.pid]

    assert gateway.stop(signum) >= 0  # exited through Python (atexit ran), not by the signal
    assert_postgres_stopped(gateway, postmaster)
    assert "Traceback" not in gateway.output()


def test_after_a_crash_the_last_one_out_still_stops_the_server(start_gateway: Start) -> None:
    first, second = start_gateway(), start_gateway()
    postmaster = first.postmaster_pid()
    assert second.postmaster_pid() == postmaster  # one server, shared
    assert sorted(first.handle_pids()) == sorted([first.process.pid, second.process.pid])

    first.stop(signal.SIGKILL)  # no clean-up at all: its id stays in the list
    assert first.process.pid in first.handle_pids()
    assert psutil.pid_exists(postmaster)  # the other one still uses it

    second.stop(signal.SIGTERM)
    assert_postgres_stopped(second, postmaster)


def test_after_the_only_gateway_crashed_the_next_one_starts_and_cleans_up(
    start_gateway: Start,
) -> None:
    crashed = start_gateway()
    postmaster = crashed.postmaster_pid()
    crashed.stop(signal.SIGKILL)
    assert crashed.handle_pids() == [crashed.process.pid]  # dead, and left behind
    assert postmaster is not None and psutil.pid_exists(postmaster)

    after = start_gateway()  # joins the orphaned server and prunes the dead id
    assert after.postmaster_pid() == postmaster
    assert after.handle_pids() == [after.process.pid]

    after.stop(signal.SIGTERM)
    assert_postgres_stopped(after, postmaster)
    again = start_gateway()  # a clean start from the stopped directory
    restarted = again.postmaster_pid()
    assert restarted is not None and restarted != postmaster
    again.stop(signal.SIGINT)
    assert_postgres_stopped(again, restarted)


def test_the_shared_list_keeps_only_processes_that_joined_and_still_run(tmp_path: Path) -> None:
    """Dead ids go; so does an id a newer process got after its owner died (PID reuse)."""
    from gateway.embedded_postgres import _live_pid_list_class

    newcomer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=PIPE)
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait(30)
        path = tmp_path / ".handle_pids.json"
        member = 1  # init: started before everything, so certainly before it was listed
        path.write_text(json.dumps([member, dead.pid, newcomer.pid]))
        written = psutil.Process(newcomer.pid).create_time() - 1.5  # listed before it started
        os.utime(path, (written, written))

        shared = _live_pid_list_class()(path)
        assert shared.get_and_add(os.getpid()) == [member]
        assert json.loads(path.read_text()) == [member, os.getpid()]
    finally:
        newcomer.communicate(b"", timeout=30)
