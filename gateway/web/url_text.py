"""Every route that is not GraphQL (account pages, `/dev/mailbox`, OIDC callbacks, invoice
downloads): its URL is checked with the one text rule (`gateway/text.py`) before it is routed.

The decoded path is single-line text; query parameters (names and values) may carry TAB and
line breaks (a GraphQL document over GET does), nothing else below U+0020, no DEL or C1 control,
no NUL. A refused URL answers HTTP 400 with the contract's error shape:
`{"errors": [{"message": ..., "extensions": {"code": "INVALID", "field": ["to"]}}]}`
(`field`: `["path"]` or the parameter's name). Forms posted to the account pages become GraphQL
variables and are checked there, on their field.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.text import text_fault, without_surrogates
from gateway.web.lenient_json import dumps_json


def url_fault(path: str, query_string: bytes) -> tuple[str, str] | None:
    """(where, message) for the first refused part of a URL, or None."""
    fault = text_fault(path)
    if fault is not None:
        return "path", fault
    if not query_string:
        return None
    query = query_string.decode("utf-8", "replace")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        for text in (name, value):
            fault = text_fault(text, multiline=True)
            if fault is not None:
                return without_surrogates(name), fault
    return None


class UrlTextGuard:
    """ASGI middleware: HTTP 400 INVALID for a URL holding what `url_fault` refuses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            found = url_fault(scope.get("path", ""), scope.get("query_string", b""))
            if found is not None:
                where, message = found
                body = dumps_json(
                    {
                        "errors": [
                            {
                                "message": f"The address ({where}): {message}",
                                "extensions": {"code": "INVALID", "field": [where]},
                            }
                        ]
                    }
                )
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
