"""Helpers to send GraphQL requests the way a storefront or a merchant's system does."""

from __future__ import annotations

from typing import Any

import httpx


async def storefront(
    client: httpx.AsyncClient,
    key: str,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST to /graphql and return the JSON body (asserting HTTP 200)."""
    sent = {"X-Storefront-Key": key, **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=sent
    )
    assert response.status_code == 200, response.text
    return response.json()


async def admin(
    client: httpx.AsyncClient, key: str, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/admin/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def data(body: dict[str, Any]) -> dict[str, Any]:
    """The data of a response that must have no GraphQL errors."""
    assert "errors" not in body, body.get("errors")
    return body["data"]
