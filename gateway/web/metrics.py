"""`GET /metrics` (Prometheus text format) and what the GraphQL endpoint tells the metrics.

Protection: with `METRICS_TOKEN` set, /metrics answers only `Authorization: Bearer <token>`
(401 otherwise); unset, it is open outside production and answers 404 in production, so a
public production gateway never shows its traffic by accident. (Scraping over a private
network without a token: set METRICS_TOKEN anyway, it costs one header in the scrape config.)

The instruments are in gateway/metrics.py; the pool and outbox gauges are read here, at scrape
time. Operation names become labels only when known (gateway/metrics.py, `OperationNames`):
seeded with the operations of the GraphiQL examples and the hosted account pages, and learning
the names of persisted (APQ) documents up to its capacity.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import asyncpg
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from gateway import metrics
from gateway.config import Settings
from gateway.db.outbox_stats import outbox_stats
from gateway.web.failures import Failure, failure_response
from gateway.web.guard import request_info

log = logging.getLogger(__name__)

GENERIC_REFUSAL = "GRAPHQL_VALIDATION_FAILED"
OUTBOX_WAIT_SECONDS = 0.5  # a scrape never queues behind requests for long


def _seed_names() -> set[str]:
    from gateway.web.admin_examples import ADMIN_EXAMPLES
    from gateway.web.examples import STOREFRONT_EXAMPLES

    texts = [e.query for e in (*STOREFRONT_EXAMPLES, *ADMIN_EXAMPLES)]
    with contextlib.suppress(ImportError):
        from pages import operations

        texts += [v for v in vars(operations).values() if isinstance(v, str)]
    return metrics.declared_names(texts)


_names: list[metrics.OperationNames] = []  # made on first use: pages imports this module


def operation_names() -> metrics.OperationNames:
    if not _names:
        _names.append(metrics.OperationNames(_seed_names()))
    return _names[0]


def note_operation(
    request: Request, operations: Mapping[str | None, Any], given: str | None
) -> None:
    """The GraphQL endpoint names the operation it runs (`operations`: the document's, by name;
    `given`: the request's operationName) as a bounded label."""
    info = request_info(request.scope)
    if info is None:
        return
    name = given
    if name is None and len(operations) == 1:
        name = next(iter(operations))
    names = operation_names()
    if info.persisted:
        names.learn(name)
    info.operation = names.label(name)


def note_codes(codes: list[str], refused: bool = False) -> None:
    """Count the codes of errors answered; `refused`: the document was refused before running."""
    for code in codes:
        metrics.ERRORS.labels(code).inc()
    if refused and codes:
        specific = [c for c in codes if c != GENERIC_REFUSAL]  # a limit says more than "invalid"
        metrics.REFUSED.labels(specific[0] if specific else codes[0]).inc()


def note_errors(errors: list[dict[str, Any]], refused: bool = False) -> None:
    """`note_codes` for formatted GraphQL errors (`extensions.code`)."""
    note_codes([str((e.get("extensions") or {}).get("code") or "UNKNOWN") for e in errors], refused)


def metrics_route(
    settings: Settings, pool_getter: Callable[[], asyncpg.Pool | None]
) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        info = request_info(request.scope)
        request_id = info.request_id if info else None
        if settings.metrics_token:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode(), settings.metrics_token.encode()
            ):
                refusal = Failure(401, "UNAUTHENTICATED", "Send Authorization: Bearer <token>.")
                return failure_response(refusal, request_id)
        elif settings.production:
            return failure_response(Failure(404, "NOT_FOUND", "Not found."), request_id)
        pool = pool_getter()
        if pool is not None:
            await _read_state(pool)
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return serve


async def _read_state(pool: Any) -> None:
    metrics.POOL_SIZE.set(pool.get_size())
    metrics.POOL_IN_USE.set(pool.get_size() - pool.get_idle_size())
    metrics.POOL_MAX.set(pool.get_max_size())
    metrics.POOL_WAITING.set(getattr(pool, "waiting", 0))
    try:
        async with pool.acquire(timeout=OUTBOX_WAIT_SECONDS) as conn:
            stats = await outbox_stats(conn)
    except Exception as error:  # the pool is busy or the database down: keep the last figures
        log.info("outbox figures not read: %s", error)
        return
    metrics.OUTBOX_PENDING.set(stats.pending)
    metrics.OUTBOX_OLDEST.set(stats.oldest_age_seconds)
    metrics.OUTBOX_DEAD.set(stats.dead_letters)
