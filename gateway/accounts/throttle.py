"""Throttling kept in PostgreSQL, so it holds across replicas.

Failed passwords (after Saleor's model): a counter per address + IP and one per IP. Once a
counter reaches its free attempts, every further attempt blocks the key for a doubling delay
(1 s, 2 s, 4 s, ... at most an hour); quiet keys are forgotten after two hours; a right password
clears the address + IP counter. The address + IP key is tight, the IP key generous (server-side
storefronts send many customers from one IP), and neither touches other IPs, so a victim can
still sign in while someone hammers their password from elsewhere, and by mailed link always.

Mail requests (sign-in link, reset, confirmation): a fixed window per address (tight) and one
per IP (at least 100 per 10 minutes). Keys hold only SHA-256 hashes of addresses and IPs.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID

import asyncpg

from gateway import metrics
from gateway.config import Settings
from gateway.db import throttles as db
from gateway.errors import RateLimited

MAX_DELAY_SECONDS = 3600
FORGET_AFTER = timedelta(hours=2)
ADDRESS_WINDOW = timedelta(hours=1)
IP_WINDOW = timedelta(minutes=10)


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(p.strip().lower() for p in parts).encode()).hexdigest()
    return f"{kind}:{digest}"


def _account_ip_key(email: str, ip: str) -> str:
    return _key("login-account-ip", email, ip)


def _ip_key(ip: str) -> str:
    return _key("login-ip", ip)


async def login_attempt(
    conn: asyncpg.Connection, settings: Settings, shop_id: UUID, email: str, ip: str
) -> None:
    """Count a password attempt before it is checked; raise RateLimited while blocked."""
    for key, free in (
        (_account_ip_key(email, ip), settings.login_failures_per_account_ip),
        (_ip_key(ip), settings.login_failures_per_ip),
    ):
        wait = await db.count_attempt(conn, shop_id, key, free, MAX_DELAY_SECONDS, FORGET_AFTER)
        if wait is not None:
            metrics.throttled("login")
            raise RateLimited(wait)


async def login_succeeded(
    conn: asyncpg.Connection, settings: Settings, shop_id: UUID, email: str, ip: str
) -> None:
    """The password was right: forget the address + IP failures, take back the IP's count."""
    await db.forget(conn, shop_id, _account_ip_key(email, ip))
    await db.uncount(conn, shop_id, _ip_key(ip), settings.login_failures_per_ip)


async def mail_request(
    conn: asyncpg.Connection,
    settings: Settings,
    shop_id: UUID,
    kind: str,
    email: str,
    ip: str,
) -> None:
    """Count a request that may send mail (whether or not the address has an account)."""
    wait = await db.hit_window(
        conn, shop_id, _key(f"ip:{kind}", ip), settings.requests_per_ip, IP_WINDOW
    )
    if wait is None:
        wait = await db.hit_window(
            conn,
            shop_id,
            _key(f"address:{kind}", email),
            settings.mail_requests_per_address,
            ADDRESS_WINDOW,
        )
    if wait is not None:
        metrics.throttled("mail")
        raise RateLimited(wait, ["email"])


async def ip_request(
    conn: asyncpg.Connection, settings: Settings, shop_id: UUID, kind: str, ip: str
) -> None:
    """Count a request per IP only (sign-ups: the address itself is settled by its index)."""
    wait = await db.hit_window(
        conn, shop_id, _key(f"ip:{kind}", ip), settings.requests_per_ip, IP_WINDOW
    )
    if wait is not None:
        metrics.throttled("ip")
        raise RateLimited(wait)
