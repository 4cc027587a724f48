"""DirectGraphQLApp: GraphQL paths past the middleware stack, everything else through it."""

from __future__ import annotations

import httpx
import pytest
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.web.direct import DirectGraphQLApp
from gateway.web.guard import RequestGuard


class Marker:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-middleware", b"1")]
            await send(message)

        await self.app(scope, receive, marked)


async def graphql(request: Request) -> Response:
    if request.query_params.get("boom"):
        raise RuntimeError("boom")
    return PlainTextResponse(f"{request.method} {request.base_url}")


def make_app() -> DirectGraphQLApp:
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/other", graphql, methods=["GET"]),
    ]
    return DirectGraphQLApp(
        routes=routes, middleware=[Middleware(Marker)], direct={"/graphql": graphql}
    )


async def test_direct_paths_skip_the_middleware_and_others_do_not() -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        direct = await client.post("/graphql")
        assert (direct.status_code, direct.text) == (200, "POST http://t/")
        assert "x-middleware" not in direct.headers
        assert (await client.get("/other")).headers["x-middleware"] == "1"
        put = await client.put("/graphql")  # not a direct method: the router's 405
        assert (put.status_code, put.headers["x-middleware"]) == (405, "1")


async def test_an_unexpected_error_is_raised_on_to_the_guard() -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        with pytest.raises(RuntimeError):
            await client.get("/graphql?boom=1")


async def test_with_the_guard_an_unexpected_error_is_json_with_a_request_id() -> None:
    app = DirectGraphQLApp(
        routes=[Route("/graphql", graphql, methods=["GET", "POST"])],
        direct={"/graphql": graphql},
        guard=lambda inner: RequestGuard(inner, timeout=5, body_timeout=5),
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/graphql?boom=1", headers={"X-Request-Id": "r-1"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"] == "r-1"
    assert response.json()["errors"][0]["extensions"] == {"code": "INTERNAL", "requestId": "r-1"}
