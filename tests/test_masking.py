"""Unexpected failures are masked: a generic message, code INTERNAL, a request id; no traceback."""

from __future__ import annotations

import logging

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.errors import Unauthenticated
from gateway.web.documents import DocumentCache
from gateway.web.endpoint import GraphQLEndpoint


@strawberry.type
class Query:
    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def secret(self) -> str:
        raise Unauthenticated()


def _app() -> Starlette:
    schema = strawberry.Schema(query=Query)
    documents = DocumentCache(
        schema._schema,
        max_depth=5,
        max_aliases=5,
        max_tokens=500,
        introspection=True,
        hide_suggestions=False,
    )

    async def context(request: Request, response: Response) -> dict[str, str]:
        return {}

    endpoint = GraphQLEndpoint(
        documents, context, graphiql_page=None, max_body_bytes=10_000, hide_suggestions=False
    )
    return Starlette(routes=[Route("/graphql", endpoint.handle, methods=["GET", "POST"])])


@pytest.fixture
async def bare_client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


async def test_unexpected_error_is_masked_and_logged(
    bare_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="gateway.graphql"):
        response = await bare_client.post(
            "/graphql", json={"query": "{ boom }"}, headers={"X-Request-Id": "req-42"}
        )
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL", "requestId": "req-42"}
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert any("req-42" in r.getMessage() for r in caplog.records)


async def test_unauthenticated_has_its_code(bare_client: httpx.AsyncClient) -> None:
    response = await bare_client.post("/graphql", json={"query": "{ secret }"})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_oversized_body_is_refused(bare_client: httpx.AsyncClient) -> None:
    response = await bare_client.post("/graphql", json={"query": "{ boom }", "pad": "x" * 20_000})
    assert response.status_code == 413
