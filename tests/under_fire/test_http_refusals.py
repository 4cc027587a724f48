"""Starlette's own refusals answer in the contract's JSON shape with the request id: no such
path (404), a method a route does not take (405); found by QA as bare text/plain."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/nonexistent", 404, "NOT_FOUND"),
        ("GET", "/admin/nothing-here", 404, "NOT_FOUND"),
        ("PUT", "/graphql", 405, "METHOD_NOT_ALLOWED"),
        ("DELETE", "/admin/graphql", 405, "METHOD_NOT_ALLOWED"),
    ],
)
async def test_refusals_are_json_with_a_request_id(
    client: httpx.AsyncClient, method: str, path: str, status: int, code: str
) -> None:
    answer = await client.request(method, path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/json")
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["requestId"] == answer.headers["x-request-id"]
    if status == 405:
        assert "GET" in answer.headers["allow"] or "POST" in answer.headers["allow"]
