"""The process's Prometheus instruments (prometheus-client), shared by the web layer and domain.

One registry per process (`REGISTRY`, not the library's global one, so importing other libraries
never adds their collectors to our page). Counters and histograms count from the process's
start; gauges of the pool and the mail outbox are set when `/metrics` is scraped
(gateway/web/metrics.py). Label values are bounded: operation names come only from documents the
gateway knows (its own examples and hosted pages, persisted queries) and are "other" beyond
`OperationNames.capacity`; codes and reasons are our own constants.

Names (all prefixed `gateway_`):
- `requests_total{api,operation,status}`, `request_duration_seconds{api,operation}`
- `errors_total{code}`: every error answered (GraphQL errors and HTTP refusals), by code
- `refused_documents_total{reason}`: documents refused before execution, by error code
- `throttled_total{kind}`: attempts refused by a throttle (`login`, `mail`, `ip`, `hashing`)
- `db_pool_size`, `db_pool_in_use`, `db_pool_waiting`, `db_pool_timeouts_total`
- `mail_outbox_pending`, `mail_outbox_oldest_age_seconds`
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "gateway_requests",
    "HTTP requests answered, by API (storefront, admin, other), operation name and status.",
    ["api", "operation", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "gateway_request_duration_seconds",
    "Time from the request's first byte seen by the app to its answer, in seconds.",
    ["api", "operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
ERRORS = Counter(
    "gateway_errors", "Errors answered, by code (GraphQL and HTTP).", ["code"], registry=REGISTRY
)
REFUSED = Counter(
    "gateway_refused_documents",
    "GraphQL documents refused before execution, by reason (the error code).",
    ["reason"],
    registry=REGISTRY,
)
THROTTLED = Counter(
    "gateway_throttled", "Attempts refused by a throttle, by kind.", ["kind"], registry=REGISTRY
)
POOL_TIMEOUTS = Counter(
    "gateway_db_pool_timeouts",
    "Requests that waited DB_ACQUIRE_TIMEOUT_SECONDS for a connection and got none.",
    registry=REGISTRY,
)
POOL_SIZE = Gauge("gateway_db_pool_size", "Open pooled connections.", registry=REGISTRY)
POOL_IN_USE = Gauge("gateway_db_pool_in_use", "Pooled connections in use.", registry=REGISTRY)
POOL_MAX = Gauge("gateway_db_pool_max", "The pool's maximum size (DB_POOL_MAX).", registry=REGISTRY)
POOL_WAITING = Gauge(
    "gateway_db_pool_waiting", "Tasks waiting for a pooled connection.", registry=REGISTRY
)
OUTBOX_PENDING = Gauge(
    "gateway_mail_outbox_pending",
    "Mails in the outbox not sent yet and still being tried.",
    registry=REGISTRY,
)
OUTBOX_DEAD = Gauge(
    "gateway_mail_dead_letters",
    "Mails given up after MAIL_DEAD_AFTER_HOURS or a permanent (5xx) refusal; the admin API's "
    "mailFailures lists them and mailRetry sends one again.",
    registry=REGISTRY,
)
OUTBOX_OLDEST = Gauge(
    "gateway_mail_outbox_oldest_age_seconds",
    "Age of the oldest unsent mail in seconds (0 when none).",
    registry=REGISTRY,
)

OTHER = "other"
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_DECLARED = re.compile(r"\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def throttled(kind: str) -> None:
    """Count one attempt a throttle refused (`kind`: login, mail, ip, hashing)."""
    THROTTLED.labels(kind).inc()


def declared_names(texts: Iterable[str]) -> set[str]:
    """The operation names declared in these GraphQL documents (a lexical scan)."""
    return {m for text in texts for m in _DECLARED.findall(text)}


class OperationNames:
    """The operation names metrics may carry as labels: seeded names (our examples and hosted
    pages) and names of persisted documents, at most `capacity` in all; others are "other"."""

    def __init__(self, seeds: Iterable[str] = (), capacity: int = 256) -> None:
        self.capacity = capacity
        self._known = {n for n in seeds if _NAME.fullmatch(n)}
        self._lock = threading.Lock()

    def learn(self, name: str | None) -> None:
        """Keep the name of a persisted document (while there is room)."""
        if not name or name in self._known or not _NAME.fullmatch(name):
            return
        with self._lock:
            if len(self._known) < self.capacity:
                self._known.add(name)

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        return name if name in self._known else OTHER
