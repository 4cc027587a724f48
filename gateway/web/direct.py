"""A Starlette app that serves its GraphQL endpoints straight from the ASGI server.

Starlette runs every request through its middleware stack (server errors, CORS preflight,
exceptions) and router: a few hundred microseconds of a dashboard request. The GraphQL endpoints
need none of it for GET and POST: they answer every expected failure themselves (400, 401, 405,
413, 415 as JSON), preflights are OPTIONS requests (still answered by the middleware), and an
unexpected exception is raised on to the request guard (gateway/web/guard.py), which answers it
in the contract's JSON shape with the request id. Every other path and method goes the usual
way. Every HTTP request, direct or not, passes the guard first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Handler = Callable[[Request], Awaitable[Response]]
DIRECT_METHODS = frozenset({"GET", "POST"})


class DirectGraphQLApp(Starlette):
    def __init__(
        self,
        *args: object,
        direct: dict[str, Handler],
        guard: Callable[[ASGIApp], ASGIApp] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.direct = direct
        self._entry: ASGIApp = guard(self._dispatch) if guard is not None else self._dispatch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._entry(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = None
        if scope["type"] == "http" and scope["method"] in DIRECT_METHODS:
            handler = self.direct.get(scope["path"])
        if handler is None:
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        response = await handler(Request(scope, receive))
        await response(scope, receive, send)
