"""`gateway serve`'s HTTP server: uvicorn with a deadline on request heads and JSON logs.

uvicorn bounds idle keep-alive connections (`timeout_keep_alive`) but not a client that sends
its request head slowly: a new connection has no timer at all, and every byte received cancels
the keep-alive timer, so a slowloris client (a header byte every few seconds) held a connection
for as long as it liked. `HeadDeadlineProtocol` (uvicorn's h11 protocol) gives every request head
`header_timeout` seconds, counted from the connection's start or the previous answer's end, and
closes the connection when it runs out. The body is bounded by the request guard
(gateway/web/guard.py, GATEWAY_BODY_TIMEOUT_SECONDS), the head's size by h11
(`h11_max_incomplete_event_size`, 16 KiB).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from gateway.config import Settings
from gateway.logs import log_config

log = logging.getLogger("gateway.serving")

KEEP_ALIVE_SECONDS = 5
MAX_HEAD_BYTES = 16 * 1024


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head (see the module doc)."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_deadline()

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm_head_deadline(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            log.info("closed a connection whose request head took over %s s", self.header_timeout)
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm_head_deadline()  # a whole head arrived: the request guard takes over

    def on_response_complete(self) -> None:
        self._arm_head_deadline()  # the next request's head (pipelined ones disarm it at once)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)


def protocol_class(header_timeout: float) -> type[HeadDeadlineProtocol]:
    return type("GatewayHTTPProtocol", (HeadDeadlineProtocol,), {"header_timeout": header_timeout})


def server_config(app: Any, settings: Settings, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class(settings.header_timeout_seconds),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        log_config=log_config(settings.log_format),
        log_level="info",
        proxy_headers=False,
        server_header=False,
    )


def serve(app: Any, settings: Settings, host: str, port: int) -> None:
    """Run the app until stopped (SIGINT/SIGTERM), as `uvicorn.run` does."""
    uvicorn.Server(server_config(app, settings, host, port)).run()
