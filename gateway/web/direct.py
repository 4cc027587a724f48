"""A Starlette app that serves its GraphQL endpoints straight from the ASGI server.

Starlette runs every request through its middleware stack (server errors, CORS preflight,
exceptions) and router: a few hundred microseconds of a dashboard request. The GraphQL endpoints
need none of it for GET and POST: they answer every expected failure themselves (400, 401, 405,
413, 415 as JSON), preflights are OPTIONS requests (still answered by the middleware), and an
unexpected exception gets the same bare 500 that Starlette's ServerErrorMiddleware sends, and is
raised on to the server. Every other path and method goes the usual way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

Handler = Callable[[Request], Awaitable[Response]]
DIRECT_METHODS = frozenset({"GET", "POST"})


class DirectGraphQLApp(Starlette):
    def __init__(self, *args: object, direct: dict[str, Handler], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.direct = direct

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = None
        if scope["type"] == "http" and scope["method"] in DIRECT_METHODS:
            handler = self.direct.get(scope["path"])
        if handler is None:
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        started = False

        async def tracked_send(message: dict) -> None:  # type: ignore[type-arg]
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            response = await handler(Request(scope, receive))
            await response(scope, receive, tracked_send)
        except Exception:
            if not started:
                await PlainTextResponse("Internal Server Error", status_code=500)(
                    scope, receive, send
                )
            raise
