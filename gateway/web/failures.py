"""Failures that are not the caller's fault, answered in the contract's JSON error shape.

`{"errors": [{"message": ..., "extensions": {"code": ..., "requestId": ...}}]}` with:

| failure | status, code, Retry-After |
| --- | --- |
| no pooled connection within DB_ACQUIRE_TIMEOUT_SECONDS (`PoolExhausted`) | 503 UNAVAILABLE 2 |
| the database connection lost or refused (asyncpg connection errors, OSError) | 503 UNAVAILABLE 1 |
| a throttle outside a payload, e.g. the hashing queue (`RateLimited`) | 429 RATE_LIMITED wait |
| no body within GATEWAY_BODY_TIMEOUT_SECONDS (`SlowBody`) | 408 REQUEST_TIMEOUT |
| no answer within GATEWAY_REQUEST_TIMEOUT_SECONDS (`RequestTimedOut`) | 504 TIMEOUT |
| anything else | 500 INTERNAL |
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson
from graphql import GraphQLError
from starlette.responses import Response

from gateway.errors import RateLimited
from gateway.pool import PoolExhausted

log = logging.getLogger("gateway.graphql")

NO_STORE = "no-store"


class SlowBody(Exception):
    """The request body did not arrive in time."""


class RequestTimedOut(Exception):
    """The request was not answered in time."""


@dataclass(frozen=True)
class Failure:
    status: int
    code: str
    message: str
    retry_after: int | None = None


INTERNAL = Failure(
    500, "INTERNAL", "Something went wrong on our side. Quote this request id if it persists."
)
_LOST = (
    asyncpg.PostgresConnectionError,  # includes CannotConnectNowError, ConnectionDoesNotExist
    asyncpg.InterfaceError,  # "connection is closed", "cannot perform operation: ... released"
    asyncpg.exceptions.AdminShutdownError,  # pg_terminate_backend, server shutdown
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    # "cannot switch to state ...; another operation is in progress": a request's shared
    # connection used again after its backend died under a running statement.
    asyncpg.exceptions.InternalClientError,
    ConnectionError,
    OSError,
)


def classify(error: BaseException) -> Failure | None:
    """The public answer for a failure this module knows, else None (an internal error)."""
    if isinstance(error, PoolExhausted):
        return Failure(503, "UNAVAILABLE", "The service is busy. Try again shortly.", 2)
    if isinstance(error, RateLimited):
        return Failure(429, "RATE_LIMITED", str(error), error.retry_after_seconds)
    if isinstance(error, SlowBody):
        return Failure(408, "REQUEST_TIMEOUT", "The request body did not arrive in time.")
    if isinstance(error, RequestTimedOut):
        return Failure(504, "TIMEOUT", "The request took too long and was stopped.")
    if isinstance(error, _LOST):
        return Failure(503, "UNAVAILABLE", "The database is unavailable. Try again shortly.", 1)
    return None


def failure_body(failure: Failure, request_id: str | None) -> dict[str, object]:
    extensions: dict[str, object] = {"code": failure.code}
    if request_id:
        extensions["requestId"] = request_id
    return {"errors": [{"message": failure.message, "extensions": extensions}]}


def failure_response(failure: Failure, request_id: str | None) -> Response:
    headers = {"Cache-Control": NO_STORE}
    if failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    return Response(
        orjson.dumps(failure_body(failure, request_id)),
        status_code=failure.status,
        media_type="application/json",
        headers=headers,
    )


def field_failure(error: GraphQLError, request_id: str) -> dict[str, Any] | None:
    """A field's error this module knows, as the GraphQL error to show (logged as a warning);
    None for anything else (an internal error, masked by the endpoint)."""
    failure = classify(error.original_error) if error.original_error is not None else None
    if failure is None:
        return None
    where = ".".join(str(p) for p in error.path or [])
    log.warning("%s in %s: %s", failure.code, where, error.original_error)
    return {
        "message": failure.message,
        "path": error.path,
        "extensions": {"code": failure.code, "requestId": request_id},
    }


def unavailable_among(errors: list[BaseException]) -> Failure | None:
    """The 503 failure among a result's field errors, if any: the whole answer says 503 then,
    with Retry-After (the data that did resolve is still in the body)."""
    for error in errors:
        failure = classify(getattr(error, "original_error", None) or error)
        if failure is not None and failure.status == 503:
            return failure
    return None
