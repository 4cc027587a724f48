"""Keep secrets out of the access log: query strings are redacted before uvicorn writes a line.

URLs that carry secrets: mail links (`?token=` on the account pages and their API calls), signed
invoice links (`?sig=`), GraphiQL links (`?key=`), and any GraphQL request over GET, whose query
and variables can hold anything (GET operations with token or password arguments are refused,
but the refused request is still logged). So:

- on /graphql and /admin/graphql every parameter but `operationName` is replaced by `REDACTED`;
- on every other path, parameters whose names say secret (token, password, secret, sig,
  signature, key, code, credential, session, ...) are replaced.

Parameter names stay, so a log still tells what kind of request it was. The filter rewrites
uvicorn's access record, whose arguments are (client, method, path with query, HTTP version,
status), so every handler and formatter (plain, JSON) sees the redacted form.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

REDACTED = "REDACTED"
ACCESS_LOGGER = "uvicorn.access"
GRAPHQL_PATHS = frozenset({"/graphql", "/admin/graphql"})
GRAPHQL_KEPT = frozenset({"operationName"})
_SECRET_PARAM = re.compile(
    r"token|passw(?:or)?d|passphrase|secret|signature|credential|session|auth|apikey|api_key",
    re.IGNORECASE,
)
_SECRET_EXACT = frozenset({"sig", "key", "code", "otp", "jwt", "ticket"})


def is_secret_parameter(name: str) -> bool:
    return name.lower() in _SECRET_EXACT or _SECRET_PARAM.search(name) is not None


def redact_target(target: str) -> str:
    """`/path?token=abc&x=1` -> `/path?token=REDACTED&x=1` (see the module doc for which)."""
    path, sep, query = target.partition("?")
    if not sep:
        return target
    graphql = path.rstrip("/") in GRAPHQL_PATHS
    parts = []
    for part in query.split("&"):
        raw_name, has_value, _ = part.partition("=")
        name = unquote_plus(raw_name)
        secret = name not in GRAPHQL_KEPT if graphql else is_secret_parameter(name)
        parts.append(f"{raw_name}={REDACTED}" if secret and (has_value or graphql) else part)
    return f"{path}?{'&'.join(parts)}"


class RedactSecrets(logging.Filter):
    """A filter for the uvicorn access logger: redacts the path-with-query argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_target(args[2]), *args[3:])
        return True


def install_access_log_redaction() -> None:
    """Add the filter to uvicorn's access logger once (logging config keeps logger filters)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())
