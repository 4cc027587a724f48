"""Deadlines: the whole request (GATEWAY_REQUEST_TIMEOUT_SECONDS), the request head
(GATEWAY_HEADER_TIMEOUT_SECONDS) and body (GATEWAY_BODY_TIMEOUT_SECONDS) of slow clients.

The slow clients are real sockets against a served gateway: they send a byte at a time and
read with a short timeout between bytes (the attack's pace, not a wait for the server)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import asyncpg
import httpx
import orjson
import pytest

from gateway.app import create_app
from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop
from tests.conftest import make_settings
from tests.served_gateway import ServedGateway

PACE = 0.3  # seconds between the slow client's bytes
GIVE_UP = 20.0  # a connection still open after this long was never cut off


async def test_a_request_past_its_deadline_answers_504_timeout(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    settings = make_settings(request_timeout_seconds=0.5)
    app = create_app(settings, pool=pool)
    async with app.router.lifespan_context(app), pool.acquire() as locker:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw.test") as client:
            # A migration (or a slow statement) holds the storefronts table: the key lookup
            # of this fresh app waits on the lock until the request's deadline.
            async with locker.transaction():
                await locker.execute("lock table storefronts in access exclusive mode")
                async with asyncio.timeout(GIVE_UP):  # without a deadline it would hang
                    answer = await client.post(
                        "/graphql",
                        json={"query": "{ storefront { name } }"},
                        headers={"X-Storefront-Key": shop.storefront_key},
                    )
            assert answer.status_code == 504
            assert answer.headers["content-type"] == "application/json"
            error = answer.json()["errors"][0]
            assert error["extensions"] == {
                "code": "TIMEOUT",
                "requestId": answer.headers["x-request-id"],
            }
            # The lock is gone: the same request is answered, the connection came back.
            again = await client.post(
                "/graphql",
                json={"query": "{ storefront { name } }"},
                headers={"X-Storefront-Key": shop.storefront_key},
            )
            assert again.status_code == 200
            assert again.json() == {"data": {"storefront": {"name": "Test shop"}}}


def test_timeouts_are_settings() -> None:
    settings = Settings.from_env({})
    assert settings.request_timeout_seconds == 15.0
    assert settings.header_timeout_seconds == 10.0
    assert settings.body_timeout_seconds == 10.0
    assert settings.db_acquire_timeout_seconds == 3.0
    custom = Settings.from_env({"GATEWAY_REQUEST_TIMEOUT_SECONDS": "2.5"})
    assert custom.request_timeout_seconds == 2.5
    for bad in ("0", "-1", "nan", "soon"):
        with pytest.raises(ValueError, match="GATEWAY_REQUEST_TIMEOUT_SECONDS"):
            Settings.from_env({"GATEWAY_REQUEST_TIMEOUT_SECONDS": bad})


async def _closed_while_dribbling(
    gateway: ServedGateway, head: bytes, dribble: bytes
) -> tuple[bytes, float]:
    """Send `head`, then `dribble` a byte per PACE; return what the server said and when the
    connection was closed (seconds after `head`); fail if it is still open after GIVE_UP."""
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.port)
    received = b""
    started = time.monotonic()
    try:
        writer.write(head)
        await writer.drain()
        for n in range(int(GIVE_UP / PACE)):
            try:
                chunk = await asyncio.wait_for(reader.read(65536), PACE)
            except TimeoutError:
                chunk = None
            if chunk == b"":
                return received, time.monotonic() - started
            if chunk:
                received += chunk
                continue
            if not dribble:
                continue
            try:
                writer.write(dribble[n % len(dribble) : n % len(dribble) + 1])
                await writer.drain()
            except (ConnectionError, BrokenPipeError):
                return received, time.monotonic() - started
    finally:
        writer.close()
    raise AssertionError(f"the connection was still open after {GIVE_UP} s: {received!r}")


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (li.partition(":") for li in lines[1:])}
    return status, headers, body


async def test_slow_clients_are_cut_off(
    serve_gateway: Callable[..., ServedGateway], shop: CreatedShop
) -> None:
    gateway = serve_gateway(GATEWAY_HEADER_TIMEOUT_SECONDS="1", GATEWAY_BODY_TIMEOUT_SECONDS="1")

    # Slowloris: a request head that never ends, a header line at a time.
    said, after = await _closed_while_dribbling(
        gateway, b"POST /graphql HTTP/1.1\r\nHost: gw\r\n", b"X-Slow: 1\r\n"
    )
    assert said == b""  # cut off, nothing answered: it never was a request
    assert after < 8

    # Keep-alive: one quick request answered, then the next head dribbled (each byte used to
    # cancel uvicorn's keep-alive timer, so this held the connection for ever).
    said, after = await _closed_while_dribbling(
        gateway,
        b"GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\nGET /healthz HTTP/1.1\r\nHost: gw\r\n",
        b"X-Slow: 1\r\n",
    )
    assert said.startswith(b"HTTP/1.1 200") and said.count(b"HTTP/1.1") == 1
    assert after < 8

    # A connection that says nothing at all.
    said, after = await _closed_while_dribbling(gateway, b"", b"")
    assert said == b"" and after < 8

    # A complete head, then a body a byte at a time: 408 in the contract's shape.
    body = orjson.dumps({"query": "{ storefront { name } }"})
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        + f"X-Storefront-Key: {shop.storefront_key}\r\n".encode()
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    said, after = await _closed_while_dribbling(gateway, head, body)
    status, headers, content = _parse(said)
    assert status == 408
    assert headers["content-type"] == "application/json"
    error = orjson.loads(content)["errors"][0]
    assert error["extensions"] == {"code": "REQUEST_TIMEOUT", "requestId": headers["x-request-id"]}
    assert after < 8

    # A client at normal speed is served, on the same gateway, keep-alive included.
    async with httpx.AsyncClient(base_url=gateway.url) as client:
        for _ in range(2):
            answer = await client.post(
                "/graphql",
                content=body,
                headers={
                    "X-Storefront-Key": shop.storefront_key,
                    "Content-Type": "application/json",
                },
            )
            assert answer.json() == {"data": {"storefront": {"name": "Test shop"}}}
