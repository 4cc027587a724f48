"""Log lines as JSON objects, each carrying the id of the request it was written for.

The standard library's logging with a JSON formatter, not structlog: every library we run
(uvicorn, asyncpg, strawberry, aiosmtplib) already logs through `logging`, so one formatter on
the root handler turns all of their lines into JSON without a second logging system to bridge.
The request id lives in a context variable (`REQUEST_ID`) set by the request guard
(gateway/web/guard.py); asyncio copies it into every task the request starts.

A line: `{"time": "2026-11-30T17:02:03.123Z", "level": "info", "logger": "gateway",
"message": "...", "request_id": "...", "exc": "Traceback ..."}` (`request_id` only inside a
request, `exc` only with an exception). `GATEWAY_LOG_FORMAT=json|text` chooses (json by default
in production).
"""

from __future__ import annotations

import contextvars
import logging
import time
from typing import Any

import orjson

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "gateway_request_id", default=None
)

_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`record.request_id`, "-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module doc for its keys)."""

    def format(self, record: logging.LogRecord) -> str:
        seconds = time.gmtime(record.created)
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", seconds) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id and request_id != "-":
            line["request_id"] = request_id
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def log_config(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` (also uvicorn's `log_config`) for JSON or text lines."""
    formatter: dict[str, Any] = (
        {"()": "gateway.logs.JsonFormatter"} if log_format == "json" else {"format": _TEXT_FORMAT}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "main",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "gateway.logs.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": level, "propagate": True},
        },
    }
