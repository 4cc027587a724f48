"""Debian's pgbouncer (scripts/ensure-pgbouncer) in transaction pooling mode, in front of the
test PostgreSQL server, on a free loopback port; a fresh database behind it."""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg
import pytest

from tests.conftest import _with_database
from tests.served_gateway import free_port, wait_until


def pgbouncer_binary() -> str | None:
    return shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if os.access("/usr/sbin/pgbouncer", os.X_OK) else None
    )


def require_pgbouncer() -> str:
    binary = pgbouncer_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pgbouncer is missing: make test installs it (scripts/ensure-pgbouncer)")
        pytest.skip("pgbouncer is not installed (scripts/ensure-pgbouncer installs it)")
    return binary


@dataclass(frozen=True)
class Bouncer:
    url: str  # postgresql://... through pgbouncer
    direct_url: str  # the same database, straight to PostgreSQL
    log: Path


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def _server_address(server_url: str) -> tuple[str, int, str]:
    """Where pgbouncer reaches the server: socket directory or host, port, user."""
    parts = urlsplit(server_url)
    host = parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    conn = await asyncpg.connect(server_url)
    try:
        port = int(await conn.fetchval("show port"))
        user = str(await conn.fetchval("select current_user"))
    finally:
        await conn.close()
    return host, port, user


def _run_as(host: str) -> str | None:
    """pgbouncer refuses to run as root: then it runs as the owner of the server's socket."""
    if os.geteuid() != 0:
        return None
    owner = Path(host).stat().st_uid if host.startswith("/") else 65534
    return pwd.getpwuid(owner).pw_name


def _launch(
    binary: str, host: str, pg_port: int, user: str, name: str
) -> tuple[subprocess.Popen[bytes], Path, int]:
    folder = Path(tempfile.mkdtemp(prefix="gateway-pgbouncer-"))
    folder.chmod(0o755)
    port = free_port()
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
gateway = host={host} port={pg_port} dbname={name} user={user}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = 6
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
"""
    )
    for path in folder.iterdir():
        path.chmod(0o644)
    run_as = _run_as(host)
    command = [binary, *(["-u", run_as] if run_as else []), str(folder / "pgbouncer.ini")]
    with (folder / "pgbouncer.log").open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    return process, folder, port


async def start_bouncer(server_url: str) -> AsyncIterator[Bouncer]:
    binary = require_pgbouncer()
    host, pg_port, user = await _server_address(server_url)
    name = f"gateway_pgb_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    process, folder, port = await asyncio.to_thread(_launch, binary, host, pg_port, user, name)
    log = folder / "pgbouncer.log"
    try:

        def listening() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"pgbouncer exited:\n{log.read_text(errors='replace')}")
            return _accepts(port)

        await asyncio.to_thread(wait_until, listening, 30, "pgbouncer to listen")
        direct = _with_database(server_url, name)
        yield Bouncer(
            url=f"postgresql://{user}@127.0.0.1:{port}/gateway", direct_url=direct, log=log
        )
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 30)
        admin = await asyncpg.connect(server_url)
        try:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()
        shutil.rmtree(folder, ignore_errors=True)
