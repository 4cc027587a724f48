"""The outermost ASGI layer: a request id, deadlines, one JSON answer for every failure, metrics.

For every HTTP request:
- **Request id.** A sane incoming `X-Request-Id` (1-64 of `A-Za-z0-9._:-`) is kept, anything
  else replaced by a new random one; it goes into `scope["gateway.request"]` (a `RequestInfo`),
  the logging context (gateway/logs.py) and the `X-Request-Id` header of every answer.
- **Deadlines.** The body must arrive within `body_timeout` seconds of the request's start
  (else 408 REQUEST_TIMEOUT) and the whole answer within `timeout` seconds (else 504 TIMEOUT);
  slow request heads are cut off by the server protocol (gateway/web/serving.py).
- **Failures.** An exception that escapes the app, or a bare 500 about to be sent, becomes the
  contract's JSON error shape with the request id (gateway/web/failures.py); nothing reaches the
  ASGI server, whose own answer is a bare `500 text/plain`.
- **Metrics.** Requests and latency per API and operation name (set by the GraphQL endpoint
  into `RequestInfo.operation`), and the status.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway import metrics
from gateway.config import Settings
from gateway.logs import REQUEST_ID
from gateway.web.failures import (
    INTERNAL,
    Failure,
    RequestTimedOut,
    SlowBody,
    classify,
    failure_response,
)

log = logging.getLogger("gateway.requests")

_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_APIS = {"/graphql": "storefront", "/admin/graphql": "admin"}


@dataclass
class RequestInfo:
    """What one request's layers tell each other (in `scope["gateway.request"]`)."""

    request_id: str
    api: str
    operation: str = "-"  # the metrics label, set by the GraphQL endpoint
    persisted: bool = False  # the query came as a persisted (APQ) hash or registration
    error_codes: list[str] = field(default_factory=list)


def incoming_request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            if _SANE_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


def request_info(scope: Scope) -> RequestInfo | None:
    return scope.get("gateway.request")


def request_id_for(scope: Scope) -> str:
    """The guard's id for this request (an in-process call without the guard: a new one)."""
    info = request_info(scope)
    return info.request_id if info is not None else incoming_request_id(scope)


def request_guard(settings: Settings) -> Callable[[ASGIApp], ASGIApp]:
    """The guard with the settings' deadlines, for `DirectGraphQLApp(guard=...)`."""

    def wrap(app: ASGIApp) -> ASGIApp:
        return RequestGuard(
            app,
            timeout=settings.request_timeout_seconds,
            body_timeout=settings.body_timeout_seconds,
        )

    return wrap


async def unexpected_failure(request: Request, error: Exception) -> Response:
    """Starlette's answer to an exception in a route (its `exception_handlers[Exception]`): the
    contract's JSON shape instead of its bare `500 text/plain`; the guard logs the error."""
    failure = classify(error) or INTERNAL
    metrics.ERRORS.labels(failure.code).inc()
    return failure_response(failure, request_id_for(request.scope))


_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


async def http_refusal(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (no such path: 404, a method a route does not take: 405) in
    the contract's JSON shape with the request id, instead of its bare `text/plain`."""
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "BAD_REQUEST")
    message = {
        404: "There is nothing at this address.",
        405: f"This address does not take {request.method} requests.",
    }.get(error.status_code, str(error.detail))
    failure = Failure(error.status_code, code, message)
    metrics.ERRORS.labels(code).inc()
    out = failure_response(failure, request_id_for(request.scope))
    for key, value in (error.headers or {}).items():  # e.g. Allow on a 405
        out.headers[key] = value
    return out


class RequestGuard:
    def __init__(self, app: ASGIApp, *, timeout: float, body_timeout: float) -> None:
        self.app = app
        self.timeout = timeout
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        path = scope.get("path", "")
        info = RequestInfo(incoming_request_id(scope), _APIS.get(path.rstrip("/"), "other"))
        scope["gateway.request"] = info
        token = REQUEST_ID.set(info.request_id)
        id_header = (b"x-request-id", info.request_id.encode())
        status = 0
        loop = asyncio.get_running_loop()
        body_deadline = loop.time() + self.body_timeout
        body_done = False

        async def guarded_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()  # after the body: only a disconnect, no deadline
            try:
                async with asyncio.timeout_at(body_deadline):
                    message = await receive()
            except TimeoutError:
                raise SlowBody from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        deadline = asyncio.timeout(self.timeout)
        try:
            try:
                async with deadline:
                    await self.app(scope, guarded_receive, guarded_send)
            except TimeoutError as error:
                if not deadline.expired():
                    raise
                raise RequestTimedOut from error
        except Exception as error:  # every failure answers; nothing reaches the server
            failure = classify(error) or INTERNAL
            if failure is INTERNAL:
                log.error("request failed: %s %s", scope.get("method"), path, exc_info=error)
            else:
                log.warning("%s %s: %s (%s)", scope.get("method"), path, failure.code, error)
            if status == 0:
                status = failure.status
                await self._answer(failure, info, scope, receive, guarded_send)
        finally:
            REQUEST_ID.reset(token)
            elapsed = time.perf_counter() - started_at
            metrics.LATENCY.labels(info.api, info.operation).observe(elapsed)
            metrics.REQUESTS.labels(info.api, info.operation, str(status)).inc()

    async def _answer(
        self, failure: Failure, info: RequestInfo, scope: Scope, receive: Receive, send: Send
    ) -> None:
        metrics.ERRORS.labels(failure.code).inc()
        response = failure_response(failure, info.request_id)
        try:
            await response(scope, receive, send)
        except Exception:  # the client is gone: nothing left to answer
            log.info("could not send the failure answer (client gone)")
