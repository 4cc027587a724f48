"""The embedded PostgreSQL never outlives the gateways using it, however they stop.

Real `gateway serve` processes on free ports, each with the embedded server under a temporary
GATEWAY_DATA_DIR; readiness is polled on /readyz within a bound. SIGTERM, SIGINT and SIGKILL
(a crash) all leave the data directory so that the next `gateway serve` starts cleanly, and the
last process out stops the server; processes that died are pruned from the shared list.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator

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
